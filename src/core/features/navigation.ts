/**
 * Navigation through a capture's numbers, Wireshark's "This is an ACK to the segment in frame N"
 * and "retransmission of frame N" made clickable:
 * - Go to Definition on `ack N` → the segment it acknowledges (the one holding byte N − 1, or the
 *   SYN / FIN it counts); on a retransmission's `seq` → the first transmission of those bytes; on
 *   any other relative `seq` → the SYN (or SYN-ACK) whose ISN is the base.
 * - References on a `seq` range → the ACKs that acknowledge it and its retransmissions.
 * - Highlights → every packet of the connection (the address.port tokens), and on a handshake
 *   packet's flags, the SYN, SYN-ACK and ACK.
 * All of it uses the absolute numbers connection tracking keeps per packet (`tcpInfo`): no packet
 * is parsed again except the ones returned.
 */
import type { CaptureAnalysis } from '../store/capture';
import type { Connection, PacketRecord, Position, Span, TcpPacketInfo } from '../types';
import { diff32 } from '../track/sequence';

export interface NavTarget {
	readonly packet: number;
	/** The token to land on (`seq 1:101`, `Flags [S]`), or the packet line. */
	readonly span: Span;
	/** Why this packet, for peeks and tests: `acked`, `first-transmission`, `isn`, `ack`, `retransmission`, `self`. */
	readonly role: 'acked' | 'first-transmission' | 'isn' | 'ack' | 'retransmission' | 'self';
}

export type NavToken = 'seq' | 'ack' | 'flags' | 'endpoint' | undefined;

const inSpan = (s: Span | undefined, p: Position): boolean => !!s && s.line === p.line && p.character >= s.start && p.character < s.end;

/** Which navigable token is at `position`, and its packet. */
export function navTokenAt(analysis: CaptureAnalysis, position: Position): { record: PacketRecord; token: NavToken } | undefined {
	const record = analysis.packetAtLine(position.line);
	const tcp = record?.tcp;
	if (!record || !tcp) {
		return undefined;
	}
	if (tcp.ack && inSpan(keywordSpan(tcp.ack.span, 'ack'), position)) {
		return { record, token: 'ack' };
	}
	if (tcp.seq && inSpan(keywordSpan(tcp.seq.span, tcp.style === 'old' ? '' : 'seq'), position)) {
		return { record, token: 'seq' };
	}
	if (tcp.flags && inSpan(tcp.flags.span, position)) {
		return { record, token: 'flags' };
	}
	if (inSpan(tcp.src.span, position) || inSpan(tcp.dst.span, position)) {
		return { record, token: 'endpoint' };
	}
	return { record, token: undefined };
}

/** The number's span widened to its keyword (`ack 1001`), so the cursor on the word counts too. */
function keywordSpan(span: Span, keyword: string): Span {
	return keyword ? { line: span.line, start: Math.max(0, span.start - keyword.length - 1), end: span.end } : span;
}

function lineSpan(r: PacketRecord): Span {
	return { line: r.line, start: 0, end: 0 };
}

function seqSpan(r: PacketRecord): Span {
	const tcp = r.tcp;
	return tcp?.seq?.span ?? tcp?.flags?.span ?? lineSpan(r);
}

function connOf(analysis: CaptureAnalysis, r: PacketRecord): Connection | undefined {
	const c = r.tcpInfo?.connection;
	return c === undefined ? undefined : analysis.connections[c];
}

