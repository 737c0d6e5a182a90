/**
 * Re-packs the packets of a real capture into other container layouts (pcap big-endian, nanosecond
 * pcap, pcapng with several interfaces, sections, SPB, PB, NRB, ISB), so one real tcpdump text
 * checks the reader on every layout.
 */
import type { CaptureRecord } from '../../src/core/pcap/reader';

export type Endian = 'le' | 'be';

class Bytes {
	parts: number[] = [];
	constructor(readonly little: boolean) {}
	u8(v: number): this { this.parts.push(v & 0xff); return this; }
	u16(v: number): this {
		const b = [v & 0xff, (v >>> 8) & 0xff];
		this.parts.push(...(this.little ? b : b.reverse()));
		return this;
	}
	u32(v: number): this {
		const b = [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
		this.parts.push(...(this.little ? b : b.reverse()));
		return this;
	}
	bytes(d: Uint8Array): this { this.parts.push(...d); return this; }
	pad4(): this { while (this.parts.length % 4) { this.parts.push(0); } return this; }
	get length(): number { return this.parts.length; }
	array(): Uint8Array { return Uint8Array.from(this.parts); }
}

export function writePcap(records: readonly CaptureRecord[], linkType: number, endian: Endian, nano: boolean, snaplen = 65535): Uint8Array {
	const b = new Bytes(endian === 'le');
	b.u32(nano ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(snaplen).u32(linkType);
	for (const r of records) {
		b.u32(r.seconds).u32(nano ? r.nanos : r.micros).u32(r.capturedLength).u32(r.originalLength).bytes(r.data);
	}
	return b.array();
}

function block(b: Bytes, type: number, body: Bytes): void {
	body.pad4();
	const total = 12 + body.length;
	b.u32(type).u32(total).bytes(body.array()).u32(total);
}

export interface NgLayout {
	endian: Endian;
	/** if_tsresol byte per interface (undefined: the µs default); packets alternate between interfaces. */
	tsresol: (number | undefined)[];
	/** Packet i uses the obsolete Packet Block when true. */
	obsolete?: boolean;
	/** Insert NRB and ISB blocks and an unknown block type. */
	extras?: boolean;
	/** Start a new section (SHB + IDBs again) before this packet index. */
	newSectionAt?: number;
}

function units(tsresol: number | undefined): bigint {
	if (tsresol === undefined) {
		return 1000000n;
	}
	return tsresol & 0x80 ? 1n << BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol);
}

export function writePcapng(records: readonly CaptureRecord[], linkType: number, layout: NgLayout): Uint8Array {
	const little = layout.endian === 'le';
	const b = new Bytes(little);
	const section = () => {
		block(b, 0x0a0d0d0a, new Bytes(little).u32(0x1a2b3c4d).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff));
		for (const r of layout.tsresol) {
			const body = new Bytes(little).u16(linkType).u16(0).u32(65535);
			if (r !== undefined) {
				body.u16(9).u16(1).u8(r).pad4();
			}
			body.u16(0).u16(0);
			block(b, 1, body);
		}
	};
	section();
	records.forEach((r, i) => {
		if (layout.newSectionAt === i) {
			section();
		}
		if (layout.extras && i === 1) {
			// NRB with one IPv4 record, an ISB, and a block type nobody knows
			block(b, 4, new Bytes(little).u16(1).u16(8).u8(10).u8(0).u8(0).u8(1).bytes(new TextEncoder().encode('a.b\0')).u16(0).u16(0));
			block(b, 5, new Bytes(little).u32(0).u32(0).u32(0).u16(0).u16(0));
			block(b, 0x0bad0001, new Bytes(little).u32(42));
		}
		const ifId = i % layout.tsresol.length;
		// round up, so a binary resolution finer than 1 µs reads back as the same microsecond
		const u = units(layout.tsresol[ifId]);
		const ts = BigInt(r.seconds) * u + (BigInt(r.nanos) * u + 999999999n) / 1000000000n;
		const hi = Number(ts >> 32n);
		const lo = Number(ts & 0xffffffffn);
		const body = new Bytes(little);
		if (layout.obsolete && i % 2 === 1) {
			body.u16(ifId).u16(0).u32(hi).u32(lo).u32(r.capturedLength).u32(r.originalLength).bytes(r.data);
			block(b, 2, body);
		} else {
			body.u32(ifId).u32(hi).u32(lo).u32(r.capturedLength).u32(r.originalLength).bytes(r.data);
			block(b, 6, body);
		}
	});
	return b.array();
}

/** One SPB per packet (no time stamp, interface 0). */
export function writePcapngSimple(records: readonly CaptureRecord[], linkType: number, endian: Endian): Uint8Array {
	const little = endian === 'le';
	const b = new Bytes(little);
	block(b, 0x0a0d0d0a, new Bytes(little).u32(0x1a2b3c4d).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff));
	block(b, 1, new Bytes(little).u16(linkType).u16(0).u32(65535).u16(0).u16(0));
	for (const r of records) {
		block(b, 3, new Bytes(little).u32(r.originalLength).bytes(r.data));
	}
	return b.array();
}
