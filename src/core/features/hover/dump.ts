/**
 * Hovers on the continuation lines of a packet: `-x/-X/-xx/-XX` hex dump lines (offset, bytes,
 * ASCII column: which header each byte belongs to), `-A` ASCII lines and `-v` decode lines.
 */
import { sourceLineOf } from '../connectionView';
import { ARP_FIELDS, DUMP_TEXTS, ETHERNET_FIELDS, type FieldRange, ICMP_FIELDS, IPV4_FIELDS, IPV6_FIELDS, SLL2_FIELDS, TCP_FIELDS, UDP_FIELDS, VLAN_FIELDS } from '../../explain/dumpLayout';
import { type Block, type HoverDoc, type Inline, code, lineRef, p, teach } from '../../explain/render';
import type { PacketRecord, Span } from '../../types';
import type { Ctx } from './context';

interface HexLine {
	readonly offset: number;
	readonly offsetSpan: readonly [number, number];
	/** Each group of (up to) two bytes: its columns and its first byte's offset. */
	readonly groups: readonly { readonly start: number; readonly end: number; readonly byte: number; readonly bytes: number[] }[];
	readonly ascii: readonly [number, number] | undefined;
}

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102);

/** `\t0x0010:  cb00 710a c822 …  ..q.."` → offset, groups, ASCII column; undefined when not a hex line. */
export function parseHexLine(text: string): HexLine | undefined {
	let i = 0;
	while (i < text.length && i < 16 && (text[i] === '\t' || text[i] === ' ')) {
		i++;
	}
	if (i === 0 || !text.startsWith('0x', i)) {
		return undefined;
	}
	const offStart = i;
	let j = i + 2;
	while (j < text.length && j - i < 10 && isHex(text.charCodeAt(j))) {
		j++;
	}
	if (text[j] !== ':' || j === i + 2) {
		return undefined;
	}
	const offset = parseInt(text.slice(i + 2, j), 16);
	const offsetSpan = [offStart, j + 1] as const;
	let k = j + 1;
	const groups: { start: number; end: number; byte: number; bytes: number[] }[] = [];
	let byte = offset;
	while (groups.length < 8) {
		let s = k;
		while (text[s] === ' ' && s - k < 2) {
			s++;
		}
		let e = s;
		while (e < text.length && e - s < 4 && isHex(text.charCodeAt(e))) {
			e++;
		}
		if (e === s || (e - s) % 2 !== 0 || (text[e] !== ' ' && e !== text.length)) {
			break;
		}
		const bytes: number[] = [];
		for (let b = s; b < e; b += 2) {
			bytes.push(parseInt(text.slice(b, b + 2), 16));
		}
		groups.push({ start: s, end: e, byte, bytes });
		byte += bytes.length;
		k = e;
	}
	if (groups.length === 0) {
		return undefined;
	}
	let a = k;
	while (a < text.length && text[a] === ' ') {
		a++;
	}
	const ascii = a < text.length && a - k >= 2 ? [a, text.length] as const : undefined;
	return { offset, offsetSpan, groups, ascii };
}

interface Region {
	readonly start: number;
	readonly end: number;
	readonly header: string;
	readonly fields: readonly FieldRange[];
}

/** Layouts already read, per packet record: a hover moving along a dump line reads them once. */
const layouts = new WeakMap<PacketRecord, { regions: Region[]; from: 'link' | 'ip' | 'unknown'; firstHexLine: number | undefined }>();

function packetLayout(ctx: Ctx): { regions: Region[]; from: 'link' | 'ip' | 'unknown'; firstHexLine: number | undefined } {
	let known = layouts.get(ctx.record);
	if (!known) {
		const { bytes, firstHexLine } = packetBytes(ctx);
		known = { ...layout(bytes, ctx.record.interfaceName !== undefined), firstHexLine };
		layouts.set(ctx.record, known);
	}
	return known;
}

/** The first bytes of the packet, from its hex lines (enough for the headers). */
function packetBytes(ctx: Ctx): { bytes: number[]; firstHexLine: number | undefined } {
	const bytes: number[] = [];
	let firstHexLine: number | undefined;
	const last = Math.min(ctx.record.lastLine, ctx.record.line + 24);
	for (let l = ctx.record.line + 1; l <= last && bytes.length < 160; l++) {
		const h = parseHexLine(ctx.lineText(l) ?? '');
		if (!h) {
			continue;
		}
		firstHexLine ??= l;
		for (const g of h.groups) {
			bytes.push(...g.bytes);
		}
	}
	return { bytes, firstHexLine };
}

