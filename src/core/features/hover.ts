/**
 * Hovers that teach: for the token under the cursor, what it means, with this packet's own numbers.
 *
 * `hoverAt(analysis, { line: 1, character: 70 })` on
 * `192.168.1.11.23 > 192.168.1.12.1051: S 4279842714:4279842714(0) ack 4255483972 win 32120 (DF)`
 * explains `ack 4255483972` as "= client ISN 4255483971 + 1: acknowledges the SYN (line 1)".
 *
 * This file finds the token and dispatches; `hover/` holds one module per layer explained
 * (link/IP, seq/ack and flags, window and options, time, dump lines, other protocols). Texts come
 * from `explain/`; `explain/render.ts` owns markdown and escaping. The first line of every hover
 * answers "what is this, here" with this packet's values; general text is marked `teaching`.
 */
import type { CaptureAnalysis } from '../store/capture';
import { IP_HEADER_FIELDS } from '../explain/fields';
import { type HoverDoc, type HoverVerbosity, lineReferences, renderHover } from '../explain/render';
import { type Ctx, findingBlocks } from './hover/context';
import { hexDumpHover, parseHexLine, textLineHover } from './hover/dump';
import { explainQuotedTcp, quotedTcpAt } from './hover/icmpQuote';
import { lineTokenAt } from './hover/lineTokens';
import { explainAddress, explainDf, explainDirection, explainInterface, explainIpField, explainLinkToken, explainPort } from './hover/linkLayer';
import { bannerHover, explainLineWord } from './hover/otherProtocols';
import { explainAck, explainFlag, explainFlagSet, explainLength, explainSeq, explainUrg } from './hover/seqAck';
import { explainPacketNumber, explainTimestamp } from './hover/time';
import { explainOption, explainOptionList, explainWin } from './hover/window';
import { parseLineHeader } from '../scan/packetLine';
import type { Endpoint, PacketRecord, Position, Span, TcpOption } from '../types';

export type { HoverVerbosity } from '../explain/render';

export interface HoverOptions {
	/** `teaching` (default) adds the general text; `concise` keeps this packet's facts. */
	readonly verbosity?: HoverVerbosity;
	/**
	 * The text of a 0-based line. Without it only the tokens the parser kept get a hover (no `-e`
	 * link layer, checksum, dump lines or non-TCP words).
	 */
	readonly lineText?: (line: number) => string | undefined;
	/** Link target for "line N" (the editor passes a command URI); plain text without it. */
	readonly lineLink?: (line: number) => string | undefined;
}

export interface HoverResult {
	/** The token the hover explains. */
	readonly span: Span;
	readonly markdown: string;
	/** The 0-based lines the hover refers to ("line N"), in order: the adapter links them. */
	readonly lines: readonly number[];
}

type Token =
	| { readonly kind: 'packetNumber' | 'timestamp' | 'interface' | 'direction' | 'df'; readonly span: Span }
	| { readonly kind: 'address' | 'port'; readonly span: Span; readonly endpoint: Endpoint; readonly isSrc: boolean }
	| { readonly kind: 'flag'; readonly span: Span; readonly char: string }
	| { readonly kind: 'seq' | 'ack' | 'win' | 'urg' | 'length'; readonly span: Span }
	| { readonly kind: 'option'; readonly span: Span; readonly option: TcpOption }
	| { readonly kind: 'options'; readonly span: Span }
	| { readonly kind: 'ipField'; readonly span: Span; readonly field: string; readonly text: string };

const NO_TEXT = (): undefined => undefined;

/**
 * The hover for the token at `position`, or undefined when there is nothing to explain.
 * Meant never to throw on odd input (the tests hover every position of real captures); the
 * editor adapter still catches, since a hover is a convenience.
 */
export function hoverAt(analysis: CaptureAnalysis, position: Position, options: HoverOptions = {}): HoverResult | undefined {
	const found = find(analysis, position, options.lineText ?? NO_TEXT);
	if (!found) {
		return undefined;
	}
	const markdown = renderHover(found.doc, { verbosity: options.verbosity, lineLink: options.lineLink });
	return { span: found.span, markdown, lines: lineReferences(found.doc) };
}

