/**
 * The state one packet's printing shares across layers, modelled on tcpdump's `netdissect_options`:
 * the output text, the bytes with a movable end (`snapEnd`, tcpdump's `ndo_snapend`: the captured
 * length, cut to the IP datagram's end) and the protocol whose field was cut off (`[|tcp]`).
 */
import type { RenderOptions } from './options';

/** Thrown when a layer reads past `snapEnd`; the renderer prints ` [|protocol]`, as tcpdump does. */
export class Truncated extends Error {
	constructor() {
		super('truncated');
	}
}

/** What the comparison may claim about a rendered packet (see render.ts). */
export type Claim =
	/** TCP over IP over a supported link: every line is tcpdump's. */
	| 'tcp'
	/** TCP whose payload tcpdump would decode (HTTP, BGP…): identical up to `length N`, then we stop. */
	| 'tcp-prefix'
	/** UDP / ICMP / ICMPv6 / ARP summary lines: meant to be tcpdump's, not claimed at 100 %. */
	| 'other'
	/** Anything else: a best-effort line. */
	| 'none';

export class Printer {
	out = '';
	protocol = 'ether';
	snapEnd: number;
	claim: Claim = 'none';
	/** Set by a layer we print only approximately (IP timestamp option, IPv6 option headers). */
	noClaim = false;
	/** Index of the output line where the undecoded application part would start ('tcp-prefix'). */
	gapLine = -1;
	readonly view: DataView;

	constructor(readonly data: Uint8Array, readonly options: RenderOptions) {
		this.snapEnd = data.length;
		this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
	}

	print(s: string): void {
		this.out += s;
	}

	has(offset: number, n: number): boolean {
		return offset >= 0 && n >= 0 && offset + n <= this.snapEnd;
	}

	check(offset: number, n: number): void {
		if (!this.has(offset, n)) {
			throw new Truncated();
		}
	}

	u8(offset: number): number {
		this.check(offset, 1);
		return this.data[offset]!;
	}

	u16(offset: number): number {
		this.check(offset, 2);
		return this.view.getUint16(offset);
	}

	u32(offset: number): number {
		this.check(offset, 4);
		return this.view.getUint32(offset);
	}

	/** tcpdump's nd_push_snaplen: never extends, only cuts. Returns the previous end. */
	pushSnapEnd(end: number): number {
		const previous = this.snapEnd;
		if (end < this.snapEnd) {
			this.snapEnd = end;
		}
		return previous;
	}
}

export function hex2(n: number): string {
	return n.toString(16).padStart(2, '0');
}

export function hex4(n: number): string {
	return n.toString(16).padStart(4, '0');
}

export function macString(data: Uint8Array, offset: number): string {
	let s = '';
	for (let i = 0; i < 6; i++) {
		s += (i ? ':' : '') + hex2(data[offset + i]!);
	}
	return s;
}

export function ipv4String(data: Uint8Array, offset: number): string {
	return `${data[offset]}.${data[offset + 1]}.${data[offset + 2]}.${data[offset + 3]}`;
}

/** inet_ntop(AF_INET6) as glibc writes it: longest zero run (≥ 2 groups, first wins) as `::`, `::ffff:a.b.c.d`. */
export function ipv6String(data: Uint8Array, offset: number): string {
	const w: number[] = [];
	for (let i = 0; i < 8; i++) {
		w.push(data[offset + 2 * i]! << 8 | data[offset + 2 * i + 1]!);
	}
	let bestBase = -1;
	let bestLen = 0;
	let curBase = -1;
	let curLen = 0;
	for (let i = 0; i < 8; i++) {
		if (w[i] === 0) {
			if (curBase < 0) {
				curBase = i;
				curLen = 1;
			} else {
				curLen++;
			}
			if (curLen > bestLen) {
				bestBase = curBase;
				bestLen = curLen;
			}
		} else {
			curBase = -1;
			curLen = 0;
		}
	}
	if (bestLen < 2) {
		bestBase = -1;
	}
	let s = '';
	for (let i = 0; i < 8; i++) {
		if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
			if (i === bestBase) {
				s += ':';
			}
			continue;
		}
		if (i !== 0) {
			s += ':';
		}
		if (i === 6 && bestBase === 0 && (bestLen === 6 || bestLen === 5 && w[5] === 0xffff)) {
			s += ipv4String(data, offset + 12);
			break;
		}
		s += w[i]!.toString(16);
	}
	if (bestBase >= 0 && bestBase + bestLen === 8) {
		s += ':';
	}
	return s;
}