const ETHERTYPE_NEXT = new Set([0x0800, 0x86dd, 0x0806, 0x8100, 0x88a8]);
const u16 = (b: number[], i: number): number => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);

/** Which header each byte of the dump belongs to, as far as the bytes tell. */
export function layout(bytes: number[], hasInterface: boolean): { regions: Region[]; from: 'link' | 'ip' | 'unknown' } {
	const regions: Region[] = [];
	let at = 0;
	let type: number | undefined;
	let from: 'link' | 'ip' | 'unknown' = 'ip';
	const v = (bytes[0] ?? 0) >> 4;
	if (hasInterface && ETHERTYPE_NEXT.has(u16(bytes, 0)) && ((bytes[20] ?? 0) >> 4 === 4 || (bytes[20] ?? 0) >> 4 === 6)) {
		regions.push({ start: 0, end: 20, header: 'Linux cooked header (SLL2, -i any)', fields: SLL2_FIELDS });
		type = u16(bytes, 0);
		at = 20;
		from = 'link';
	} else if (v === 4 && ((bytes[0] ?? 0) & 15) >= 5) {
		type = 0x0800;
	} else if (v === 6) {
		type = 0x86dd;
	} else if (u16(bytes, 0) === 1 && u16(bytes, 2) === 0x0800 && bytes[4] === 6 && bytes[5] === 4) {
		type = 0x0806;
	} else if (ETHERTYPE_NEXT.has(u16(bytes, 12))) {
		regions.push({ start: 0, end: 14, header: 'Ethernet header', fields: ETHERNET_FIELDS });
		type = u16(bytes, 12);
		at = 14;
		from = 'link';
		while ((type === 0x8100 || type === 0x88a8) && at + 4 <= bytes.length) {
			regions.push({ start: at, end: at + 4, header: '802.1Q VLAN tag', fields: VLAN_FIELDS });
			type = u16(bytes, at + 2);
			at += 4;
		}
	} else {
		return { regions, from: 'unknown' };
	}
	let proto: number | undefined;
	if (type === 0x0800) {
		const ihl = ((bytes[at] ?? 0) & 15) * 4;
		regions.push({ start: at, end: at + Math.max(ihl, 20), header: 'IPv4 header', fields: IPV4_FIELDS });
		proto = bytes[at + 9];
		at += Math.max(ihl, 20);
	} else if (type === 0x86dd) {
		regions.push({ start: at, end: at + 40, header: 'IPv6 header', fields: IPV6_FIELDS });
		proto = bytes[at + 6];
		at += 40;
	} else if (type === 0x0806) {
		regions.push({ start: at, end: at + 28, header: 'ARP message', fields: ARP_FIELDS });
		return { regions, from };
	}
	if (proto === 6 && at + 13 <= bytes.length) {
		const hl = ((bytes[at + 12] ?? 0) >> 4) * 4;
		regions.push({ start: at, end: at + Math.max(hl, 20), header: 'TCP header', fields: TCP_FIELDS });
		at += Math.max(hl, 20);
	} else if (proto === 17) {
		regions.push({ start: at, end: at + 8, header: 'UDP header', fields: UDP_FIELDS });
		at += 8;
	} else if (proto === 1 || proto === 58) {
		regions.push({ start: at, end: at + 8, header: proto === 1 ? 'ICMP header' : 'ICMPv6 header', fields: ICMP_FIELDS });
		at += 8;
	} else {
		return { regions, from };
	}
	regions.push({ start: at, end: Number.MAX_SAFE_INTEGER, header: 'payload', fields: [] });
	return { regions, from };
}

/** `IPv4 header: TTL, protocol` for the bytes [a, b). */
function describeBytes(regions: readonly Region[], a: number, b: number): string[] {
	const out: string[] = [];
	for (const r of regions) {
		if (r.end <= a || r.start >= b) {
			continue;
		}
		const names: string[] = [];
		for (const [s, e, name] of r.fields) {
			if (r.start + e > a && r.start + s < b && !names.includes(name)) {
				names.push(name);
			}
		}
		const from = Math.max(a, r.start) - r.start;
		const to = Math.min(b, r.end) - r.start - 1;
		const range = r.header === 'payload' ? `payload bytes ${from + 1}–${to + 1}` : `${r.header} bytes ${from}–${to}`;
		out.push(names.length > 0 ? `${range} (${names.join(', ')})` : range);
	}
	return out;
}

