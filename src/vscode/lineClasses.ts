/**
 * Which packet lines get a whole-line colour, as Wireshark's default colouring rules do
 * (colorfilters: "Bad TCP" first, then "TCP RST", then "TCP SYN/FIN"; the first rule that matches a
 * packet wins). Pure (no `vscode` import): the decorations adapter caches the result per analysis.
 */
import type { CaptureAnalysis } from '../core/capture';
import type { FindingCode } from '../core/types';

export type LineClass = 'finding' | 'rst' | 'synFin';

export interface LineClasses {
	/** 0-based first and last line of each decorated packet, sorted by line, per class. */
	readonly finding: readonly LineSpan[];
	readonly rst: readonly LineSpan[];
	readonly synFin: readonly LineSpan[];
}

export interface LineSpan {
	readonly first: number;
	readonly last: number;
}

/**
 * Codes that do not make a line "bad": Wireshark's "Bad TCP" rule leaves out window updates and
 * keep-alives, and a refused connection's RST already gets the RST colour.
 */
const NOT_BAD: ReadonlySet<FindingCode> = new Set<FindingCode>(['tcp.window-update', 'tcp.keep-alive', 'tcp.keep-alive-ack', 'handshake.refused']);

/**
 * @param shown whether a finding code is shown at all (its severity setting is not `off`).
 * A packet's decorated lines run from its first line to the line holding its TCP flags (the second
 * line of an IPv4 `-v` packet); hex and ASCII dump lines below it are not coloured.
 */
export function classifyLines(analysis: CaptureAnalysis, shown: (code: FindingCode) => boolean): LineClasses {
	const bad = new Set<number>();
	for (const f of analysis.findings) {
		if (!NOT_BAD.has(f.code) && shown(f.code)) {
			bad.add(f.packet);
		}
	}
	const finding: LineSpan[] = [];
	const rst: LineSpan[] = [];
	const synFin: LineSpan[] = [];
	for (const p of analysis.packets) {
		const flags = p.tcp?.flags;
		const cls: LineClass | undefined = bad.has(p.index) ? 'finding' : flags?.rst ? 'rst' : flags?.syn || flags?.fin ? 'synFin' : undefined;
		if (cls === undefined) {
			continue;
		}
		const span = { first: p.line, last: Math.max(p.line, Math.min(flags?.span.line ?? p.line, p.lastLine)) };
		(cls === 'finding' ? finding : cls === 'rst' ? rst : synFin).push(span);
	}
	return { finding, rst, synFin };
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
