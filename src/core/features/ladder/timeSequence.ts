/**
 * The time-sequence graph (Stevens / tcptrace style) of one direction of a connection, as plain
 * data: each data segment a vertical bar from its first to its last byte at the time it was seen,
 * the peer's ACKs as a step line, the receive window's right edge (ack + win, scaled by the peer's
 * wscale when both SYNs carried one), SACK blocks, and the findings that matter here
 * (retransmissions, zero windows, dup ACKs).
 *
 * Sequence numbers are relative to the sender's ISN (ISN + 1 = 1, as tcpdump prints by default);
 * when the handshake was not captured, to the first sequence number seen minus one.
 *
 * Example, retransmission fixture, client → server: segments 1:101 (line 4), 101:201 (line 5),
 * 1:101 again (line 6, a retransmission); the server's ACK 201 (line 7) with win 509 × 2^7.
 */
import type { CaptureAnalysis } from '../../store/capture';
import type { FindingCode, TcpSegment } from '../../types';

export type TsgSegmentKind = 'data' | 'retransmission' | 'probe' | 'syn' | 'fin';

export interface TsgSegment {
	readonly packet: number;
	readonly line: number;
	/** Seconds since the connection's first packet (or the packet's position without timestamps). */
	readonly time: number;
	/** Relative first byte and end (exclusive). */
	readonly start: number;
	readonly end: number;
	readonly kind: TsgSegmentKind;
}

export interface TsgAck {
	readonly packet: number;
	readonly line: number;
	readonly time: number;
	/** Relative ack: the next byte the receiver expects. */
	readonly ack: number;
	/** Right edge of the receive window (ack + scaled window), when a window was printed. */
	readonly windowEdge: number | undefined;
	readonly duplicate: boolean;
	readonly zeroWindow: boolean;
	readonly sack: readonly { readonly left: number; readonly right: number }[];
}

export interface TimeSequenceGraph {
	/** Sender → receiver, `address.port` as printed. */
	readonly from: string;
	readonly to: string;
	/** False without timestamps: `time` is then the packet's position in the connection. */
	readonly timed: boolean;
	readonly segments: readonly TsgSegment[];
	readonly acks: readonly TsgAck[];
	/** `scaled` (×2^wscale), `unscaled` (a SYN lacked wscale), `unknown` (handshake not captured: windows drawn as printed). */
	readonly windowScaling: 'scaled' | 'unscaled' | 'unknown';
	/** The receiver's shift applied to its windows (0 when unscaled or unknown). */
	readonly windowShift: number;
	readonly timeMax: number;
	readonly seqMin: number;
	readonly seqMax: number;
	/** Bytes sent, retransmissions included; retransmitted bytes. */
	readonly bytes: number;
	readonly retransmittedBytes: number;
}

const RETR: ReadonlySet<FindingCode> = new Set<FindingCode>(['tcp.retransmission', 'tcp.fast-retransmission', 'tcp.spurious-retransmission']);
const WRAP = 2 ** 32;

function relative(abs: number, base: number): number {
	return ((abs - base) % WRAP + WRAP) % WRAP;
}

/** Both directions of connection `connectionIndex`: client → server first (first-seen sender first when roles are unknown). */
export function timeSequenceGraphs(analysis: CaptureAnalysis, connectionIndex: number): TimeSequenceGraph[] {
	const conn = analysis.connections[connectionIndex];
	if (!conn) {
		return [];
	}
	const first = conn.client ?? conn.endpoints[0];
	const second = conn.server ?? (conn.endpoints[0] === first ? conn.endpoints[1] : conn.endpoints[0]);
	// `p.tcp` may parse the line again (the reader drops parsed segments): once per packet for both graphs
	const segments = conn.packets.map(pi => analysis.packets[pi]?.tcp);
	return [graphOf(analysis, connectionIndex, segments, first, second), graphOf(analysis, connectionIndex, segments, second, first)];
}

