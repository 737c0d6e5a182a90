/**
 * The ladder as plain ASCII, for a terminal or a plain-text email: one row per packet, the client's
 * lifeline left, the server's right, time since the first packet in the margin and the line number
 * and finding after the right lifeline. ASCII only (no box-drawing characters), so it survives any
 * mail client and any terminal encoding.
 *
 *   0.024310  |--[P.] seq 1:101(100) ack 1 win 502---------X        |  line 4  presumed lost: sent again on line 6
 *   0.253310  |--[P.] seq 1:101(100) ack 1 win 502------------------>|  line 6  information tcp.retransmission of line 4
 */
import type { Ladder, LadderArrow } from './layout';

const TIME_WIDTH = 11;
const MIN_INNER = 44;

/** The time column: seconds since the first packet with microseconds, or blank without timestamps. */
function timeCell(a: LadderArrow): string {
	return (a.time === undefined ? '' : a.time.toFixed(6)).padEnd(TIME_WIDTH);
}

function arrowCell(a: LadderArrow, inner: number): string {
	const label = a.label;
	if (a.presumedLost) {
		// stops short (at 80 % of the way) with an X: the segment never reached the other side
		const reach = Math.max(label.length + 4, Math.floor(inner * 0.8));
		const dashes = '-'.repeat(Math.max(1, reach - label.length - 3));
		return a.leftToRight ? `--${label}${dashes}X`.padEnd(inner) : `X${dashes}${label}--`.padStart(inner);
	}
	const fill = Math.max(1, inner - label.length - 4);
	return a.leftToRight ? `--${label}${'-'.repeat(fill)}->` : `<-${'-'.repeat(fill)}${label}--`;
}

function noteRow(text: string, inner: number): string {
	const t = ` ${text} `;
	const left = Math.max(0, Math.floor((inner - t.length) / 2));
	return `${''.padEnd(TIME_WIDTH)}|${(' '.repeat(left) + t).padEnd(inner)}|`;
}

/** What follows the right lifeline: `line 6  information tcp.retransmission of line 4`. */
function annotation(ladder: Ladder, a: LadderArrow, resentOn: ReadonlyMap<number, number>): string {
	const parts = [`line ${a.line + 1}`];
	for (const f of a.findings) {
		const of = (f.code.includes('retransmission') && a.retransmissionOf !== undefined)
			? ` of line ${(ladder.arrows[a.retransmissionOf]?.line ?? 0) + 1}` : '';
		parts.push(`${f.severity} ${f.code}${of}`);
	}
	const again = resentOn.get(a.index);
	if (a.presumedLost && again !== undefined) {
		parts.push(`presumed lost: sent again on line ${(ladder.arrows[again]?.line ?? 0) + 1}`);
	}
	return parts.join('  ');
}

/** The whole ladder as text lines (no trailing newline). */
export function ladderAscii(ladder: Ladder): string {
	const longest = ladder.arrows.reduce((m, a) => Math.max(m, a.label.length), 0);
	const inner = Math.max(MIN_INNER, longest + 8, ladder.left.length + ladder.right.length + 4);
	const resentOn = new Map<number, number>();
	for (const a of ladder.arrows) {
		if (a.retransmissionOf !== undefined && !resentOn.has(a.retransmissionOf)) {
			resentOn.set(a.retransmissionOf, a.index);
		}
	}
	const gapAfter = new Map(ladder.gaps.map(g => [g.after, g]));
	const firstClose = ladder.closeArrows[0];
	const out: string[] = [];
	const header = `${'time (s)'.padEnd(TIME_WIDTH)}${ladder.left}${ladder.right.padStart(inner + 2 - ladder.left.length)}`;
	out.push(header);
	out.push(`${''.padEnd(TIME_WIDTH)}${ladder.rolesKnown ? 'client' : ''}${(ladder.rolesKnown ? 'server' : '').padStart(inner + 2 - (ladder.rolesKnown ? 6 : 0))}`.trimEnd());
	out.push(`${''.padEnd(TIME_WIDTH)}|${' '.repeat(inner)}|`);
	if (ladder.handshakeNote && ladder.handshakeArrows.length > 0) {
		out.push(noteRow(`== ${ladder.handshakeNote} ==`, inner));
	}
	for (const a of ladder.arrows) {
		if (a.index === firstClose) {
			out.push(noteRow('== close ==', inner));
		}
		if (a.notCapturedBefore) {
			out.push(noteRow('?? bytes before this segment were not captured ??', inner));
		}
		out.push(`${timeCell(a)}|${arrowCell(a, inner)}|  ${annotation(ladder, a, resentOn)}`);
		const gap = gapAfter.get(a.index);
		if (gap) {
			out.push(`${''.padEnd(TIME_WIDTH)}~${` ${gap.seconds.toFixed(3)} s without packets (compressed) `.padStart(Math.floor(inner / 2) + 18).padEnd(inner)}~`);
		}
	}
	out.push(`${''.padEnd(TIME_WIDTH)}|${' '.repeat(inner)}|`);
	return out.map(l => l.trimEnd()).join('\n');
}