/** Position of a packet in its connection's list (binary search: the list is in file order). */
function positionIn(conn: Connection, packet: number): number {
	let lo = 0;
	let hi = conn.packets.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const v = conn.packets[mid] ?? 0;
		if (v === packet) {
			return mid;
		}
		if (v < packet) {
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return -1;
}

/**
 * Sequence space a packet occupies: payload, plus one for SYN and one for FIN. Reads the flags
 * (a re-parse of the line) only when asked: scans first compare the numbers kept per packet.
 */
function seqExtent(r: PacketRecord, info: TcpPacketInfo): { start: number; end: number } | undefined {
	if (info.absSeq === undefined || !info.seqBaseKnown) {
		return undefined;
	}
	const f = r.tcp?.flags;
	const len = info.absSeqEnd !== undefined ? diff32(info.absSeqEnd, info.absSeq) : (r.tcp?.length ?? 0);
	const extra = (f?.syn ? 1 : 0) + (f?.fin ? 1 : 0);
	return { start: info.absSeq, end: info.absSeq + len + extra };
}

/** Cheap test first: can this packet's sequence space hold byte `ack − 1` at all? */
function mayCover(info: TcpPacketInfo, ack: number): boolean {
	if (info.absSeq === undefined || !info.seqBaseKnown || diff32(ack, info.absSeq) <= 0) {
		return false;
	}
	// beyond the payload by more than SYN + FIN: no (a range-less line may still carry payload: ask its length)
	return info.absSeqEnd === undefined || diff32(ack, info.absSeqEnd) <= 2;
}

/** Cheap test first: can these two ranges overlap? */
function mayOverlap(info: TcpPacketInfo, mine: { start: number; end: number }): boolean {
	if (info.absSeq === undefined || !info.seqBaseKnown || diff32(info.absSeq, mine.end) >= 0) {
		return false;
	}
	return info.absSeqEnd === undefined || diff32(mine.start, info.absSeqEnd + 2) < 0;
}

/** How many packets back to look for an acknowledged segment or a first transmission: an ack of bytes never captured must not scan a whole bulk transfer. */
const MAX_SCAN = 5000;

/** The segment this packet's ack acknowledges: the latest earlier peer packet whose sequence space ends at or contains ack − 1. */
export function ackedSegment(analysis: CaptureAnalysis, record: PacketRecord): PacketRecord | undefined {
	const info = record.tcpInfo;
	const conn = connOf(analysis, record);
	if (!info || !conn || info.absAck === undefined || info.ackBaseKnown === false) {
		return undefined;
	}
	const ack = info.absAck;
	const at = positionIn(conn, record.index);
	for (let k = at - 1, n = 0; k >= 0 && n < MAX_SCAN; k--, n++) {
		const p = analysis.packets[conn.packets[k] ?? -1];
		const pi = p?.tcpInfo;
		if (!p || !pi || pi.fromFirst === info.fromFirst || !mayCover(pi, ack)) {
			continue;
		}
		const ext = seqExtent(p, pi);
		if (ext && ext.end !== ext.start && diff32(ack, ext.start) > 0 && diff32(ack, ext.end) <= 0) {
			return p;
		}
	}
	return undefined;
}

/** The earliest earlier packet of the same direction whose payload overlaps this one's: the first transmission. */
export function firstTransmission(analysis: CaptureAnalysis, record: PacketRecord): PacketRecord | undefined {
	const info = record.tcpInfo;
	const conn = connOf(analysis, record);
	const mine = info ? seqExtent(record, info) : undefined;
	if (!info || !conn || !mine || mine.end === mine.start) {
		return undefined;
	}
	const at = positionIn(conn, record.index);
	let found: PacketRecord | undefined;
	for (let k = at - 1, n = 0; k >= 0 && n < MAX_SCAN; k--, n++) {
		const p = analysis.packets[conn.packets[k] ?? -1];
		const pi = p?.tcpInfo;
		if (!p || !pi || pi.fromFirst !== info.fromFirst || !mayOverlap(pi, mine)) {
			continue;
		}
		const ext = seqExtent(p, pi);
		if (ext && diff32(ext.start, mine.end) < 0 && diff32(mine.start, ext.end) < 0) {
			found = p; // keep going: the earliest overlapping one is the first transmission
		}
	}
	return found;
}

/** The SYN (or SYN-ACK) whose ISN is this direction's base. */
export function isnPacket(analysis: CaptureAnalysis, record: PacketRecord, peer: boolean): PacketRecord | undefined {
	const info = record.tcpInfo;
	const conn = connOf(analysis, record);
	if (!info || !conn) {
		return undefined;
	}
	const fromFirst = peer ? !info.fromFirst : info.fromFirst;
	const h = conn.handshake;
	for (const i of [...h.syns, ...h.synAcks, h.syn, h.synAck]) {
		const p = i === undefined ? undefined : analysis.packets[i];
		if (p?.tcpInfo && p.tcpInfo.fromFirst === fromFirst) {
			return p;
		}
	}
	return undefined;
}

/** Go to Definition. */
export function definitionAt(analysis: CaptureAnalysis, position: Position): NavTarget[] {
	const at = navTokenAt(analysis, position);
	if (!at) {
		return [];
	}
	const { record, token } = at;
	if (token === 'ack') {
		const acked = ackedSegment(analysis, record);
		if (acked) {
			return [{ packet: acked.index, span: seqSpan(acked), role: 'acked' }];
		}
		const isn = isnPacket(analysis, record, true);
		return isn && isn !== record ? [{ packet: isn.index, span: seqSpan(isn), role: 'isn' }] : [];
	}
	if (token === 'seq') {
		const first = firstTransmission(analysis, record);
		if (first) {
			return [{ packet: first.index, span: seqSpan(first), role: 'first-transmission' }];
		}
		const isn = isnPacket(analysis, record, false);
		return isn && isn !== record ? [{ packet: isn.index, span: seqSpan(isn), role: 'isn' }] : [];
	}
	return [];
}

/** Find All References on a `seq`: the ACKs that acknowledge these bytes (first ones only) and the retransmissions. */
export function referencesAt(analysis: CaptureAnalysis, position: Position, includeDeclaration: boolean): NavTarget[] {
	const at = navTokenAt(analysis, position);
	if (!at || at.token !== 'seq') {
		return [];
	}
	const { record } = at;
	const info = record.tcpInfo;
	const conn = connOf(analysis, record);
	const mine = info ? seqExtent(record, info) : undefined;
	if (!info || !conn || !mine) {
		return [];
	}
	const out: NavTarget[] = includeDeclaration ? [{ packet: record.index, span: seqSpan(record), role: 'self' }] : [];
	let fullyAcked = false;
	for (const i of conn.packets) {
		if (i === record.index) {
			continue;
		}
		const p = analysis.packets[i];
		const pi = p?.tcpInfo;
		if (!p || !pi) {
			continue;
		}
		if (pi.fromFirst === info.fromFirst) {
			const ext = mayOverlap(pi, mine) ? seqExtent(p, pi) : undefined;
			if (ext && mine.end !== mine.start && diff32(ext.start, mine.end) < 0 && diff32(mine.start, ext.end) < 0) {
				out.push({ packet: i, span: seqSpan(p), role: 'retransmission' });
			}
		} else if (!fullyAcked && i > record.index && pi.absAck !== undefined && pi.ackBaseKnown !== false && diff32(pi.absAck, mine.start) > 0) {
			// acks part or all of it; the first ack at or past its end is the last one listed
			out.push({ packet: i, span: p.tcp?.ack?.span ?? lineSpan(p), role: 'ack' });
			fullyAcked = diff32(pi.absAck, mine.end) >= 0;
		}
	}
	return out;
}

/** At most this many packets highlighted (a bulk transfer has hundreds of thousands). */
export const MAX_HIGHLIGHT_PACKETS = 2000;

/** Document highlights: the 4-tuple tokens of the connection's packets nearest the cursor; on a handshake packet's flags, the handshake's flags. */
export function highlightsAt(analysis: CaptureAnalysis, position: Position): Span[] {
	const at = navTokenAt(analysis, position);
	if (!at || !at.record.tcpInfo) {
		return [];
	}
	const conn = connOf(analysis, at.record);
	if (!conn) {
		return [];
	}
	if (at.token === 'flags') {
		const h = conn.handshake;
		const hs = [h.syns[0] ?? h.syn, h.synAck, h.ack ?? h.rst];
		if (hs.includes(at.record.index)) {
			return hs.map(i => i === undefined ? undefined : analysis.packets[i]?.tcp?.flags?.span).filter((s): s is Span => !!s);
		}
	}
	if (at.token !== 'endpoint' && at.token !== 'flags') {
		return [];
	}
	const k = positionIn(conn, at.record.index);
	const from = Math.max(0, k - MAX_HIGHLIGHT_PACKETS / 2);
	const to = Math.min(conn.packets.length, from + MAX_HIGHLIGHT_PACKETS);
	const out: Span[] = [];
	for (let j = from; j < to; j++) {
		const tcp = analysis.packets[conn.packets[j] ?? -1]?.tcp;
		if (tcp) {
			out.push(tcp.src.span, tcp.dst.span);
		}
	}
	return out;
}

/** The connection's packet after (`+1`) or before (`-1`) the one on `line`. */
export function neighbourPacket(analysis: CaptureAnalysis, line: number, step: 1 | -1): PacketRecord | undefined {
	const r = analysis.packetAtLine(line);
	const conn = r ? connOf(analysis, r) : undefined;
	if (!r || !conn) {
		return undefined;
	}
	const k = positionIn(conn, r.index);
	return analysis.packets[conn.packets[k + step] ?? -1];
}