const hex4 = (n: number): string => '0x' + n.toString(16).padStart(4, '0');

export function hexDumpHover(ctx: Ctx, line: number, pos: number): { span: Span; doc: HoverDoc } | undefined {
	const text = ctx.lineText(line) ?? '';
	const h = parseHexLine(text);
	if (!h) {
		return undefined;
	}
	const { regions, from, firstHexLine } = packetLayout(ctx);
	const start = from === 'link' ? 'starts at the link-layer header (-xx/-XX)' : from === 'ip' ? 'starts after the link-layer header, at the network layer (-x/-X)' : 'starts at a header tcpdump Lens does not recognise';
	const origin: Block = p(`This dump ${start}`, ...(firstHexLine !== undefined ? [' (', lineRef(firstHexLine), ')'] as Inline[] : []), '.');
	const lastByte = (h.groups[h.groups.length - 1]?.byte ?? h.offset) + (h.groups[h.groups.length - 1]?.bytes.length ?? 1) - 1;
	const lineRange = (): Inline[][] => describeBytes(regions, h.offset, lastByte + 1).map(s => [s]);
	if (pos >= h.offsetSpan[0] && pos < h.offsetSpan[1]) {
		return {
			span: { line, start: h.offsetSpan[0], end: h.offsetSpan[1] },
			doc: { title: [code(text.slice(h.offsetSpan[0], h.offsetSpan[1])), ` — offset ${h.offset}: this line shows bytes ${h.offset}–${lastByte} of the packet`], blocks: [{ kind: 'list', items: lineRange() }, origin, teach(DUMP_TEXTS.hex)] },
		};
	}
	for (const g of h.groups) {
		if (pos >= g.start && pos < g.end) {
			const last = g.byte + g.bytes.length - 1;
			const where = describeBytes(regions, g.byte, last + 1);
			let value = g.bytes.length === 2 ? ` = ${u16(g.bytes, 0)}` : ` = ${g.bytes[0] ?? 0}`;
			const tag = regions.find(r => r.header === '802.1Q VLAN tag' && r.start === g.byte);
			if (tag && g.bytes.length === 2) {
				const tci = u16(g.bytes, 0);
				value += `: priority ${tci >> 13}, DEI ${(tci >> 12) & 1}, VLAN ID ${tci & 0xfff}`;
			}
			return {
				span: { line, start: g.start, end: g.end },
				doc: {
					title: [code(text.slice(g.start, g.end)), ` — byte${g.bytes.length > 1 ? `s ${g.byte}–${last}` : ` ${g.byte}`} (${hex4(g.byte)}): ${where.join('; ') || 'not named'}`],
					blocks: [p(`Value 0x${text.slice(g.start, g.end)}${value}.`), origin, teach(DUMP_TEXTS.hex)],
				},
			};
		}
	}
	if (h.ascii && pos >= h.ascii[0] && pos < h.ascii[1]) {
		return {
			span: { line, start: h.ascii[0], end: h.ascii[1] },
			doc: { title: ['ASCII of bytes ', `${h.offset}–${lastByte}`, ' (-X)'], blocks: [{ kind: 'list', items: lineRange() }, teach(DUMP_TEXTS.ascii)] },
		};
	}
	return undefined;
}

/** A continuation line that is not hex: `-A` ASCII (unindented) or a `-v` decode line (indented). */
export function textLineHover(ctx: Ctx, line: number, pos: number): { span: Span; doc: HoverDoc } | undefined {
	const text = ctx.lineText(line) ?? '';
	if (pos < 0 || pos >= text.length || /\s/.test(text.charAt(pos))) {
		return undefined;
	}
	let s = pos;
	while (s > 0 && !/\s/.test(text.charAt(s - 1)) && pos - s < 200) {
		s--;
	}
	let e = pos;
	while (e < text.length && !/\s/.test(text.charAt(e)) && e - pos < 200) {
		e++;
	}
	const word = text.slice(s, e);
	const indented = /^[\t ]/.test(text);
	return {
		span: { line, start: s, end: e },
		doc: {
			title: [code(word), indented ? ' — part of tcpdump\'s verbose decode of the packet above' : ' — text of the packet above, printed by tcpdump -A'],
			blocks: [p('Packet line: ', lineRef(sourceLineOf(ctx.record)), '.'), teach(indented ? DUMP_TEXTS.decode : DUMP_TEXTS.asciiOnly)],
		},
	};
}
