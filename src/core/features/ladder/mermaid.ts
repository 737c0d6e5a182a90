/**
 * The ladder as a Mermaid `sequenceDiagram`, for Markdown on GitHub, wikis and tickets.
 *
 * Written against the sequenceDiagram lexer (mermaid `src/diagrams/sequence/parser/sequenceDiagram.jison`):
 * - participant ids are bare words (`C`, `S`): an actor token cannot hold `-`, `>`, `:`, `,`, `;`
 *   or `+`, and an address.port is full of dots and colons; the endpoint goes in the `as` alias,
 *   whose text runs to the end of the line but may not hold `#` or `;`;
 * - a message or note text runs from `:` to the end of the line and may not hold `#` or `;` (they
 *   end it), so they and the characters Mermaid would read as markup (`<`, `>`, `%`) are written as
 *   Mermaid entity codes (`#59;`, `#35;`, `#lt;`, `#gt;`, `#37;`), which Mermaid decodes before drawing;
 * - `->>` a packet, `-->>` (dotted) a retransmission, `-x` a segment presumed lost;
 * - the lexer is case-insensitive and tries its rules in order, so a keyword (`end`, `note`, `loop`…)
 *   at the start of a participant id would be read as the keyword: the ids are `Client`/`Server`
 *   (or `A`/`B`), which start with none.
 * Checked by hand against that grammar (the mermaid package is too large to be a dev dependency);
 * test/unit/ladder.test.ts asserts those rules on every line the export writes.
 * Mermaid places each message on its own row and cannot slant arrows (no two arrows at one
 * height), so time shows only in the text: `+24.31 ms` before each label.
 */
import { formatOffset, type Ladder } from './layout';

const MERMAID_ENTITIES: Record<string, string> = { '#': '#35;', ';': '#59;', '<': '#lt;', '>': '#gt;', '%': '#37;' };

/** Makes text safe inside a Mermaid message, note or alias. */
export function mermaidText(text: string): string {
	return text
		.replace(/[\r\n]+/g, ' ')
		// one pass: the `;` of an inserted `#35;` must not be escaped again
		.replace(/[#;<>%]/g, c => MERMAID_ENTITIES[c] ?? c)
		// Mermaid's encodeEntities first drops the last `;` of any line matching `style.*:\S*#.*;` or
		// `classDef.*:\S*#.*;` (it reads them as style statements), which would break an entity code
		// (a host name can hold `style`): one letter of those words is written as an entity code too
		.replace(/style|classDef/g, w => `#${w.charCodeAt(0)};${w.slice(1)}`);
}

export function ladderMermaid(ladder: Ladder): string {
	const [l, r] = ladder.rolesKnown ? ['Client', 'Server'] : ['A', 'B'];
	const out = ['sequenceDiagram'];
	out.push(`    participant ${l} as ${mermaidText(ladder.left)}`);
	out.push(`    participant ${r} as ${mermaidText(ladder.right)}`);
	const firstHandshake = ladder.handshakeArrows[0];
	const firstClose = ladder.closeArrows[0];
	const gapAfter = new Map(ladder.gaps.map(g => [g.after, g]));
	for (const a of ladder.arrows) {
		if (a.index === firstHandshake && ladder.handshakeNote) {
			out.push(`    Note over ${l},${r}: ${mermaidText(ladder.handshakeNote)}`);
		}
		if (a.index === firstClose) {
			out.push(`    Note over ${l},${r}: close`);
		}
		if (a.notCapturedBefore) {
			out.push(`    Note over ${l},${r}: bytes before this segment were not captured`);
		}
		const [from, to] = a.leftToRight ? [l, r] : [r, l];
		const arrow = a.presumedLost ? '-x' : a.retransmissionOf !== undefined ? '-->>' : '->>';
		const time = a.time === undefined ? '' : `+${formatOffset(a.time)} `;
		const findings = a.findings.map(f => f.code).join(', ');
		const original = a.retransmissionOf !== undefined ? ` (of line ${(ladder.arrows[a.retransmissionOf]?.line ?? 0) + 1})` : '';
		const text = `${time}${a.label}${findings ? ` [${findings}${original}]` : ''}${a.presumedLost ? ' (presumed lost)' : ''} (line ${a.line + 1})`;
		out.push(`    ${from}${arrow}${to}: ${mermaidText(text)}`);
		const gap = gapAfter.get(a.index);
		if (gap) {
			out.push(`    Note over ${l},${r}: ${mermaidText(`${gap.seconds.toFixed(3)} s without packets`)}`);
		}
	}
	return out.join('\n');
}