function find(analysis: CaptureAnalysis, position: Position, lineText: (line: number) => string | undefined): { span: Span; doc: HoverDoc } | undefined {
	const record = analysis.packetAtLine(position.line);
	if (!record) {
		const text = lineText(position.line);
		return text === undefined ? undefined : bannerHover(text, position.line, position.character);
	}
	const conn = record.tcpInfo ? analysis.connections[record.tcpInfo.connection] : undefined;
	const ctx: Ctx = { analysis, record, tcp: record.tcp, conn, lineText };
	const quoted = quotedTcpAt(ctx, position);
	if (quoted) {
		return { span: quoted.span, doc: explainQuotedTcp(ctx, quoted.quote) };
	}
	const token = tokenAt(record, position);
	if (token) {
		const doc = explainToken(ctx, token);
		if (doc) {
			// each finding once, even when two analyses report the same code on this token
			const findings = analysis.findingsForPacket(record.index).filter((f, i, all) => overlaps(f.span, token.span) && all.findIndex(g => g.code === f.code && overlaps(g.span, token.span)) === i);
			return { span: token.span, doc: findings.length > 0 ? { title: doc.title, blocks: [...doc.blocks, { kind: 'rule' }, ...findingBlocks(findings)] } : doc };
		}
	}
	const text = lineText(position.line);
	if (text === undefined) {
		return undefined;
	}
	const packetLines = new Set([record.line, record.tcp?.line ?? record.line]);
	if (!packetLines.has(position.line)) {
		return parseHexLine(text) ? hexDumpHover(ctx, position.line, position.character) : textLineHover(ctx, position.line, position.character);
	}
	const restStart = position.line === record.line ? parseLineHeader(text, position.line).restStart : 0;
	const lt = lineTokenAt(text, position.line, position.character, restStart);
	if (!lt) {
		return undefined;
	}
	const flags = record.tcp?.flags;
	// `Flags`, and the brackets around the letters: the flags as a whole
	if (flags && (lt.kind === 'flagsKeyword' || (lt.kind === 'word' && lt.span.line === flags.span.line && lt.span.start <= flags.span.start && lt.span.end >= flags.span.end))) {
		const doc = explainFlagSet(ctx);
		return doc ? { span: lt.span, doc } : undefined;
	}
	if (record.tcp && lt.kind === 'word' && lt.text === 'options' && record.tcp.optionsSpan) {
		const doc = explainOptionList(ctx);
		return doc ? { span: lt.span, doc } : undefined;
	}
	const doc = explainLinkToken(ctx, lt) ?? explainLineWord(ctx, text, restStart, lt);
	return { span: lt.span, doc };
}

function inSpan(span: Span | undefined, pos: Position): boolean {
	return !!span && span.line === pos.line && pos.character >= span.start && pos.character < span.end;
}

function overlaps(a: Span, b: Span): boolean {
	return a.line === b.line && a.start < b.end && b.start < a.end;
}

/** The value span widened to include its keyword (`ack ` before `4255483972`), for hit-testing only. */
function withKeyword(span: Span, keyword: string): Span {
	return { line: span.line, start: Math.max(0, span.start - keyword.length - 1), end: span.end };
}

function tokenAt(record: PacketRecord, pos: Position): Token | undefined {
	if (inSpan(record.packetNumberSpan, pos) && record.packetNumberSpan) {
		return { kind: 'packetNumber', span: record.packetNumberSpan };
	}
	if (record.timestamp && inSpan(record.timestamp.span, pos)) {
		return { kind: 'timestamp', span: record.timestamp.span };
	}
	if (record.interfaceSpan && inSpan(record.interfaceSpan, pos)) {
		return { kind: 'interface', span: record.interfaceSpan };
	}
	if (record.directionSpan && inSpan(record.directionSpan, pos)) {
		return { kind: 'direction', span: record.directionSpan };
	}
	if (record.ipHeaderSpan && record.ipHeaderText && inSpan(record.ipHeaderSpan, pos)) {
		return ipFieldAt(record.ipHeaderSpan, record.ipHeaderText, pos);
	}
	const tcp = record.tcp;
	if (!tcp) {
		return undefined;
	}
	if (tcp.dfSpan && inSpan(tcp.dfSpan, pos)) {
		return { kind: 'df', span: tcp.dfSpan };
	}
	for (const [endpoint, isSrc] of [[tcp.src, true], [tcp.dst, false]] as const) {
		if (inSpan(endpoint.portSpan, pos)) {
			return { kind: 'port', span: endpoint.portSpan, endpoint, isSrc };
		}
		if (inSpan(endpoint.span, pos)) {
			return { kind: 'address', span: endpoint.addressSpan, endpoint, isSrc };
		}
	}
	if (tcp.flags && inSpan(tcp.flags.span, pos)) {
		const f = tcp.flags;
		if (f.text === 'none') {
			return { kind: 'flag', span: f.span, char: 'none' };
		}
		const i = pos.character - f.span.start;
		const char = f.text.charAt(i);
		return { kind: 'flag', span: { line: f.span.line, start: f.span.start + i, end: f.span.start + i + 1 }, char };
	}
	for (const o of tcp.options) {
		if (inSpan(o.span, pos)) {
			return { kind: 'option', span: o.span, option: o };
		}
	}
	if (tcp.optionsSpan && inSpan(tcp.optionsSpan, pos)) {
		return { kind: 'options', span: tcp.optionsSpan };
	}
	const modern = tcp.style === 'modern';
	const fields: [('seq' | 'ack' | 'win' | 'urg' | 'length'), Span | undefined, string | undefined][] = [
		['seq', tcp.seq?.span, modern ? 'seq' : undefined],
		['ack', tcp.ack?.span, 'ack'],
		['win', tcp.win?.span, 'win'],
		['urg', tcp.urg?.span, 'urg'],
		['length', tcp.lengthSpan, modern ? 'length' : undefined],
	];
	// Exact value spans first: an old-style `(0)` length lies inside the seq token.
	for (const [kind, span] of fields) {
		if (span && inSpan(span, pos) && kind === 'length') {
			return { kind, span };
		}
	}
	for (const [kind, span, keyword] of fields) {
		if (span && (inSpan(span, pos) || (keyword !== undefined && inSpan(withKeyword(span, keyword), pos)))) {
			return { kind, span };
		}
	}
	return undefined;
}

