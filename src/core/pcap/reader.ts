/**
 * A streaming reader for capture files: classic pcap (µs and ns magic, either byte order) and
 * pcapng (several sections, interfaces, if_tsresol / if_tsoffset, EPB, SPB, the obsolete PB).
 * Pure TypeScript over `Uint8Array` chunks, so the CLI, the extension and the browser build share it.
 *
 *   const reader = new CaptureFileReader();
 *   for (const chunk of chunks) { for (const r of reader.push(chunk)) { … } }
 *   reader.finish();                // a truncated last record becomes `reader.error`
 *
 * Damage never throws: the reader stops at the first malformed structure, keeps every record
 * before it and reports a `CaptureFormatError` with the byte offset (like libpcap, which also stops).
 */

/** One packet as libpcap hands it to tcpdump: time stamp, lengths, captured bytes, link type. */
export interface CaptureRecord {
	/** 1-based, in file order: what tcpdump's `-#` prints. */
	readonly number: number;
	/** Byte offset of the record (pcap header / pcapng block) in the file. */
	readonly offset: number;
	/** DLT/LINKTYPE of the interface the packet came from. */
	readonly linkType: number;
	readonly interfaceId: number;
	/** Whole seconds since the epoch (may be negative only through a pcapng if_tsoffset). */
	readonly seconds: number;
	/**
	 * The fraction as libpcap hands it to tcpdump at micro- and at nanosecond precision. Classic pcap
	 * stores it as a signed 32-bit field that libpcap neither checks nor normalises (a damaged file
	 * can say 2147483648 µs), so these are what tcpdump prints, not a clean fraction.
	 */
	readonly micros: number;
	readonly nanos: number;
	/** True when the file stores nanoseconds (tcpdump still prints µs unless --nano). */
	readonly nanoFile: boolean;
	readonly capturedLength: number;
	readonly originalLength: number;
	/** `capturedLength` bytes; a view into the input chunk, valid as long as the chunk is. */
	readonly data: Uint8Array;
}

/** The file is not a capture, or it is damaged at `offset`. Records before it were delivered. */
export class CaptureFormatError extends Error {
	constructor(readonly offset: number, readonly reason: string) {
		super(`${reason} (at byte offset ${offset})`);
		this.name = 'CaptureFormatError';
	}
}

export type CaptureFileFormat = 'pcap' | 'pcapng';

/** pcap and pcapng magic numbers, as the first four bytes read little-endian. */
export function captureFileFormat(head: Uint8Array): CaptureFileFormat | undefined {
	if (head.length < 4) {
		return undefined;
	}
	const m = (head[0]! | head[1]! << 8 | head[2]! << 16 | head[3]! << 24) >>> 0;
	if (m === 0xa1b2c3d4 || m === 0xd4c3b2a1 || m === 0xa1b23c4d || m === 0x4d3cb2a1) {
		return 'pcap';
	}
	if (m === 0x0a0d0d0a) {
		return 'pcapng';
	}
	return undefined;
}

/** libpcap refuses records above its MAXIMUM_SNAPLEN (262144 for the link types we print). */
const MAX_SNAPLEN = 262144;
/** pcapng blocks above this are damage (libpcap's own ceiling is 16 MiB). */
const MAX_RECORD = 16 * 1024 * 1024;

/** libpcap's snapshot: 0 or out-of-range means the maximum. */
function effectiveSnaplen(snaplen: number): number {
	return snaplen <= 0 || snaplen > MAX_SNAPLEN ? MAX_SNAPLEN : snaplen;
}

interface Interface {
	linkType: number;
	snaplen: number;
	/** units per second of the 64-bit time stamp, as a BigInt (10^6 by default) */
	unitsPerSecond: bigint;
	offsetSeconds: bigint;
	nano: boolean;
}

/** Contiguous access to the first bytes of a list of chunks, copying only across chunk edges. */
class ByteQueue {
	#chunks: Uint8Array[] = [];
	#length = 0;

	get length(): number {
		return this.#length;
	}

	push(chunk: Uint8Array): void {
		if (chunk.length > 0) {
			this.#chunks.push(chunk);
			this.#length += chunk.length;
		}
	}

