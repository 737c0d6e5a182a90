/**
 * Tokens the packet parser does not keep (it reads what TCP analysis needs), found again in the
 * hovered line's text: `-e` MACs, EtherType, VLAN tag and frame length, `cksum`, the protocol word,
 * `Flags`, `>`, truncation marks, and any other word. Every regex here is linear and bounded.
 */
import type { Span } from '../../types';

export type LineToken =
	| { readonly kind: 'mac'; readonly span: Span; readonly text: string; readonly isSrc: boolean }
	| { readonly kind: 'ethertype'; readonly span: Span; readonly text: string; readonly hex: string }
	| { readonly kind: 'frameLength' | 'vlan' | 'vlanPriority'; readonly span: Span; readonly text: string; readonly value: number }
	| { readonly kind: 'cksum'; readonly span: Span; readonly text: string; readonly value: string; readonly computed: string | undefined }
	| { readonly kind: 'protocolWord' | 'flagsKeyword' | 'arrow' | 'truncated' | 'word'; readonly span: Span; readonly text: string };

const MAC_PAIR = /([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}) > ([0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5})/dg;
const ETHERTYPE = /ethertype \S{1,24} \((0x[0-9a-fA-F]{4})\)(?:, length (\d{1,7}))?/dg;
const VLAN = /\bvlan (\d{1,4}), p (\d)/dg;
const CKSUM = /cksum (0x[0-9a-fA-F]{1,4}) \((?:correct|incorrect -> (0x[0-9a-fA-F]{1,4}))\)/dg;
const TRUNCATED = /\[\|[\w.-]{0,24}\]/g;
const PROTOCOL_WORD = /^(IP6|IP|ARP|RARP)\b/;

function sp(line: number, start: number, end: number): Span {
	return { line, start, end };
}

const inside = (pos: number, start: number, end: number): boolean => pos >= start && pos < end;

/** The token at `pos` of `text` (0-based line `line`), or undefined on white space. `restStart`: where the protocol word may be. */
export function lineTokenAt(text: string, line: number, pos: number, restStart: number): LineToken | undefined {
	if (pos < 0 || pos >= text.length) {
		return undefined;
	}
	for (const m of text.matchAll(MAC_PAIR)) {
		const i = m.indices;
		for (const [g, isSrc] of [[1, true], [2, false]] as const) {
			const r = i?.[g];
			if (r && inside(pos, r[0], r[1])) {
				return { kind: 'mac', span: sp(line, r[0], r[1]), text: m[g] ?? '', isSrc };
			}
		}
		if (m.index !== undefined && m.index > 200) {
			break;
		}
	}
	for (const m of text.matchAll(ETHERTYPE)) {
		const i = m.indices;
		const whole = i?.[0];
		const len = i?.[2];
		if (len && inside(pos, len[0] - 'length '.length, len[1])) {
			return { kind: 'frameLength', span: sp(line, len[0] - 'length '.length, len[1]), text: `length ${m[2]}`, value: Number(m[2]) };
		}
		if (whole) {
			const end = whole[0] + m[0].indexOf(')') + 1;
			if (inside(pos, whole[0], end)) {
				return { kind: 'ethertype', span: sp(line, whole[0], end), text: text.slice(whole[0], end), hex: m[1] ?? '' };
			}
		}
	}
	for (const m of text.matchAll(VLAN)) {
		const i = m.indices;
		const id = i?.[1];
		const pcp = i?.[2];
		if (id && m.index !== undefined && inside(pos, m.index, id[1])) {
			return { kind: 'vlan', span: sp(line, m.index, id[1]), text: text.slice(m.index, id[1]), value: Number(m[1]) };
		}
		if (pcp && inside(pos, pcp[0] - 2, pcp[1])) {
			return { kind: 'vlanPriority', span: sp(line, pcp[0] - 2, pcp[1]), text: text.slice(pcp[0] - 2, pcp[1]), value: Number(m[2]) };
		}
	}
	for (const m of text.matchAll(CKSUM)) {
		if (m.index !== undefined && inside(pos, m.index, m.index + m[0].length)) {
			return { kind: 'cksum', span: sp(line, m.index, m.index + m[0].length), text: m[0], value: m[1] ?? '', computed: m[2] };
		}
	}
	for (const m of text.matchAll(TRUNCATED)) {
		if (m.index !== undefined && inside(pos, m.index, m.index + m[0].length)) {
			return { kind: 'truncated', span: sp(line, m.index, m.index + m[0].length), text: m[0] };
		}
	}
	const proto = PROTOCOL_WORD.exec(text.slice(restStart, restStart + 5));
	if (proto?.[1] && inside(pos, restStart, restStart + proto[1].length)) {
		return { kind: 'protocolWord', span: sp(line, restStart, restStart + proto[1].length), text: proto[1] };
	}
	// the word under the cursor: a run of non-blank characters
	if (text.charCodeAt(pos) === 32 || text.charCodeAt(pos) === 9) {
		return undefined;
	}
	let start = pos;
	while (start > 0 && text.charCodeAt(start - 1) !== 32 && text.charCodeAt(start - 1) !== 9) {
		start--;
	}
	let end = pos;
	while (end < text.length && text.charCodeAt(end) !== 32 && text.charCodeAt(end) !== 9) {
		end++;
	}
	const word = text.slice(start, end);
	if (word === '>') {
		return { kind: 'arrow', span: sp(line, start, end), text: word };
	}
	if (word === 'Flags') {
		return { kind: 'flagsKeyword', span: sp(line, start, end), text: word };
	}
	return { kind: 'word', span: sp(line, start, end), text: word };
}
