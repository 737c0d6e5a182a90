/**
 * Which packet lines get a whole-line colour, as Wireshark's default colouring rules do
 * (colorfilters: "Bad TCP" first, then "TCP RST", then "TCP SYN/FIN"; the first rule that matches a
 * packet wins). Pure (no `vscode` import): the decorations adapter runs it in slices and caches the
 * result per analysis.
 *
 * Speed: a record's parsed TCP segment is dropped after analysis and re-read from its line on
 * demand (about 13 µs a packet, 4 s for 300,000 packets), so the flag letters are read straight from
 * the text instead: `Flags [..]` on the packet's first line or, for `-v`, the second. Only captures
 * in the tcpdump 3.x style (no `Flags [`) fall back to the parsed segment.
 */
import type { CaptureAnalysis } from '../core/store/capture';
import type { FindingCode, PacketRecord } from '../core/types';

export type LineClass = 'finding' | 'rst' | 'synFin';

export interface LineSpan {
	readonly first: number;
	readonly last: number;
}

export interface LineClasses {
	/** 0-based first and last line of each decorated packet, sorted by line, per class. */
	readonly finding: LineSpan[];
	readonly rst: LineSpan[];
	readonly synFin: LineSpan[];
}

/**
 * Codes that do not make a line "bad": Wireshark's "Bad TCP" rule leaves out window updates and
 * keep-alives, and a refused connection's RST already gets the RST colour.
 */
const NOT_BAD: ReadonlySet<FindingCode> = new Set<FindingCode>(['tcp.window-update', 'tcp.keep-alive', 'tcp.keep-alive-ack', 'handshake.refused']);

const FLAGS_OPEN = 'Flags [';
/** Longest flag text tcpdump prints between the brackets (`FSRPUEW.e`, `none`). */
const MAX_FLAG_LETTERS = 12;

interface ControlFlags {
	readonly syn: boolean;
	readonly fin: boolean;
	readonly rst: boolean;
	/** The line the letters are on. */
	readonly line: number;
}

/** `Flags [..]` on the record's first line or the one after it (IPv4 `-v`), never in a dump line. */
function flagsFromText(p: PacketRecord, lineText: (line: number) => string): ControlFlags | undefined {
	const last = Math.min(p.lastLine, p.line + 1);
	for (let line = p.line; line <= last; line++) {
		const text = lineText(line);
		if (line > p.line && text.startsWith('\t0x')) {
			break;
		}
		const at = text.indexOf(FLAGS_OPEN);
		if (at >= 0) {
			const from = at + FLAGS_OPEN.length;
			const close = text.indexOf(']', from);
			const letters = close < 0 || close - from > MAX_FLAG_LETTERS ? '' : text.slice(from, close);
			return { syn: letters.includes('S'), fin: letters.includes('F'), rst: letters.includes('R'), line };
		}
	}
	return undefined;
}

function flagsFromSegment(p: PacketRecord): ControlFlags | undefined {
	const flags = p.tcp?.flags;
	return flags ? { syn: flags.syn, fin: flags.fin, rst: flags.rst, line: flags.span.line } : undefined;
}

/** Packets with a finding that makes them "bad" and whose code is shown (`shown`: its severity is not `off`). */
export function badPackets(analysis: CaptureAnalysis, shown: (code: FindingCode) => boolean): ReadonlySet<number> {
	const bad = new Set<number>();
	for (const f of analysis.findings) {
		if (!NOT_BAD.has(f.code) && shown(f.code)) {
			bad.add(f.packet);
		}
	}
	return bad;
}

export function emptyLineClasses(): LineClasses {
	return { finding: [], rst: [], synFin: [] };
}

/**
 * Classifies packets [from, to) into `into` (call with consecutive slices; spans stay sorted).
 * A packet's span runs from its first line to the line holding its TCP flags (the second line of an
 * IPv4 `-v` packet); hex and ASCII dump lines below it are not coloured.
 */
export function classifyPackets(
	analysis: CaptureAnalysis, bad: ReadonlySet<number>, lineText: (line: number) => string,
	from: number, to: number, into: LineClasses,
): void {
	const firstTcp = analysis.packets.find(p => p.protocol === 'tcp');
	const modern = firstTcp !== undefined && flagsFromText(firstTcp, lineText) !== undefined;
	const end = Math.min(to, analysis.packets.length);
	for (let i = from; i < end; i++) {
		const p = analysis.packets[i];
		if (!p || p.protocol !== 'tcp') {
			continue;
		}
		const flags = modern ? flagsFromText(p, lineText) : flagsFromSegment(p);
		const span = { first: p.line, last: Math.max(p.line, Math.min(flags?.line ?? p.line, p.lastLine)) };
		if (bad.has(p.index)) {
			into.finding.push(span);
		} else if (flags?.rst) {
			into.rst.push(span);
		} else if (flags?.syn || flags?.fin) {
			into.synFin.push(span);
		}
	}
}

/** All packets at once (tests, small captures). */
export function classifyLines(analysis: CaptureAnalysis, shown: (code: FindingCode) => boolean, lineText: (line: number) => string): LineClasses {
	const into = emptyLineClasses();
	classifyPackets(analysis, badPackets(analysis, shown), lineText, 0, analysis.packets.length, into);
	return into;
}

/** The spans that touch lines [from, to], by binary search (spans sorted by line, not overlapping). */
export function spansBetween(spans: readonly LineSpan[], from: number, to: number): readonly LineSpan[] {
	let lo = 0;
	let hi = spans.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if ((spans[mid]?.last ?? 0) < from) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	const result: LineSpan[] = [];
	for (let i = lo; i < spans.length; i++) {
		const s = spans[i];
		if (!s || s.first > to) {
			break;
		}
		result.push(s);
	}
	return result;
}
