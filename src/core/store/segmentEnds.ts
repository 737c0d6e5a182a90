/**
 * Where each packet's segment ends in its sender's sequence space (absolute seq + payload + SYN +
 * FIN, mod 2^32), recorded once while the capture is read, so that a hover on `ack N` finds the
 * segment it acknowledges without re-reading earlier lines: a backward look over typed arrays
 * instead of re-parsing up to 256 packets, over the whole connection instead of its last 256.
 *
 * The editor's analysis (analyse/slicedAnalysis.ts) fills one while reading and attaches it to
 * each analysis it hands out; an analysis without one (the CLI, a one-connection view) falls back
 * to the bounded look in features/hover/seqAck.ts. 5 bytes per packet.
 */
import type { CaptureAnalysis } from './capture';
import type { PacketRecord } from '../types';

const mod32 = (n: number): number => ((n % 2 ** 32) + 2 ** 32) % 2 ** 32;

/** Sequence space a segment occupies: payload + 1 for SYN + 1 for FIN (as hover/context.ts's seqSpace). */
function seqSpace(record: PacketRecord): number {
	const t = record.tcp;
	if (!t) {
		return 0;
	}
	const payload = t.length ?? (t.seq?.end !== undefined ? mod32(t.seq.end - t.seq.start) : 0);
	return payload + (t.flags?.syn ? 1 : 0) + (t.flags?.fin ? 1 : 0);
}

export class SegmentEndIndex {
	#ends = new Uint32Array(4096);
	/** 1 where the packet occupies sequence space and its absolute start is known. */
	#known = new Uint8Array(4096);

	/** Notes a packet while its parsed segment is still at hand (CaptureReader's `onPacket`). */
	note(record: PacketRecord): void {
		const absSeq = record.tcpInfo?.absSeq;
		if (absSeq === undefined) {
			return;
		}
		const space = seqSpace(record);
		if (space <= 0) {
			return;
		}
		const i = record.index;
		if (i >= this.#ends.length) {
			let size = this.#ends.length;
			while (size <= i) {
				size *= 2;
			}
			const ends = new Uint32Array(size);
			ends.set(this.#ends);
			const known = new Uint8Array(size);
			known.set(this.#known);
			this.#ends = ends;
			this.#known = known;
		}
		this.#ends[i] = mod32(absSeq + space);
		this.#known[i] = 1;
	}

	/**
	 * The latest packet among `packets` (a connection's packet indices, ascending) before `before`
	 * whose segment ends at `end` and for which `accept` holds (the peer's direction).
	 */
	latestEndingAt(packets: readonly number[], before: number, end: number, accept: (packet: number) => boolean): number | undefined {
		const want = mod32(end);
		const ends = this.#ends;
		const known = this.#known;
		for (let k = positionBefore(packets, before) - 1; k >= 0; k--) {
			const q = packets[k] ?? -1;
			if (q >= 0 && q < known.length && known[q] === 1 && ends[q] === want && accept(q)) {
				return q;
			}
		}
		return undefined;
	}
}

/** How many of the ascending `packets` come before packet `index` (binary search). */
function positionBefore(packets: readonly number[], index: number): number {
	let lo = 0;
	let hi = packets.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((packets[mid] ?? Infinity) < index) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

const attached = new WeakMap<CaptureAnalysis, SegmentEndIndex>();

export function attachSegmentEnds(analysis: CaptureAnalysis, index: SegmentEndIndex): void {
	attached.set(analysis, index);
}

export function segmentEndsOf(analysis: CaptureAnalysis): SegmentEndIndex | undefined {
	return attached.get(analysis);
}
