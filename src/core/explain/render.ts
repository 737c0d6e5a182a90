/**
 * The one place that turns hover content into markdown and escapes text. Hover builders produce
 * `HoverDoc` data; tables stay plain text. Capture text (host names, payload decodes, dump lines)
 * only ever reaches markdown through `escapeMarkdown` or a code span here.
 */

/** Text, `code`, **strong** text, or a reference to a line of the document (0-based). */
export type Inline = string | { readonly code: string } | { readonly strong: string } | { readonly line: number; readonly label?: string };

export type Block =
	| { readonly kind: 'paragraph'; readonly parts: readonly Inline[]; readonly teaching?: boolean }
	| { readonly kind: 'list'; readonly items: readonly (readonly Inline[])[]; readonly teaching?: boolean }
	| { readonly kind: 'rule' };

export interface HoverDoc {
	/** First line: what this token is, with this packet's value. */
	readonly title: readonly Inline[];
	readonly blocks: readonly Block[];
}

/** `concise`: this packet's facts only; `teaching` adds the general text that is the same on every packet. */
export type HoverVerbosity = 'concise' | 'teaching';

export interface RenderOptions {
	readonly verbosity?: HoverVerbosity;
	/**
	 * The link target for a line reference (0-based line), or undefined for plain text. The editor
	 * adapter builds it (a command link); the core only says which line.
	 */
	readonly lineLink?: (line: number) => string | undefined;
}

/**
 * Escapes characters that would change markdown meaning, and breaks up what a markdown renderer
 * would turn into a link by itself (GFM autolinks `www.…`, `https://…`, `a@b.c`; linkify's fuzzy
 * `host.example.com`): an escaped `.`, `:` or `@` renders as itself but ends the word a linkifier sees.
 */
export function escapeMarkdown(text: string): string {
	const known = escaped.get(text);
	if (known !== undefined) {
		return known;
	}
	const out = escapeUncached(text);
	if (escaped.size >= 4000) {
		escaped.clear(); // bounded: the table texts come back first
	}
	escaped.set(text, out);
	return out;
}

/** The same explanation texts are escaped on every hover: remember them. */
const escaped = new Map<string, string>();

function escapeUncached(text: string): string {
	let out = text.replace(/[\\`*_[\]<>|~@!(){}#$&]/g, m => '\\' + m);
	out = out.replace(/([A-Za-z0-9])([.:])(?=[A-Za-z0-9/])/g, '$1\\$2');
	// At the start of a line these would start a heading, a list or a quote.
	out = out.replace(/^([#+\-=>])/gm, '\\$1').replace(/^(\d+)([.)])(?=\s|$)/gm, '$1\\$2');
	return out;
}

/** Removes the escapes of `escapeMarkdown`: the text a reader sees (used by tests and plain-text output). */
export function unescapeMarkdown(text: string): string {
	return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

function codeSpan(text: string): string {
	// A code span delimiter longer than any run of backticks inside; line breaks would end the span.
	const flat = text.replace(/[\r\n]+/g, ' ');
	const runs = flat.match(/`+/g) ?? [];
	const longest = runs.reduce((m, r) => Math.max(m, r.length), 0);
	const fence = '`'.repeat(longest + 1);
	const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
	return fence + pad + flat + pad + fence;
}

/** 1-based line label for people. */
export function lineLabel(line: number): string {
	return `line ${line + 1}`;
}

export function renderInline(parts: readonly Inline[], options: RenderOptions = {}): string {
	return parts.map(p => {
		if (typeof p === 'string') {
			return escapeMarkdown(p);
		}
		if ('code' in p) {
			return codeSpan(p.code);
		}
		if ('line' in p) {
			const label = escapeMarkdown(p.label ?? lineLabel(p.line));
			const target = options.lineLink?.(p.line);
			// the target comes from the adapter (a command URI); parentheses inside it are encoded there
			return target === undefined ? label : `[${label}](${target})`;
		}
		return '**' + escapeMarkdown(p.strong) + '**';
	}).join('');
}

export function renderHover(doc: HoverDoc, options: RenderOptions = {}): string {
	const teaching = (options.verbosity ?? 'teaching') === 'teaching';
	const out: string[] = ['**' + renderInline(doc.title, options) + '**'];
	for (const b of doc.blocks) {
		if (b.kind !== 'rule' && b.teaching && !teaching) {
			continue;
		}
		switch (b.kind) {
			case 'paragraph':
				out.push(renderInline(b.parts, options));
				break;
			case 'list':
				out.push(b.items.map(i => '- ' + renderInline(i, options)).join('\n'));
				break;
			case 'rule':
				out.push('---');
				break;
		}
	}
	// no rule at the end (concise may have dropped what followed it)
	while (out.length > 1 && out[out.length - 1] === '---') {
		out.pop();
	}
	return out.join('\n\n');
}

/** The lines a document refers to, in order of appearance, each once. */
export function lineReferences(doc: HoverDoc): number[] {
	const seen = new Set<number>();
	const visit = (parts: readonly Inline[]): void => {
		for (const p of parts) {
			if (typeof p === 'object' && 'line' in p) {
				seen.add(p.line);
			}
		}
	};
	visit(doc.title);
	for (const b of doc.blocks) {
		if (b.kind === 'paragraph') {
			visit(b.parts);
		} else if (b.kind === 'list') {
			b.items.forEach(visit);
		}
	}
	return [...seen];
}

export const p = (...parts: Inline[]): Block => ({ kind: 'paragraph', parts });
/** General text, the same on every packet: shown only with `tcpdump.hover.verbosity` = `teaching`. */
export const teach = (...parts: Inline[]): Block => ({ kind: 'paragraph', parts, teaching: true });
export const code = (text: string): Inline => ({ code: text });
export const strong = (text: string): Inline => ({ strong: text });
/** A reference to a 0-based line, rendered "line N" (a link in the editor). */
export const lineRef = (line: number, label?: string): Inline => (label === undefined ? { line } : { line, label });
