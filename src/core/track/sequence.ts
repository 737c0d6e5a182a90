/**
 * tcpdump's relative sequence numbers, replayed (print-tcp.c l.275–414; tcpdump-text-format.md §11),
 * so that the core can turn what a line printed back into absolute numbers.
 *
 * tcpdump keeps one entry per 4-tuple (both directions), never removed. Only packets with the ACK
 * flag touch it: with no entry yet, or with SYN set (a SYN-ACK), the packet's own numbers seed the
 * bases — `base[this] = seq`, `base[other] = ack − 1` — and are printed unchanged (absolute);
 * every later ACK-flag packet prints `seq − base[this]` and `ack − base[other]` (mod 2^32).
 * A bare SYN, and RST/FIN without ACK, print absolute numbers and never seed.
 */
import type { Numbering, TcpSegment } from '../types';

export const MOD32 = 0x100000000;

/** (a + b) mod 2^32 for a, b in [0, 2^32). */
export function add32(a: number, b: number): number {
	const s = a + b;
	return s >= MOD32 ? s - MOD32 : s < 0 ? s + MOD32 : s;
}

/** (a − b) mod 2^32. */
export function sub32(a: number, b: number): number {
	const d = a - b;
	return d < 0 ? d + MOD32 : d;
}

/** a − b as a signed 32-bit distance: how far `a` is ahead of `b` on the sequence circle. */
export function diff32(a: number, b: number): number {
	const d = sub32(a, b);
	return d >= 0x80000000 ? d - MOD32 : d;
}

/** tcpdump's table entry for one 4-tuple. Direction 0 is the tuple's first endpoint, 1 the other. */
export interface SeqBases {
	seeded: boolean;
	base0: number | undefined;
	base1: number | undefined;
	/** False while a base is a stand-in (0) because the seeding packet was a pure ACK with no printed seq. */
	known0: boolean;
	known1: boolean;
}

export function newSeqBases(): SeqBases {
	return { seeded: false, base0: undefined, base1: undefined, known0: false, known1: false };
}

export interface ReplayResult {
	absSeq: number | undefined;
	absSeqEnd: number | undefined;
	absAck: number | undefined;
	/** True when this packet seeded the table (its numbers were printed absolute). */
	seeded: boolean;
	/** False when the seq is only consistent with the peer's acks, not truly absolute (unknown base). */
	seqBaseKnown: boolean;
	/** The same for the ack (the peer's base). */
	ackBaseKnown: boolean;
}

/** Would tcpdump (without -S) have printed this packet relative to an existing entry? */
export function printsRelative(bases: SeqBases, tcp: TcpSegment): boolean {
	const f = tcp.flags;
	return f !== undefined && f.ack && bases.seeded && !f.syn;
}

/**
 * Evidence for `-S`: for a packet tcpdump would print relative, is the printed number closer to
 * "relative" (small) or to "absolute" (near the base)? Returns undefined when it cannot tell
 * (bases near zero, as in hand-crafted captures).
 */
export function numberingEvidence(bases: SeqBases, dir: 0 | 1, tcp: TcpSegment): Numbering | undefined {
	let votes = 0;
	const vote = (printed: number, base: number | undefined, known: boolean) => {
		if (base === undefined || !known) {
			return;
		}
		const asAbsolute = Math.abs(diff32(printed, base));
		const asRelative = Math.abs(diff32(printed, 0));
		if (asAbsolute * 4 < asRelative) {
			votes++;
		} else if (asRelative * 4 < asAbsolute) {
			votes--;
		}
	};
	if (tcp.ack) {
		vote(tcp.ack.value, dir === 0 ? bases.base1 : bases.base0, dir === 0 ? bases.known1 : bases.known0);
	}
	if (tcp.seq) {
		vote(tcp.seq.start, dir === 0 ? bases.base0 : bases.base1, dir === 0 ? bases.known0 : bases.known1);
	}
	return votes > 0 ? 'absolute' : votes < 0 ? 'relative' : undefined;
}

/**
 * Replays one packet through the table and returns its absolute numbers.
 * `numbering` is how this capture printed them; `pureAckSeq` is the caller's knowledge of a pure
 * ACK's unprinted seq (this side's ISN + 1 when its SYN was seen), used when such a packet seeds.
 */
export function replay(bases: SeqBases, dir: 0 | 1, tcp: TcpSegment, numbering: Numbering, pureAckSeq: number | undefined): ReplayResult {
	const f = tcp.flags;
	const seq = tcp.seq;
	const ack = tcp.ack;
	const result: ReplayResult = { absSeq: seq?.start, absSeqEnd: seq?.end, absAck: ack?.value, seeded: false, seqBaseKnown: true, ackBaseKnown: true };
	if (!f || !f.ack) {
		return result; // printed absolute, table untouched
	}
	if (!bases.seeded || f.syn) {
		bases.seeded = true;
		const thisBase = seq ? seq.start : pureAckSeq;
		const otherBase = ack ? sub32(ack.value, 1) : undefined;
		if (dir === 0) {
			bases.base0 = thisBase ?? 0;
			bases.known0 = thisBase !== undefined;
			bases.base1 = otherBase;
			bases.known1 = otherBase !== undefined;
		} else {
			bases.base1 = thisBase ?? 0;
			bases.known1 = thisBase !== undefined;
			bases.base0 = otherBase;
			bases.known0 = otherBase !== undefined;
		}
		result.seeded = true;
		return result;
	}
	const thisBase = dir === 0 ? bases.base0 : bases.base1;
	const otherBase = dir === 0 ? bases.base1 : bases.base0;
	if (numbering === 'absolute') {
		return result;
	}
	result.seqBaseKnown = dir === 0 ? bases.known0 : bases.known1;
	result.ackBaseKnown = dir === 0 ? bases.known1 : bases.known0;
	if (seq) {
		result.absSeq = thisBase === undefined ? undefined : add32(seq.start, thisBase);
		result.absSeqEnd = seq.end === undefined || thisBase === undefined ? undefined : add32(seq.end, thisBase);
	}
	if (ack) {
		result.absAck = otherBase === undefined ? undefined : add32(ack.value, otherBase);
	}
	return result;
}
