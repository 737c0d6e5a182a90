/**
 * The one place that turns hover content into markdown and escapes text. Hover builders produce
 * `HoverDoc` data; tables stay plain text.
 */

/** Text, `code` or **strong** text. */
export type Inline = string | { readonly code: string } | { readonly strong: string };

export type Block =
	| { readonly kind: 'paragraph'; readonly parts: readonly Inline[] }
	| { readonly kind: 'list'; readonly items: readonly (readonly Inline[])[] }
	| { readonly kind: 'rule' };

export interface HoverDoc {
	/** First line, rendered bold-ish as a heading line. */
	readonly title: readonly Inline[];
	readonly blocks: readonly Block[];
}

/** Escapes characters that would change markdown meaning; keeps `+`, `-`, `.` readable mid-line. */
export function escapeMarkdown(text: string): string {
	let out = text.replace(/[\\`*_[\]<>|~]/g, m => '\\' + m);
	// At the start of a line these would start a heading, a list or a quote.
	out = out.replace(/^([#+\-=>])/gm, '\\$1').replace(/^(\d+)([.)])(?=\s|$)/gm, '$1\\$2');
	return out;
}

function codeSpan(text: string): string {
	// A code span delimiter longer than any run of backticks inside.
	const runs = text.match(/`+/g) ?? [];
	const longest = runs.reduce((m, r) => Math.max(m, r.length), 0);
	const fence = '`'.repeat(longest + 1);
	const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
	return fence + pad + text + pad + fence;
}

export function renderInline(parts: readonly Inline[]): string {
	return parts.map(p => {
		if (typeof p === 'string') {
			return escapeMarkdown(p);
		}
		if ('code' in p) {
			return codeSpan(p.code);
		}
		return '**' + escapeMarkdown(p.strong) + '**';
	}).join('');
}

export function renderHover(doc: HoverDoc): string {
	const out: string[] = ['**' + renderInline(doc.title) + '**'];
	for (const b of doc.blocks) {
		switch (b.kind) {
			case 'paragraph':
				out.push(renderInline(b.parts));
				break;
			case 'list':
				out.push(b.items.map(i => '- ' + renderInline(i)).join('\n'));
				break;
			case 'rule':
				out.push('---');
				break;
		}
	}
	return out.join('\n\n');
}

export const p = (...parts: Inline[]): Block => ({ kind: 'paragraph', parts });
export const code = (text: string): Inline => ({ code: text });
export const strong = (text: string): Inline => ({ strong: text });
