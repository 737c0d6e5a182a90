/**
 * The ladder as the webview receives it: columns of numbers and a few joined strings instead of one
 * object per arrow. A 10,000-packet connection's `Ladder` is about 4 MiB of JSON (field names
 * repeated 10,000 times, every tick an object); this is about a sixth of that, and the webview
 * reads it without building an object per field. The packets' line texts are not in it: the
 * webview asks for one when an arrow is hovered (`lineText`).
 *
 * media/ladder.js decodes it (`decodeWire`); `decodeLadderWire` below is the same reading in
 * TypeScript, for the unit test that checks nothing is lost on the way.
 */
import type { Ladder, LadderArrow, LadderFinding, LadderGap, LadderPhase } from './layout';
import type { FindingCode, Severity } from '../../types';

/** Bits of `LadderWire.bits[i]`. The webview (media/ladder.js) uses the same values. */
export const WIRE_BITS = {
	leftToRight: 1,
	presumedLost: 2,
	notCapturedBefore: 4,
	/** Bits 3-4: index into `WIRE_PHASES`. */
	phaseShift: 3,
	/** Bits 5-7: index into `WIRE_SEVERITIES` (0: no finding). */
	severityShift: 5,
} as const;

export const WIRE_PHASES: readonly LadderPhase[] = ['data', 'handshake', 'close', 'reset'];
export const WIRE_SEVERITIES: readonly (Severity | undefined)[] = [undefined, 'hint', 'information', 'warning', 'error'];

export interface LadderWire {
	readonly format: 1;
	readonly connection: number;
	readonly left: string;
	readonly right: string;
	readonly rolesKnown: boolean;
	readonly height: number;
	readonly slant: number;
	readonly handshakeNote: string | null;
	/** First arrow of the handshake / of the close, -1 when there is none. */
	readonly firstHandshake: number;
	readonly firstClose: number;
	readonly count: number;
	/** Characters of the longest label (the webview sizes the space between the lifelines with it). */
	readonly longestLabel: number;
	/** Per arrow (length `count`): where it leaves its sender (`yEnd` = `y + slant`). */
	readonly y: readonly number[];
	/** Seconds since the first packet; -1 without a timestamp. */
	readonly time: readonly number[];
	/** 0-based line; index into the analysis' packets. */
	readonly line: readonly number[];
	readonly packet: readonly number[];
	readonly bits: readonly number[];
	/** The labels, joined by `\n` (a label comes from one line, so it never holds one). */
	readonly labels: string;
	/** Pairs: [arrow, the arrow it retransmits, …]. */
	readonly retransmissions: readonly number[];
	/** Quadruples: [arrow, code, severity, message, …], the last three indices into `strings`. */
	readonly findings: readonly number[];
	readonly strings: readonly string[];
	readonly tickY: readonly number[];
	/** Tick labels joined by `\n`. */
	readonly tickLabels: string;
	readonly gaps: readonly LadderGap[];
}

export function ladderWire(ladder: Ladder): LadderWire {
	const n = ladder.arrows.length;
	const y = new Array<number>(n);
	const time = new Array<number>(n);
	const line = new Array<number>(n);
	const packet = new Array<number>(n);
	const bits = new Array<number>(n);
	const labels = new Array<string>(n);
	const retransmissions: number[] = [];
	const findings: number[] = [];
	const strings: string[] = [];
	const stringIndex = new Map<string, number>();
	const intern = (s: string): number => {
		let i = stringIndex.get(s);
		if (i === undefined) {
			i = strings.length;
			strings.push(s);
			stringIndex.set(s, i);
		}
		return i;
	};
	let longestLabel = 0;
	for (let i = 0; i < n; i++) {
		const a = ladder.arrows[i];
		if (!a) {
			continue;
		}
		y[i] = a.y;
		time[i] = a.time ?? -1;
		line[i] = a.line;
		packet[i] = a.packet;
		bits[i] = (a.leftToRight ? WIRE_BITS.leftToRight : 0)
			| (a.presumedLost ? WIRE_BITS.presumedLost : 0)
			| (a.notCapturedBefore ? WIRE_BITS.notCapturedBefore : 0)
			| (WIRE_PHASES.indexOf(a.phase) << WIRE_BITS.phaseShift)
			| (WIRE_SEVERITIES.indexOf(a.severity) << WIRE_BITS.severityShift);
		labels[i] = a.label;
		longestLabel = Math.max(longestLabel, a.label.length);
		if (a.retransmissionOf !== undefined) {
			retransmissions.push(i, a.retransmissionOf);
		}
		for (const f of a.findings) {
			findings.push(i, intern(f.code), intern(f.severity), intern(f.message));
		}
	}
	return {
		format: 1,
		connection: ladder.connection,
		left: ladder.left,
		right: ladder.right,
		rolesKnown: ladder.rolesKnown,
		height: ladder.height,
		slant: ladder.slant,
		handshakeNote: ladder.handshakeNote ?? null,
		firstHandshake: ladder.handshakeArrows[0] ?? -1,
		firstClose: ladder.closeArrows[0] ?? -1,
		count: n,
		longestLabel,
		y, time, line, packet, bits,
		labels: labels.join('\n'),
		retransmissions,
		findings,
		strings,
		tickY: ladder.ticks.map(t => t.y),
		tickLabels: ladder.ticks.map(t => t.label).join('\n'),
		gaps: ladder.gaps,
	};
}

/** One arrow as the webview sees it after decoding: the layout's arrow without its flag letters (the label has them). */
export type WireArrow = Omit<LadderArrow, 'flags'>;

/** The reading media/ladder.js does, in TypeScript (for the round-trip test). */
export function decodeLadderWire(w: LadderWire): WireArrow[] {
	const labels = w.count === 0 ? [] : w.labels.split('\n');
	const findings = new Map<number, LadderFinding[]>();
	for (let k = 0; k + 3 < w.findings.length; k += 4) {
		const arrow = w.findings[k] ?? -1;
		const list = findings.get(arrow) ?? [];
		list.push({
			code: (w.strings[w.findings[k + 1] ?? -1] ?? '') as FindingCode,
			severity: (w.strings[w.findings[k + 2] ?? -1] ?? 'information') as Severity,
			message: w.strings[w.findings[k + 3] ?? -1] ?? '',
		});
		findings.set(arrow, list);
	}
	const retransmissionOf = new Map<number, number>();
	for (let k = 0; k + 1 < w.retransmissions.length; k += 2) {
		retransmissionOf.set(w.retransmissions[k] ?? -1, w.retransmissions[k + 1] ?? -1);
	}
	const arrows: WireArrow[] = [];
	for (let i = 0; i < w.count; i++) {
		const bits = w.bits[i] ?? 0;
		const y = w.y[i] ?? 0;
		const time = w.time[i] ?? -1;
		arrows.push({
			index: i,
			packet: w.packet[i] ?? -1,
			line: w.line[i] ?? -1,
			leftToRight: (bits & WIRE_BITS.leftToRight) !== 0,
			y,
			yEnd: y + w.slant,
			time: time < 0 ? undefined : time,
			label: labels[i] ?? '',
			phase: WIRE_PHASES[(bits >> WIRE_BITS.phaseShift) & 3] ?? 'data',
			severity: WIRE_SEVERITIES[(bits >> WIRE_BITS.severityShift) & 7],
			findings: findings.get(i) ?? [],
			retransmissionOf: retransmissionOf.get(i),
			presumedLost: (bits & WIRE_BITS.presumedLost) !== 0,
			notCapturedBefore: (bits & WIRE_BITS.notCapturedBefore) !== 0,
		});
	}
	return arrows;
}