/**
 * The `-v` IP header field under the cursor: `ttl 64` in `(tos 0x0, ttl 64, id 0, …)`. Fields are
 * separated by `, ` outside parentheses and brackets (`proto TCP (6)`, `flags [DF]`).
 */
function ipFieldAt(span: Span, text: string, pos: Position): Token | undefined {
	const at = pos.character - span.start;
	let depth = 0;
	let start = 1;
	for (let i = 1; i <= text.length - 1; i++) {
		const c = text[i];
		if (c === '(' || c === '[') {
			depth++;
		} else if ((c === ')' || c === ']') && depth > 0) {
			depth--;
		}
		const end = i === text.length - 1 || (depth === 0 && c === ',');
		if (end) {
			if (at >= start && at < i) {
				const fieldText = text.slice(start, i).trim();
				const lead = text.slice(start, i).length - text.slice(start, i).trimStart().length;
				const name = Object.keys(IP_HEADER_FIELDS).find(k => fieldText === k || fieldText.startsWith(k + ' ') || fieldText.startsWith(k + ':')) ?? '';
				const s0 = span.start + start + lead;
				// IPv6: `next-header TCP (6) payload length: 40` has no comma between its two fields
				const cut = fieldText.indexOf(') payload length');
				if (cut >= 0) {
					const second = s0 + cut + 2;
					return pos.character >= second
						? { kind: 'ipField', span: { line: span.line, start: second, end: s0 + fieldText.length }, field: 'payload length', text: fieldText.slice(cut + 2) }
						: { kind: 'ipField', span: { line: span.line, start: s0, end: s0 + cut + 1 }, field: name, text: fieldText.slice(0, cut + 1) };
				}
				return { kind: 'ipField', span: { line: span.line, start: s0, end: s0 + fieldText.length }, field: name, text: fieldText };
			}
			start = i + 1;
		}
	}
	return undefined;
}

function explainToken(ctx: Ctx, token: Token): HoverDoc | undefined {
	switch (token.kind) {
		case 'packetNumber': return explainPacketNumber(ctx);
		case 'timestamp': return explainTimestamp(ctx);
		case 'address': return explainAddress(ctx, token.endpoint, token.isSrc);
		case 'port': return explainPort(ctx, token.endpoint, token.isSrc);
		case 'flag': return explainFlag(ctx, token.char);
		case 'seq': return explainSeq(ctx);
		case 'ack': return explainAck(ctx);
		case 'win': return explainWin(ctx);
		case 'urg': return explainUrg(ctx);
		case 'length': return explainLength(ctx);
		case 'option': return explainOption(ctx, token.option);
		case 'options': return explainOptionList(ctx);
		case 'interface': return explainInterface(ctx);
		case 'direction': return explainDirection(ctx);
		case 'df': return explainDf();
		case 'ipField': return explainIpField(ctx, token.field, token.text);
	}
}