function graphOf(analysis: CaptureAnalysis, connectionIndex: number, tcpOf: readonly (TcpSegment | undefined)[], from: string, to: string): TimeSequenceGraph {
	const conn = analysis.connections[connectionIndex];
	if (!conn) {
		throw new Error('unreachable: connection checked by the caller');
	}
	const h = conn.handshake;
	const senderIsClient = conn.client !== undefined ? conn.client === from : undefined;
	const isn = senderIsClient === true ? h.clientIsn : senderIsClient === false ? h.serverIsn : undefined;
	const receiverShift = senderIsClient === true ? h.serverWscale : senderIsClient === false ? h.clientWscale : undefined;
	const windowScaling: TimeSequenceGraph['windowScaling'] = h.syn === undefined || h.synAck === undefined ? 'unknown'
		: h.clientWscale !== undefined && h.serverWscale !== undefined ? 'scaled' : 'unscaled';
	const shift = windowScaling === 'scaled' ? receiverShift ?? 0 : 0;

	let firstTime: number | undefined;
	for (const pi of conn.packets) {
		const t = analysis.packets[pi]?.time;
		if (t !== undefined) {
			firstTime = t;
			break;
		}
	}
	const timed = firstTime !== undefined;
	let base = isn;
	if (base === undefined) {
		for (let position = 0; position < conn.packets.length; position++) {
			const info = analysis.packets[conn.packets[position] ?? -1]?.tcpInfo;
			if (tcpOf[position]?.src.text === from && info?.absSeq !== undefined) {
				base = info.absSeq - 1;
				break;
			}
		}
	}
	const segments: TsgSegment[] = [];
	const acks: TsgAck[] = [];
	let bytes = 0;
	let retransmittedBytes = 0;
	let seqMin = Infinity;
	let seqMax = -Infinity;
	let timeMax = 0;
	conn.packets.forEach((pi, position) => {
		const p = analysis.packets[pi];
		const t = tcpOf[position];
		const info = p?.tcpInfo;
		if (!p || !t || !info || base === undefined) {
			return;
		}
		const time = timed ? Math.round(((p.time ?? firstTime ?? 0) - (firstTime ?? 0)) * 1e9) / 1e9 : position;
		timeMax = Math.max(timeMax, time);
		const codes = analysis.findingsForPacket(pi).map(f => f.code);
		if (t.src.text === from && info.absSeq !== undefined) {
			const start = relative(info.absSeq, base);
			const length = t.length ?? 0;
			const flagged = (t.flags?.syn || t.flags?.fin) ? 1 : 0;
			const end = info.absSeqEnd !== undefined ? start + relative(info.absSeqEnd, info.absSeq) : start + length + flagged;
			if (end > start || flagged) {
				const kind: TsgSegmentKind = codes.some(c => RETR.has(c)) ? 'retransmission'
					: codes.includes('tcp.zero-window-probe') ? 'probe'
						: t.flags?.syn ? 'syn' : t.flags?.fin && length === 0 ? 'fin' : 'data';
				segments.push({ packet: pi, line: p.line, time, start, end: Math.max(end, start + flagged), kind });
				bytes += length;
				if (kind === 'retransmission') {
					retransmittedBytes += length;
				}
				seqMin = Math.min(seqMin, start);
				seqMax = Math.max(seqMax, end);
			}
		} else if (t.src.text === to && t.flags?.ack && info.absAck !== undefined) {
			const ack = relative(info.absAck, base);
			const win = t.win?.value;
			// windows on SYNs are never scaled (RFC 7323 §2.2)
			const scaled = win === undefined ? undefined : t.flags.syn ? win : win * 2 ** shift;
			const sack = (t.sack ?? []).map(b => conn.numbering === 'absolute'
				? { left: relative(b.left, base ?? 0), right: relative(b.right, base ?? 0) }
				: { left: b.left, right: b.right });
			acks.push({
				packet: pi, line: p.line, time, ack,
				windowEdge: scaled === undefined ? undefined : ack + scaled,
				duplicate: codes.includes('tcp.duplicate-ack'),
				zeroWindow: codes.includes('tcp.zero-window') || win === 0,
				sack,
			});
			seqMin = Math.min(seqMin, ack);
			seqMax = Math.max(seqMax, ack);
		}
	});
	if (seqMin === Infinity) {
		seqMin = 0;
		seqMax = 1;
	}
	return { from, to, timed, segments, acks, windowScaling, windowShift: shift, timeMax, seqMin, seqMax, bytes, retransmittedBytes };
}
