/**
 * The ladder as a standalone SVG file (for tickets and documents): fixed light colours, because the
 * file leaves the editor and its theme. Every text from the capture is XML-escaped.
 */
import type { Ladder, LadderArrow } from './layout';
import type { Severity } from '../../types';

/** Geometry shared by the SVG export and the webview (which draws the same picture live). */
export const LADDER_GEOMETRY = {
	axisWidth: 80,
	headerHeight: 48,
	charWidth: 7.2,
	minSpan: 420,
	margin: 24,
	annotationWidth: 260,
} as const;

const COLOURS: Record<Severity | 'normal', string> = {
	error: '#c62828', warning: '#b26a00', information: '#1565c0', hint: '#5f6368', normal: '#202124',
};

export function escapeXml(s: string): string {
	return s.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** The distance between the two lifelines: wide enough for the longest label. */
export function ladderSpan(ladder: Ladder): number {
	const longest = ladder.arrows.reduce((m, a) => Math.max(m, a.label.length), 0);
	return Math.max(LADDER_GEOMETRY.minSpan, Math.ceil(longest * LADDER_GEOMETRY.charWidth) + 60);
}

function arrowSvg(a: LadderArrow, x0: number, x1: number, top: number, ladder: Ladder): string {
	const colour = COLOURS[a.severity ?? 'normal'];
	const [xs, xe] = a.leftToRight ? [x0, x1] : [x1, x0];
	const ys = top + a.y;
	const ye = top + a.yEnd;
	const parts: string[] = [];
	const dash = a.retransmissionOf !== undefined ? ' stroke-dasharray="6 3"' : '';
	if (a.presumedLost) {
		const xl = xs + (xe - xs) * 0.75;
		const yl = ys + (ye - ys) * 0.75;
		parts.push(`<line x1="${xs}" y1="${ys}" x2="${xl.toFixed(1)}" y2="${yl.toFixed(1)}" stroke="${colour}" stroke-width="1.5"${dash}/>`);
		parts.push(`<path d="M${(xl - 5).toFixed(1)} ${(yl - 5).toFixed(1)}l10 10m0 -10l-10 10" stroke="${COLOURS.error}" stroke-width="2"/>`);
	} else {
		parts.push(`<line x1="${xs}" y1="${ys}" x2="${xe}" y2="${ye}" stroke="${colour}" stroke-width="1.5"${dash} marker-end="url(#head-${a.severity ?? 'normal'})"/>`);
	}
	const mid = (x0 + x1) / 2;
	// above the arrow's higher end, so the slanted shaft never crosses the text
	parts.push(`<text x="${mid}" y="${(ys - 3).toFixed(1)}" text-anchor="middle" fill="${colour}">${escapeXml(a.label)}</text>`);
	const notes = [`line ${a.line + 1}`, ...a.findings.map(f => f.code)];
	if (a.retransmissionOf !== undefined) {
		notes.push(`of line ${(ladder.arrows[a.retransmissionOf]?.line ?? 0) + 1}`);
	}
	if (a.presumedLost) {
		notes.push('presumed lost');
	}
	if (a.notCapturedBefore) {
		notes.push('bytes before it not captured');
	}
	parts.push(`<text x="${x1 + 10}" y="${(ye - 2).toFixed(1)}" fill="${colour}" font-size="11">${escapeXml(notes.join(' · '))}</text>`);
	if (a.notCapturedBefore) {
		// the bytes before it never appeared: a short dashed stub that stops in a cross
		const xm = xs + (xe - xs) * 0.2;
		parts.push(`<path d="M${xs} ${ys - 8}L${xm} ${ys - 6}M${xm - 4} ${ys - 10}l8 8m0 -8l-8 8" fill="none" stroke="${COLOURS.warning}" stroke-width="1.5" stroke-dasharray="3 2"/>`);
	}
	return parts.join('');
}

export function ladderSvg(ladder: Ladder): string {
	const g = LADDER_GEOMETRY;
	const span = ladderSpan(ladder);
	const x0 = g.axisWidth + g.margin;
	const x1 = x0 + span;
	const width = x1 + g.annotationWidth;
	const top = g.headerHeight;
	const height = top + ladder.height + g.margin;
	const out: string[] = [];
	out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height.toFixed(0)}" viewBox="0 0 ${width} ${height.toFixed(0)}" font-family="monospace" font-size="12">`);
	out.push(`<title>${escapeXml(`TCP ladder: ${ladder.left} ⇄ ${ladder.right}`)}</title>`);
	out.push('<defs>');
	for (const [name, colour] of Object.entries(COLOURS)) {
		out.push(`<marker id="head-${name}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="${colour}"/></marker>`);
	}
	out.push('</defs>');
	out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
	out.push(`<text x="${x0}" y="20" text-anchor="middle" font-weight="bold" fill="${COLOURS.normal}">${escapeXml(ladder.left)}</text>`);
	out.push(`<text x="${x1}" y="20" text-anchor="middle" font-weight="bold" fill="${COLOURS.normal}">${escapeXml(ladder.right)}</text>`);
	if (ladder.rolesKnown) {
		out.push(`<text x="${x0}" y="36" text-anchor="middle" fill="${COLOURS.hint}">client</text><text x="${x1}" y="36" text-anchor="middle" fill="${COLOURS.hint}">server</text>`);
	}
	out.push(`<line x1="${x0}" y1="${top}" x2="${x0}" y2="${height - g.margin}" stroke="${COLOURS.hint}"/>`);
	out.push(`<line x1="${x1}" y1="${top}" x2="${x1}" y2="${height - g.margin}" stroke="${COLOURS.hint}"/>`);
	for (const t of ladder.ticks) {
		out.push(`<text x="${g.axisWidth}" y="${(top + t.y + 4).toFixed(1)}" text-anchor="end" fill="${COLOURS.hint}" font-size="11">${escapeXml(t.label)}</text>`);
		out.push(`<line x1="${g.axisWidth + 4}" y1="${(top + t.y).toFixed(1)}" x2="${x0}" y2="${(top + t.y).toFixed(1)}" stroke="${COLOURS.hint}" stroke-opacity="0.4"/>`);
	}
	for (const gap of ladder.gaps) {
		const y = top + gap.y + gap.height / 2;
		out.push(`<path d="M${x0 - 8} ${y - 4}l16 8M${x1 - 8} ${y - 4}l16 8" stroke="${COLOURS.hint}"/>`);
		out.push(`<text x="${(x0 + x1) / 2}" y="${y + 4}" text-anchor="middle" fill="${COLOURS.hint}" font-style="italic">${escapeXml(`${gap.seconds.toFixed(3)} s without packets`)}</text>`);
	}
	const firstHandshake = ladder.handshakeArrows[0];
	if (firstHandshake !== undefined && ladder.handshakeNote) {
		const a = ladder.arrows[firstHandshake];
		if (a) {
			out.push(`<text x="${(x0 + x1) / 2}" y="${top + a.y - 19}" text-anchor="middle" fill="${COLOURS.hint}" font-style="italic">${escapeXml(ladder.handshakeNote)}</text>`);
		}
	}
	for (const a of ladder.arrows) {
		out.push(arrowSvg(a, x0, x1, top, ladder));
	}
	out.push('</svg>');
	return out.join('\n');
}