	/** The first `n` bytes as one view (n ≤ length). */
	peek(n: number): Uint8Array {
		const first = this.#chunks[0]!;
		if (first.length >= n) {
			return first.subarray(0, n);
		}
		// merge as many chunks as needed into one
		const merged = new Uint8Array(Math.max(n, 0));
		let filled = 0;
		let used = 0;
		let rest: Uint8Array | undefined;
		for (const c of this.#chunks) {
			used++;
			const take = Math.min(c.length, n - filled);
			merged.set(c.subarray(0, take), filled);
			filled += take;
			if (filled === n) {
				if (take < c.length) {
					rest = c.subarray(take);
				}
				break;
			}
		}
		this.#chunks.splice(0, used, ...(rest ? [merged, rest] : [merged]));
		return merged;
	}

	skip(n: number): void {
		this.#length -= n;
		while (n > 0) {
			const first = this.#chunks[0]!;
			if (first.length <= n) {
				n -= first.length;
				this.#chunks.shift();
			} else {
				this.#chunks[0] = first.subarray(n);
				n = 0;
			}
		}
	}
}

function view(b: Uint8Array): DataView {
	return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** Push chunks, get records; see the module comment. */
export class CaptureFileReader {
	#queue = new ByteQueue();
	#offset = 0;
	#number = 0;
	#format: CaptureFileFormat | undefined;
	#little = true;
	// pcap
	#pcapIf: Interface | undefined;
	// pcapng
	#interfaces: Interface[] = [];
	#sawSection = false;
	#error: CaptureFormatError | undefined;
	#finished = false;

	/** The damage that stopped the reader, if any (set by `push` or `finish`). */
	get error(): CaptureFormatError | undefined {
		return this.#error;
	}

	get format(): CaptureFileFormat | undefined {
		return this.#format;
	}

	/** Link type of the first interface (pcap: the file's), for tcpdump's banner. */
	get firstLinkType(): number | undefined {
		return this.#pcapIf?.linkType ?? this.#interfaces[0]?.linkType;
	}

	/** Snapshot length of the first interface. */
	get snaplen(): number | undefined {
		return this.#pcapIf?.snaplen ?? this.#interfaces[0]?.snaplen;
	}

	/** Bytes consumed so far (for progress). */
	get bytesRead(): number {
		return this.#offset;
	}

	/** Feeds bytes; returns the records completed by them. After an error it returns nothing. */
	push(chunk: Uint8Array): CaptureRecord[] {
		const out: CaptureRecord[] = [];
		if (this.#error || this.#finished) {
			return out;
		}
		this.#queue.push(chunk);
		try {
			this.#drain(out);
		} catch (e) {
			// only our own errors are expected; anything else is a bug, reported as damage too
			this.#error = e instanceof CaptureFormatError ? e : new CaptureFormatError(this.#offset, `unreadable structure: ${String(e)}`);
		}
		return out;
	}

	/** End of input: leftover bytes mean a truncated file. Returns the error, if any. */
	finish(): CaptureFormatError | undefined {
		if (!this.#finished && !this.#error) {
			this.#finished = true;
			const left = this.#queue.length;
			if (this.#format === undefined) {
				this.#error = new CaptureFormatError(0, left === 0 ? 'empty file' : 'not a pcap or pcapng file (unknown magic number)');
			} else if (left > 0) {
				this.#error = new CaptureFormatError(this.#offset, `truncated file: the last record is incomplete (${left} bytes left)`);
			} else if (this.#format === 'pcap' && !this.#pcapIf) {
				this.#error = new CaptureFormatError(0, 'truncated file header');
			}
		}
		this.#finished = true;
		return this.#error;
	}

	#fail(reason: string, at = this.#offset): never {
		throw new CaptureFormatError(at, reason);
	}

	#drain(out: CaptureRecord[]): void {
		for (;;) {
			if (this.#format === undefined) {
				if (this.#queue.length < 4) {
					return;
				}
				const format = captureFileFormat(this.#queue.peek(4));
				if (!format) {
					this.#fail('not a pcap or pcapng file (unknown magic number)', 0);
				}
				this.#format = format;
			}
			const progressed = this.#format === 'pcap' ? this.#pcapStep(out) : this.#pcapngStep(out);
			if (!progressed) {
				return;
			}
		}
	}

	// ---- classic pcap

	#pcapStep(out: CaptureRecord[]): boolean {
		if (!this.#pcapIf) {
			if (this.#queue.length < 24) {
				return false;
			}
			const h = this.#queue.peek(24);
			const magicLe = view(h).getUint32(0, true);
			this.#little = magicLe === 0xa1b2c3d4 || magicLe === 0xa1b23c4d;
			const nano = magicLe === 0xa1b23c4d || magicLe === 0x4d3cb2a1;
			const v = view(h);
			const major = v.getUint16(4, this.#little);
			if (major !== 2) {
				this.#fail(`unsupported pcap version ${major}.${v.getUint16(6, this.#little)}`, 4);
			}
			const snaplen = v.getUint32(16, this.#little);
			// the link type's upper bits carry the FCS length flags (pcap-common.c LT_LINKTYPE)
			const linkType = v.getUint32(20, this.#little) & 0x03ffffff;
			this.#pcapIf = { linkType, snaplen, unitsPerSecond: nano ? 1000000000n : 1000000n, offsetSeconds: 0n, nano };
			this.#consume(24);
			return true;
		}
		if (this.#queue.length < 16) {
			return false;
		}
		const v = view(this.#queue.peek(16));
		const seconds = v.getInt32(0, this.#little);
		const frac = v.getUint32(4, this.#little);
		const caplen = v.getUint32(8, this.#little);
		const origlen = v.getUint32(12, this.#little);
		if (caplen > MAX_SNAPLEN) {
			this.#fail(`invalid packet capture length ${caplen}, bigger than the maximum of ${MAX_SNAPLEN}`);
		}
		if (this.#queue.length < 16 + caplen) {
			return false;
		}
		const rec = this.#queue.peek(16 + caplen);
		const iface = this.#pcapIf;
		// libpcap (sf-pcap.c) reads tv_usec as bpf_int32 and scales with C integer division
		const signed = frac | 0;
		const micros = iface.nano ? Math.trunc(signed / 1000) : signed;
		const nanos = iface.nano ? signed : (signed * 1000) | 0;
		// a record longer than the file's snapshot length is cut to it, as libpcap does
		const kept = Math.min(caplen, effectiveSnaplen(iface.snaplen));
		out.push({
			number: ++this.#number, offset: this.#offset, linkType: iface.linkType, interfaceId: 0,
			seconds, micros, nanos, nanoFile: iface.nano, capturedLength: kept, originalLength: origlen,
			data: rec.subarray(16, 16 + kept),
		});
		this.#consume(16 + caplen);
		return true;
	}

	#consume(n: number): void {
		this.#queue.skip(n);
		this.#offset += n;
	}

	// ---- pcapng

	#pcapngStep(out: CaptureRecord[]): boolean {
		if (this.#queue.length < 12) {
			return false;
		}
		const head = this.#queue.peek(12);
		const hv = view(head);
		const leType = hv.getUint32(0, true);
		if (leType === 0x0a0d0d0a) {
			// the byte order comes from the section's own magic
			const bom = hv.getUint32(8, true);
			if (bom === 0x1a2b3c4d) {
				this.#little = true;
			} else if (bom === 0x4d3c2b1a) {
				this.#little = false;
			} else {
				this.#fail('pcapng section header with a bad byte-order magic');
			}
		} else if (!this.#sawSection) {
			this.#fail('pcapng file does not start with a section header block');
		}
		const type = hv.getUint32(0, this.#little);
		const total = hv.getUint32(4, this.#little);
		if (total < 12 || total % 4 !== 0) {
			this.#fail(`pcapng block of type 0x${type.toString(16)} has an invalid length ${total}`);
		}
		if (total > MAX_RECORD) {
			this.#fail(`pcapng block length ${total} is bigger than the maximum of ${MAX_RECORD}`);
		}
		if (this.#queue.length < total) {
			return false;
		}
		const block = this.#queue.peek(total);
		const v = view(block);
		if (v.getUint32(total - 4, this.#little) !== total) {
			this.#fail(`pcapng block of type 0x${type.toString(16)}: trailing length does not match ${total}`);
		}
		const body = block.subarray(8, total - 4);
		const bv = view(body);
		switch (type) {
			case 0x0a0d0d0a: {
				if (body.length < 16) {
					this.#fail('pcapng section header block too short');
				}
				const major = bv.getUint16(4, this.#little);
				if (major !== 1) {
					this.#fail(`unsupported pcapng version ${major}`);
				}
				this.#sawSection = true;
				this.#interfaces = [];
				break;
			}
			case 1: {
				if (body.length < 8) {
					this.#fail('pcapng interface description block too short');
				}
				const iface: Interface = {
					linkType: bv.getUint16(0, this.#little), snaplen: bv.getUint32(4, this.#little),
					unitsPerSecond: 1000000n, offsetSeconds: 0n, nano: false,
				};
				this.#readInterfaceOptions(body.subarray(8), iface);
				this.#interfaces.push(iface);
				break;
			}
			case 6:
			case 2: {
				// EPB: if, ts hi, ts lo, caplen, origlen. PB: if(16), drops(16), ts hi, ts lo, caplen, origlen.
				if (body.length < 20) {
					this.#fail('pcapng packet block too short');
				}
				const ifId = type === 6 ? bv.getUint32(0, this.#little) : bv.getUint16(0, this.#little);
				const hi = bv.getUint32(4, this.#little);
				const lo = bv.getUint32(8, this.#little);
				const caplen = bv.getUint32(12, this.#little);
				const origlen = bv.getUint32(16, this.#little);
				const iface = this.#interfaces[ifId];
				if (!iface) {
					this.#fail(`pcapng packet block for interface ${ifId}, which is not described`);
				}
				if (caplen > body.length - 20) {
					this.#fail(`pcapng packet block: captured length ${caplen} exceeds the block`);
				}
				const kept = Math.min(caplen, effectiveSnaplen(this.#interfaces[0]!.snaplen));
				const ts = BigInt(hi) << 32n | BigInt(lo);
				let sec = ts / iface.unitsPerSecond;
				const rem = ts % iface.unitsPerSecond;
				sec += iface.offsetSeconds;
				out.push({
					number: ++this.#number, offset: this.#offset, linkType: iface.linkType, interfaceId: ifId,
					seconds: Number(sec), micros: Number(rem * 1000000n / iface.unitsPerSecond),
					nanos: Number(rem * 1000000000n / iface.unitsPerSecond), nanoFile: iface.nano,
					capturedLength: kept, originalLength: origlen, data: body.subarray(20, 20 + kept),
				});
				break;
			}
			case 3: {
				// SPB: original length, then the data; no time stamp (libpcap gives 0), interface 0
				if (body.length < 4) {
					this.#fail('pcapng simple packet block too short');
				}
				const iface = this.#interfaces[0];
				if (!iface) {
					this.#fail('pcapng simple packet block without an interface description');
				}
				const origlen = bv.getUint32(0, this.#little);
				let caplen = Math.min(origlen, body.length - 4);
				if (iface.snaplen > 0 && caplen > iface.snaplen) {
					caplen = iface.snaplen;
				}
				out.push({
					number: ++this.#number, offset: this.#offset, linkType: iface.linkType, interfaceId: 0,
					seconds: 0, micros: 0, nanos: 0, nanoFile: iface.nano, capturedLength: caplen, originalLength: origlen,
					data: body.subarray(4, 4 + caplen),
				});
				break;
			}
			default:
				// NRB (4), ISB (5), DSB, custom and unknown blocks: nothing tcpdump prints
				break;
		}
		this.#consume(total);
		return true;
	}

	#readInterfaceOptions(opts: Uint8Array, iface: Interface): void {
		const v = view(opts);
		let p = 0;
		while (p + 4 <= opts.length) {
			const code = v.getUint16(p, this.#little);
			const len = v.getUint16(p + 2, this.#little);
			if (code === 0) {
				break;
			}
			if (p + 4 + len > opts.length) {
				this.#fail('pcapng interface option runs past its block');
			}
			if (code === 9 && len >= 1) {
				const r = opts[p + 4]!;
				const exp = BigInt(r & 0x7f);
				if ((r & 0x80) === 0 && exp > 18n || (r & 0x80) !== 0 && exp > 63n) {
					this.#fail(`pcapng if_tsresol ${r} out of range`);
				}
				iface.unitsPerSecond = (r & 0x80) !== 0 ? 1n << exp : 10n ** exp;
				iface.nano = iface.unitsPerSecond > 1000000n;
			} else if (code === 14 && len >= 8) {
				iface.offsetSeconds = v.getBigInt64(p + 4, this.#little);
			}
			p += 4 + ((len + 3) & ~3);
		}
	}
}

/** Reads a whole file in memory: the records before any damage, and the damage. */
export function readCaptureFile(bytes: Uint8Array): { records: CaptureRecord[]; error: CaptureFormatError | undefined; reader: CaptureFileReader } {
	const reader = new CaptureFileReader();
	const records = reader.push(bytes);
	reader.finish();
	return { records, error: reader.error, reader };
}
