/**
 * The tshark-comparison layer (tcp-analysis.md §9): for each packet of a tcpdump text, the set of
 * `tcp.analysis.*` field names tshark (`tshark -2`, 4.0.17) would set, with its documented quirks
 * (fast/spurious also set `retransmission`, window update on any raw change, `ack_lost_segment` on a
 * SYN-ACK with a wrong ack, simultaneous-open SYN-ACKs as retransmissions), and the fields the text
 * cannot decide on that packet (pure-ACK seq at default verbosity, timing with `-t`, window scale
 * unknown). Our diagnostics stay on the corrected rules; this is for measuring, in tests and the CLI.
 *
 * Example: `tsharkView(text).frames[5]` for the sixth packet of
 * `22:13:20.250000 IP 10.0.0.1.40080 > 10.0.0.2.80: Flags [P.], seq 1:101, ack 1, win 65535, length 100`
 * (already sent) is `{ frame: 6, fields: ['tcp.analysis.retransmission'], undecidable: [] , … }`.
 */
import { createDetailedTcpAnalyzer, WS, WS_FIELDS, type WiresharkVerdict } from './analysis';
import { analyzeText, type CaptureAnalysis } from '../store/capture';
import type { Connection, Finding, PacketRecord } from '../types';

/** tshark fields this layer predicts. */
export const COMPARED_FIELDS: readonly string[] = [...WS_FIELDS.map(([, name]) => name), 'tcp.analysis.reused_ports'];

export interface FrameView {
	/** 1-based: the n-th packet of the text (tshark's `frame.number` for the same capture). */
	readonly frame: number;
	/** Index into `CaptureAnalysis.packets`. */
	readonly packet: number;
	/** 0-based line of the packet. */
	readonly line: number;
	/** Fields tshark would set, as far as the text decides. */
	readonly fields: readonly string[];
	/** Fields the text cannot decide on this packet: left out of any comparison. */
	readonly undecidable: readonly string[];
	/** Why they are undecidable. */
	readonly reasons: readonly string[];
	/** Wireshark's duplicate-ACK number, when a duplicate ACK. */
	readonly dupAckNum: number | undefined;
}

export interface TsharkView {
	readonly analysis: CaptureAnalysis;
	readonly frames: readonly FrameView[];
}

function names(bits: number): string[] {
	const out: string[] = [];
	for (const [bit, name] of WS_FIELDS) {
		if (bits & bit) {
			out.push(name);
		}
	}
	return out;
}

/** Analyses the text once, collecting both our findings and the per-packet Wireshark verdicts. */
export function tsharkView(text: string): TsharkView {
	const inner = createDetailedTcpAnalyzer();
	const verdicts = new Map<number, WiresharkVerdict>();
	const recording = {
		onPacket(conn: Connection, record: PacketRecord): Finding[] {
			const r = inner.analyze(conn, record);
			if (r.verdict) {
				verdicts.set(record.index, r.verdict);
			}
			return r.findings;
		},
		stats: (c: number) => inner.stats(c),
		finish: () => inner.finish(),
		forget: (c: number) => inner.forget(c),
	};
	const analysis = analyzeText(text, { analyzer: recording });
	const reused = new Set<number>();
	for (const f of analysis.findings) {
		if (f.code === 'tcp.reused-ports') {
			reused.add(f.packet);
		}
	}
	const frames: FrameView[] = analysis.packets.map((p) => {
		const v = verdicts.get(p.index);
		const fields = v ? names(v.flags) : [];
		if (reused.has(p.index)) {
			fields.push('tcp.analysis.reused_ports');
		}
		const undecidable = v ? names(v.undecidable) : [];
		const reasons = v ? [...v.reasons] : [];
		if (p.tcp && !v) {
			// `-q`, truncated, or not tracked: nothing about it is decidable
			undecidable.push(...WS_FIELDS.map(([, n]) => n));
			reasons.push(p.tcp.style === 'quiet' ? '-q prints no flags, seq or window' : 'line truncated or not tracked');
		}
		return {
			frame: p.index + 1,
			packet: p.index,
			line: p.line,
			fields: fields.filter((f) => !undecidable.includes(f)),
			undecidable,
			reasons,
			dupAckNum: v && (v.flags & WS.duplicateAck) ? v.dupAckNum : undefined,
		};
	});
	return { analysis, frames };
}
