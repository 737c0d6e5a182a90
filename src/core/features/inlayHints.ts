/**
 * Inlay hints for the lines in view (each kind behind its own setting, all off by default):
 * - `otherNumbering`: the absolute number beside a relative `seq`/`ack`, the relative beside an absolute one;
 * - `scaledWindow`: `win 502 ⟨64,256 B⟩` when both SYNs carried wscale (RFC 7323 §2.2);
 * - `timeSinceSyn`: `+24.110 ms` after the timestamp, since the connection's first SYN;
 * - `ackedLine`: `→ line 12` after an `ack`, the segment it acknowledges.
 * Work is bounded by the visible lines, so a 300,000-line capture costs what its screen costs.
 */
import type { CaptureAnalysis } from '../store/capture';
import { sourceLineOf } from './connectionView';
import { ackedSegment } from './navigation';

export type HintKind = 'otherNumbering' | 'scaledWindow' | 'timeSinceSyn' | 'ackedLine';

export interface HintData {
	readonly line: number;
	/** Column the hint sits before (the end of the token it follows). */
	readonly character: number;
	readonly label: string;
	readonly kind: HintKind;
}

export type HintKinds = Readonly<Record<HintKind, boolean>>;

/** `64,256 B`. */
const bytes = (n: number): string => `${n.toLocaleString('en-US')} B`;

function ms(seconds: number): string {
	const v = seconds * 1000;
	return v < 1000 ? `+${v.toFixed(3)} ms` : `+${seconds.toFixed(6)} s`;
}

/** Hints for lines `from`..`to` (0-based, inclusive). */
export function inlayHints(analysis: CaptureAnalysis, from: number, to: number, kinds: HintKinds): HintData[] {
	const out: HintData[] = [];
	if (!kinds.otherNumbering && !kinds.scaledWindow && !kinds.timeSinceSyn && !kinds.ackedLine) {
		return out;
	}
	let line = Math.max(0, from);
	const last = Math.min(to, analysis.lineCount - 1);
	while (line <= last) {
		const r = analysis.packetAtLine(line);
		if (!r) {
			line++;
			continue;
		}
		line = Math.max(line, r.lastLine) + 1;
		const tcp = r.tcp;
		const info = r.tcpInfo;
		if (!tcp || !info) {
			continue;
		}
		const conn = analysis.connections[info.connection];
		if (kinds.timeSinceSyn && conn && r.timestamp && r.time !== undefined) {
			const h = conn.handshake;
			const synIndex = h.syns[0] ?? h.syn;
			const syn = synIndex === undefined ? undefined : analysis.packets[synIndex];
			if (syn && syn.time !== undefined && syn !== r) {
				out.push({ line: r.timestamp.span.line, character: r.timestamp.span.end, label: ms(r.time - syn.time), kind: 'timeSinceSyn' });
			}
		}
		if (kinds.otherNumbering && tcp.seq && info.absSeq !== undefined && info.seqBaseKnown) {
			const printedAbsolute = tcp.seq.start === info.absSeq;
			const label = printedAbsolute ? (info.relSeq !== undefined && info.relSeq !== info.absSeq ? `rel ${info.relSeq}` : undefined) : `abs ${info.absSeq}`;
			if (label) {
				out.push({ line: tcp.seq.span.line, character: tcp.seq.span.end, label, kind: 'otherNumbering' });
			}
		}
		if (kinds.otherNumbering && tcp.ack && info.absAck !== undefined && info.ackBaseKnown !== false) {
			const printedAbsolute = tcp.ack.value === info.absAck;
			const label = printedAbsolute ? (info.relAck !== undefined && info.relAck !== info.absAck ? `rel ${info.relAck}` : undefined) : `abs ${info.absAck}`;
			if (label) {
				out.push({ line: tcp.ack.span.line, character: tcp.ack.span.end, label, kind: 'otherNumbering' });
			}
		}
		if (kinds.ackedLine && tcp.ack) {
			const acked = ackedSegment(analysis, r);
			if (acked) {
				out.push({ line: tcp.ack.span.line, character: tcp.ack.span.end, label: `→ line ${sourceLineOf(acked) + 1}`, kind: 'ackedLine' });
			}
		}
		if (kinds.scaledWindow && tcp.win && conn && !tcp.flags?.syn) {
			const h = conn.handshake;
			if (h.clientWscale !== undefined && h.serverWscale !== undefined && info.fromClient !== undefined) {
				const shift = info.fromClient ? h.clientWscale : h.serverWscale;
				if (shift > 0) {
					out.push({ line: tcp.win.span.line, character: tcp.win.span.end, label: `⟨${bytes(tcp.win.value * 2 ** shift)}⟩`, kind: 'scaledWindow' });
				}
			}
		}
	}
	return out;
}
