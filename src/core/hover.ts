/**
 * Hovers that teach: for the token under the cursor, what it means, with this packet's own numbers.
 *
 * `hoverAt(analysis, { line: 1, character: 70 })` on
 * `192.168.1.11.23 > 192.168.1.12.1051: S 4279842714:4279842714(0) ack 4255483972 win 32120 (DF)`
 * explains `ack 4255483972` as "= client ISN 4255483971 + 1: acknowledges the SYN (line 1)".
 *
 * Plain data out: `{ span, markdown }`. Texts come from `explain/`; `explain/render.ts` owns markdown.
 */
import type { CaptureAnalysis } from './capture';
import { formatSeconds } from './connections';
import type { Connection, Endpoint, Finding, PacketRecord, Position, Span, TcpOption, TcpSegment } from './types';
import { FINDINGS } from './explain/findings';
import { DIRECTIONS, FIELDS, IP_HEADER_FIELDS, RELATIVE_NUMBERS, TIMESTAMP_FORMS } from './explain/fields';
import { FLAG_COMBINATIONS, NO_FLAGS, OLD_STYLE_DOT, TCP_FLAGS, isTcpFlagChar } from './explain/tcpFlags';
import { DEFAULT_MSS_IPV4, DEFAULT_MSS_IPV6, TCP_OPTIONS } from './explain/tcpOptions';
import { portNumber, serviceName } from './explain/ports';
import { sourceLineOf } from './features/connectionView';
import { type Block, type HoverDoc, type Inline, code, p, renderHover } from './explain/render';

export interface HoverResult {
	/** The token the hover explains. */
	readonly span: Span;
	readonly markdown: string;
}

const MOD = 2 ** 32;
const mod32 = (n: number): number => ((n % MOD) + MOD) % MOD;

type Token =
	| { readonly kind: 'packetNumber'; readonly span: Span }
	| { readonly kind: 'timestamp'; readonly span: Span }
	| { readonly kind: 'address' | 'port'; readonly span: Span; readonly endpoint: Endpoint; readonly isSrc: boolean }
	| { readonly kind: 'flag'; readonly span: Span; readonly char: string }
	| { readonly kind: 'seq' | 'ack' | 'win' | 'urg' | 'length'; readonly span: Span }
	| { readonly kind: 'option'; readonly span: Span; readonly option: TcpOption }
	| { readonly kind: 'options'; readonly span: Span }
	| { readonly kind: 'interface' | 'direction' | 'df'; readonly span: Span }
	| { readonly kind: 'ipField'; readonly span: Span; readonly field: string; readonly text: string };

/** Everything a token builder needs about the packet under the cursor. */
interface Ctx {
	readonly analysis: CaptureAnalysis;
	readonly record: PacketRecord;
	readonly tcp: TcpSegment | undefined;
	readonly conn: Connection | undefined;
}

/**
 * The hover for the token at `position`, or undefined when there is nothing to explain.
 * Never throws on odd input: a hover is a convenience.
 */
export function hoverAt(analysis: CaptureAnalysis, position: Position): HoverResult | undefined {
	const record = analysis.packetAtLine(position.line);
	if (!record) {
		return undefined;
	}
	const tcp = record.tcp;
	const token = tokenAt(record, position);
	if (!token) {
		return undefined;
	}
	const conn = record.tcpInfo ? analysis.connections[record.tcpInfo.connection] : undefined;
	const ctx: Ctx = { analysis, record, tcp, conn };
	const doc = explainToken(ctx, token);
	if (!doc) {
		return undefined;
	}
	const findings = analysis.findings.filter(f => f.packet === record.index && overlaps(f.span, token.span));
	const blocks = findings.length > 0 ? [...doc.blocks, { kind: 'rule' } as const, ...findingBlocks(findings)] : doc.blocks;
	return { span: token.span, markdown: renderHover({ title: doc.title, blocks }) };
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
				return { kind: 'ipField', span: { line: span.line, start: s0, end: s0 + fieldText.length }, field: name, text: fieldText };
			}
			start = i + 1;
		}
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// Helpers about the packet and its connection

/** 1-based line for people. */
/** In a one-connection view, the line in the whole capture (the view's own line numbers mean nothing there). */
const lineNo = (r: PacketRecord): number => sourceLineOf(r) + 1;

function fmtMs(ms: number): string {
	return formatSeconds(ms / 1000);
}

function role(ctx: Ctx): 'client' | 'server' | undefined {
	const fc = ctx.record.tcpInfo?.fromClient;
	return fc === undefined ? undefined : fc ? 'client' : 'server';
}

function peerRole(ctx: Ctx): 'client' | 'server' | undefined {
	const r = role(ctx);
	return r === undefined ? undefined : r === 'client' ? 'server' : 'client';
}

function isn(ctx: Ctx, side: 'client' | 'server' | undefined): number | undefined {
	const h = ctx.conn?.handshake;
	if (!h || !side) {
		return undefined;
	}
	return side === 'client' ? h.clientIsn : h.serverIsn;
}

function packet(ctx: Ctx, index: number | undefined): PacketRecord | undefined {
	return index === undefined ? undefined : ctx.analysis.packets[index];
}

/** Sequence space the segment occupies: payload + 1 for SYN + 1 for FIN. */
function seqSpace(r: PacketRecord): number {
	const t = r.tcp;
	if (!t) {
		return 0;
	}
	const len = t.length ?? (t.seq?.end !== undefined ? mod32(t.seq.end - t.seq.start) : 0);
	return len + (t.flags?.syn ? 1 : 0) + (t.flags?.fin ? 1 : 0);
}

function payloadLength(t: TcpSegment): number {
	return t.length ?? (t.seq?.end !== undefined ? mod32(t.seq.end - t.seq.start) : 0);
}

/** Earlier packets of the same connection, latest first. */
function* earlier(ctx: Ctx): Generator<PacketRecord> {
	const conn = ctx.conn;
	if (!conn) {
		return;
	}
	const pos = conn.packets.lastIndexOf(ctx.record.index);
	for (let i = (pos < 0 ? conn.packets.length : pos) - 1; i >= 0; i--) {
		const r = packet(ctx, conn.packets[i]);
		if (r) {
			yield r;
		}
	}
}

function fromPeer(ctx: Ctx, r: PacketRecord): boolean {
	return !!r.tcpInfo && !!ctx.record.tcpInfo && r.tcpInfo.fromFirst !== ctx.record.tcpInfo.fromFirst;
}

/** The packet that set tcpdump's relative-number base for this packet (format spec §11), if in this connection. */
function relativeBase(ctx: Ctx): PacketRecord | undefined {
	const conn = ctx.conn;
	if (!conn) {
		return undefined;
	}
	let base: PacketRecord | undefined;
	for (const i of conn.packets) {
		const r = packet(ctx, i);
		if (!r || r.index > ctx.record.index) {
			break;
		}
		const f = r.tcp?.flags;
		if (f?.ack && (base === undefined || f.syn)) {
			base = r;
		}
	}
	return base;
}

function sideName(side: 'client' | 'server' | undefined, endpoint: string): string {
	return side ? `${side} ${endpoint}` : endpoint;
}

function isIpv6(t: TcpSegment): boolean {
	return t.src.address.includes(':');
}

// ---------------------------------------------------------------------------------------------
// Token explanations

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
		case 'interface': return {
			title: [code(ctx.record.interfaceName ?? '?'), ` — ${FIELDS.interface.name}`],
			blocks: [p(FIELDS.interface.summary)],
		};
		case 'direction': {
			const d = ctx.record.direction;
			return {
				title: [code(d ?? '?'), ` — ${FIELDS.direction.name}`],
				blocks: [p(d ? DIRECTIONS[d] : ''), p(FIELDS.direction.summary)],
			};
		}
		case 'df': return { title: [code('(DF)'), ` — ${FIELDS.df.name}`], blocks: [p(FIELDS.df.summary)] };
		case 'ipField': {
			const info = IP_HEADER_FIELDS[token.field];
			return {
				title: [code(token.text), ` — ${info?.name ?? FIELDS.ipHeader.name}`],
				blocks: [p(info?.summary ?? FIELDS.ipHeader.summary), ...(info ? [p(FIELDS.ipHeader.summary)] : [])],
			};
		}
	}
}

function explainPacketNumber(ctx: Ctx): HoverDoc {
	const n = ctx.record.packetNumber;
	return {
		title: [`packet ${n ?? '?'} — ${FIELDS.packetNumber.name}`],
		blocks: [p(FIELDS.packetNumber.summary)],
	};
}

function explainTimestamp(ctx: Ctx): HoverDoc | undefined {
	const ts = ctx.record.timestamp;
	if (!ts) {
		return undefined;
	}
	const form = TIMESTAMP_FORMS[ts.form];
	const blocks: Block[] = [p(`Printed by tcpdump ${form.option}: ${form.summary}`)];
	if (ts.form === 'epoch') {
		const iso = new Date(ts.seconds * 1000).toISOString().replace('T', ' ').replace('Z', ' UTC');
		blocks.push(p(`= ${iso}`));
	}
	const lines: Inline[][] = [];
	const t = ctx.record.time;
	const h = ctx.conn?.handshake;
	const syn = packet(ctx, h?.syn);
	if (t !== undefined && syn && syn.time !== undefined && syn.index !== ctx.record.index) {
		lines.push([`${fmtMs((t - syn.time) * 1000)} since this connection's SYN (line ${lineNo(syn)})`]);
	}
	if (t !== undefined) {
		for (const prev of earlier(ctx)) {
			if (prev.time !== undefined) {
				lines.push([`${fmtMs((t - prev.time) * 1000)} since the previous packet of this connection (line ${lineNo(prev)})`]);
			}
			break;
		}
		const first = ctx.analysis.packets[0];
		if (first && first.time !== undefined && first.index !== ctx.record.index) {
			lines.push([`${fmtMs((t - first.time) * 1000)} since the first packet of the text`]);
		}
	}
	if (lines.length > 0) {
		blocks.push({ kind: 'list', items: lines });
	}
	if (ctx.record.direction) {
		blocks.push(p(`Direction ${DIRECTIONS[ctx.record.direction]}`));
	}
	return { title: [`${FIELDS.timestamp.name} (${ts.form === 'delta' ? 'delta' : ts.form === 'epoch' ? 'Unix time' : 'local time'})`], blocks };
}

function connectionLine(ctx: Ctx): Inline[] {
	const conn = ctx.conn;
	if (!conn) {
		return ['Not part of a tracked TCP connection.'];
	}
	const first = packet(ctx, conn.packets[0]);
	const last = packet(ctx, conn.packets[conn.packets.length - 1]);
	const where = first && last ? (first === last ? `line ${lineNo(first)}` : `lines ${lineNo(first)}–${lineNo(last)}`) : '';
	const n = conn.packets.length;
	const ends = conn.client && conn.server ? `${conn.client} → ${conn.server}` : `${conn.endpoints[0]} ⇄ ${conn.endpoints[1]}`;
	return [`Connection ${conn.index + 1}: ${ends} (${n} packet${n === 1 ? '' : 's'}, ${where}).`];
}

function explainAddress(ctx: Ctx, e: Endpoint, isSrc: boolean): HoverDoc {
	const conn = ctx.conn;
	const blocks: Block[] = [];
	let who: string;
	if (conn?.client !== undefined && conn.server !== undefined) {
		const isClient = e.text === conn.client;
		who = isClient ? 'the client (it sent the SYN)' : 'the server (it answered the SYN)';
	} else if (conn) {
		who = 'one end of the connection; client and server are unknown because the handshake is not in this text';
	} else {
		who = isSrc ? 'the sender' : 'the receiver';
	}
	const kind = e.address.includes(':') ? 'IPv6 address' : /^\d+\.\d+\.\d+\.\d+$/.test(e.address) ? 'IPv4 address' : 'host name (tcpdump resolved it; -n prints addresses)';
	blocks.push(p(code(e.address), `, port `, code(e.port), `: ${kind}. ${isSrc ? 'Sender' : 'Receiver'} of this packet; ${who}.`));
	blocks.push(p(...connectionLine(ctx)));
	blocks.push(p(FIELDS.address.summary));
	return { title: [code(e.text), ` — ${isSrc ? 'source' : 'destination'}`], blocks };
}

function explainPort(ctx: Ctx, e: Endpoint, isSrc: boolean): HoverDoc {
	const blocks: Block[] = [];
	const numeric = /^\d+$/.test(e.port);
	const n = portNumber(e.port);
	if (numeric && n !== undefined) {
		const name = serviceName(n);
		blocks.push(p(name ? `Port ${n} = ${name} (well-known service).` : n >= 32768 ? `Port ${n}: no well-known service; in the ephemeral range a client's operating system picks from.` : `Port ${n}: not in tcpdump Lens' small services table.`));
	} else if (n !== undefined) {
		blocks.push(p(`${e.port} = ${n}: tcpdump printed the service name. ${FIELDS.port.summary}`));
	} else {
		blocks.push(p(`${e.port}: a service name tcpdump took from the services database. ${FIELDS.port.summary}`));
	}
	const conn = ctx.conn;
	if (conn?.client !== undefined && conn.server !== undefined) {
		blocks.push(p(e.text === conn.server ? 'The server\'s listening port.' : 'The client\'s port (usually chosen by its operating system).'));
	}
	blocks.push(p(...connectionLine(ctx)));
	return { title: [code(e.port), ` — ${isSrc ? 'source' : 'destination'} port`], blocks };
}

/** Modern letters for this packet's flags, whatever the printing style (3.x `S … ack` → `S.`). */
function modernFlags(t: TcpSegment): string {
	const f = t.flags;
	if (!f) {
		return '';
	}
	if (t.style === 'modern') {
		return f.text;
	}
	let s = '';
	s += f.fin ? 'F' : '';
	s += f.syn ? 'S' : '';
	s += f.rst ? 'R' : '';
	s += f.psh ? 'P' : '';
	s += f.ack ? '.' : '';
	s += f.urg ? 'U' : '';
	s += f.ece ? 'E' : '';
	s += f.cwr ? 'W' : '';
	return s === '' ? 'none' : s;
}

function explainFlag(ctx: Ctx, char: string): HoverDoc | undefined {
	const t = ctx.tcp;
	if (!t?.flags) {
		return undefined;
	}
	const old = t.style === 'old';
	const blocks: Block[] = [];
	let title: Inline[];
	if (char === 'none') {
		title = [code('none'), ` — ${NO_FLAGS.name}`];
		blocks.push(p(NO_FLAGS.summary));
	} else if (char === '.' && old) {
		title = [code('.'), ' — no flag (3.x style)'];
		blocks.push(p(...rich(OLD_STYLE_DOT.summary)));
		blocks.push(p(t.ack ? 'This line has an ack field, so the ACK bit is set: a pure ACK.' : 'This line has no ack field: no flag bit is set at all.'));
	} else if (isTcpFlagChar(char)) {
		const info = TCP_FLAGS[char];
		title = [code(char), ` — ${info.name}`];
		blocks.push(p(...rich(info.summary)));
		if (char === '.') {
			blocks.push(p(...rich('In the modern style `.` is ACK. In the tcpdump 3.x style it meant "none of S/F/R/P/W/E; ACK implied by the ack field".')));
		}
		if (old && char === 'S' && t.ack) {
			blocks.push(p('With the ack field on this line it is a SYN-ACK: the 3.x style prints no letter for ACK.'));
		}
	} else {
		return undefined;
	}
	const combo = modernFlags(t);
	let meaning = FLAG_COMBINATIONS[combo];
	if (combo === '.' && payloadLength(t) > 0) {
		meaning = 'ACK with data (no PSH).';
	}
	if (meaning) {
		blocks.push(p('This packet: ', code(old ? t.flags.text : combo), old && combo !== t.flags.text ? ` (modern ${combo})` : '', ` = ${meaning}`));
	}
	if (isTcpFlagChar(char) && !(char === '.' && old)) {
		blocks.push(p(`(${TCP_FLAGS[char].rfc})`));
	}
	if (t.flags.syn && !t.flags.ack && role(ctx) === 'client' && ctx.conn) {
		const h = ctx.conn.handshake;
		if (h.syns.length > 1) {
			const i = h.syns.indexOf(ctx.record.index);
			if (i > 0) {
				blocks.push(p(`SYN number ${i + 1} of this attempt: a retransmission (no answer to the earlier one${i > 1 ? 's' : ''}).`));
			}
		}
	}
	return { title, blocks };
}

function describeRange(a: number, b: number): string {
	return `${a}:${b}`;
}

function explainSeq(ctx: Ctx): HoverDoc | undefined {
	const t = ctx.tcp;
	const seq = t?.seq;
	if (!t || !seq) {
		return undefined;
	}
	const info = ctx.record.tcpInfo;
	const me = role(ctx);
	const sender = sideName(me, t.src.text);
	const blocks: Block[] = [];
	const len = payloadLength(t);
	const myIsn = isn(ctx, me);
	const syn = !!t.flags?.syn;
	const fin = !!t.flags?.fin;
	// relative to a base the text never showed (capture starting with a pure ACK): no absolute value
	const absStart = info?.seqBaseKnown === false ? undefined : info?.absSeq;
	const printedAbsolute = absStart !== undefined && mod32(absStart) === mod32(seq.start);

	if (syn) {
		const isnValue = absStart ?? seq.start;
		blocks.push(p(`${sender} chooses its initial sequence number (ISN): ${isnValue}. The SYN occupies one sequence number, so its first data byte will be ${mod32(isnValue + 1)} (relative 1) and the peer acknowledges the SYN with ack ${mod32(isnValue + 1 + len)}.`));
		if (len > 0) {
			blocks.push(p(`It also carries ${len} bytes of data (TCP Fast Open): ${mod32(isnValue + 1)} … ${mod32(isnValue + len)}.`));
		}
	} else if (len > 0) {
		const end = seq.end ?? mod32(seq.start + len);
		blocks.push(p(`${sender} sends ${len} byte${len === 1 ? '' : 's'}: sequence numbers ${seq.start} … ${mod32(end - 1)}. The end ${end} is exclusive: it is the seq of the next segment (tcpdump prints first:last with last not included).`));
	} else {
		blocks.push(p(`${sender}'s sequence number here is ${seq.start}; this segment carries no data${fin ? '' : t.flags?.rst ? ' (a RST)' : ''}.`));
	}
	if (fin) {
		const finSeq = mod32((absStart ?? seq.start) + len);
		blocks.push(p(`The FIN occupies one sequence number after the data: ${finSeq}${absStart !== undefined && !printedAbsolute ? ' (absolute)' : ''}; the peer acknowledges it with ack ${mod32(finSeq + 1)}${absStart !== undefined && !printedAbsolute ? ' (absolute)' : ''}.`));
	}
	// Absolute ↔ relative
	const facts: Inline[][] = [];
	if (absStart !== undefined && !syn) {
		const absEnd = info?.absSeqEnd;
		facts.push([`absolute ${absEnd !== undefined && seq.end !== undefined ? describeRange(absStart, absEnd) : absStart}`]);
	}
	if (info?.relSeq !== undefined && myIsn !== undefined && !syn) {
		const relEnd = seq.end !== undefined ? info.relSeq + len : undefined;
		facts.push([`relative ${relEnd !== undefined ? describeRange(info.relSeq, relEnd) : info.relSeq} (counted from the ${me} ISN ${myIsn}, so the first data byte is 1)`]);
	}
	if (facts.length > 0) {
		blocks.push({ kind: 'list', items: facts });
	}
	if (!syn) {
		blocks.push(...relativeNote(ctx, printedAbsolute, absStart === undefined, 'seq'));
	}
	return { title: [code(`seq ${textOfSeq(t)}`), ` — ${FIELDS.seq.name}`], blocks: [...blocks, p(FIELDS.seq.summary)] };
}

function textOfSeq(t: TcpSegment): string {
	const s = t.seq;
	if (!s) {
		return '';
	}
	if (t.style === 'old') {
		return `${s.start}:${s.end ?? s.start}(${t.length ?? 0})`;
	}
	return s.end !== undefined ? `${s.start}:${s.end}` : `${s.start}`;
}

/** Says whether tcpdump printed this number relative, and relative to what. */
function relativeNote(ctx: Ctx, printedAbsolute: boolean, unknownAbsolute: boolean, what: 'seq' | 'ack'): Block[] {
	const conn = ctx.conn;
	if (!conn || conn.numbering === 'absolute') {
		return conn?.numbering === 'absolute' ? [p('This capture prints absolute numbers (tcpdump -S).')] : [];
	}
	const base = relativeBase(ctx);
	if (printedAbsolute) {
		if (base && base.index === ctx.record.index) {
			return [p(`Printed absolute: this is the first packet with the ACK flag${ctx.tcp?.flags?.syn ? ' (a SYN-ACK)' : ''}, where tcpdump stores the base for its relative numbers. Later packets of this connection print numbers relative to it.`)];
		}
		return [];
	}
	const out: Block[] = [];
	if (unknownAbsolute) {
		out.push(p(`Printed relative to a base tcpdump took from an earlier packet${base ? ` (line ${lineNo(base)})` : ''}: that packet's own sequence number, which tcpdump does not print on a pure ACK. The absolute ${what} is not recoverable from this text; relative numbers still compare correctly with each other.`));
	} else if (base) {
		out.push(p(`Printed relative: tcpdump subtracted the base it stored at line ${lineNo(base)} (the connection's ${base.tcp?.flags?.syn ? 'SYN-ACK' : 'first packet with the ACK flag'}).`));
	} else {
		out.push(p('Printed relative, to a base stored by an earlier packet on the same address and port pair.'));
	}
	out.push(p(RELATIVE_NUMBERS));
	return out;
}

function explainAck(ctx: Ctx): HoverDoc | undefined {
	const t = ctx.tcp;
	const ack = t?.ack;
	if (!t || !ack) {
		return undefined;
	}
	const info = ctx.record.tcpInfo;
	const me = role(ctx);
	const peer = peerRole(ctx);
	const blocks: Block[] = [];
	const abs = info?.ackBaseKnown === false ? undefined : info?.absAck;
	const printedAbsolute = abs !== undefined && mod32(abs) === mod32(ack.value);
	const peerIsn = isn(ctx, peer);
	const h = ctx.conn?.handshake;
	const sender = sideName(me, t.src.text);
	blocks.push(p(`${sender} has received everything before ${ack.value}${abs !== undefined && !printedAbsolute ? ` (absolute ${abs})` : ''} and expects that byte next.`));

	let explained = false;
	if (abs !== undefined && peerIsn !== undefined && peer) {
		const synPacket = packet(ctx, peer === 'client' ? h?.syn : h?.synAck);
		const synData = peer === 'client' ? h?.synDataLength ?? 0 : 0;
		const where = synPacket ? ` (line ${lineNo(synPacket)})` : '';
		const isSynAck = !!t.flags?.syn;
		const isHandshakeAck = !isSynAck && me === 'client' && h?.ack === ctx.record.index;
		if (mod32(abs - peerIsn) === 1) {
			blocks.push(p(`ack ${ack.value} = ${peer} ISN ${peerIsn} + 1: acknowledges the ${peer === 'client' ? `SYN${where}` : `server's SYN (the SYN-ACK${where ? ` on ${where.slice(2, -1)}` : ''})`}${isHandshakeAck ? '; this completes the three-way handshake' : ''}.`));
			explained = true;
		} else if (synData > 0 && mod32(abs - peerIsn) === 1 + synData) {
			blocks.push(p(`ack ${ack.value} = ${peer} ISN ${peerIsn} + 1 + ${synData}: acknowledges the SYN and its ${synData} bytes of Fast Open data${where}.`));
			explained = true;
		} else if (isSynAck || isHandshakeAck) {
			const expected = mod32(peerIsn + 1 + synData);
			blocks.push(p(`Expected ${peer} ISN ${peerIsn} + 1${synData > 0 ? ` + ${synData}` : ''} = ${expected}, but it acks ${abs}: it does not acknowledge the SYN${where}. The handshake is not valid.`));
			if (isSynAck && ctx.conn?.numbering === 'relative') {
				blocks.push(p('tcpdump seeds its relative numbers from this ack, so the client\'s later relative sequence numbers are shifted by the difference (a seq like 4294967293 is the result).'));
			}
			explained = true;
		}
	}
	if (!explained && abs !== undefined) {
		const acked = ackedSegment(ctx, abs);
		if (acked) {
			const tt = acked.tcp;
			const what = tt?.flags?.fin ? (payloadLength(tt) > 0 ? 'the data and the FIN' : 'the FIN') : 'the segment';
			blocks.push(p(`Acknowledges ${what} on line ${lineNo(acked)}${tt?.seq ? ` (seq ${textOfSeq(tt)})` : ''}: everything up to its end.`));
		} else if (ctx.conn && ctx.record.tcpInfo) {
			blocks.push(p('No segment in this text ends exactly there (it may be cumulative over several segments, or the data was not captured).'));
		}
	}
	const facts: Inline[][] = [];
	if (abs !== undefined) {
		facts.push([`absolute ${abs}`]);
	}
	if (info?.relAck !== undefined && peerIsn !== undefined) {
		facts.push([`relative ${info.relAck} (counted from the ${peer} ISN ${peerIsn})`]);
	}
	if (facts.length > 0) {
		blocks.push({ kind: 'list', items: facts });
	}
	if (!t.flags?.syn) {
		blocks.push(...relativeNote(ctx, printedAbsolute, abs === undefined, 'ack'));
	}
	return { title: [code(`ack ${ack.value}`), ` — ${FIELDS.ack.name}`], blocks };
}

function ackedSegment(ctx: Ctx, absAck: number): PacketRecord | undefined {
	for (const r of earlier(ctx)) {
		if (!fromPeer(ctx, r) || r.tcpInfo?.absSeq === undefined) {
			continue;
		}
		const space = seqSpace(r);
		if (space > 0 && mod32(r.tcpInfo.absSeq + space) === mod32(absAck)) {
			return r;
		}
	}
	return undefined;
}

function explainWin(ctx: Ctx): HoverDoc | undefined {
	const t = ctx.tcp;
	const win = t?.win;
	if (!t || !win) {
		return undefined;
	}
	const me = role(ctx);
	const blocks: Block[] = [];
	const sender = sideName(me, t.src.text);
	const h = ctx.conn?.handshake;
	let effective: number | undefined = win.value;
	if (win.value === 0) {
		blocks.push(p(`Zero window: ${sender}'s receive buffer is full; the peer must stop sending until a window update.`));
	} else {
		blocks.push(p(`${sender} can receive ${win.value} more bytes beyond its ack (raw field).`));
	}
	if (t.flags?.syn) {
		blocks.push(p(`The window of a SYN or SYN-ACK is never scaled: ${win.value} bytes.`));
	} else if (!h || h.state === 'none' || !me) {
		effective = undefined;
		blocks.push(p('Raw value; scale unknown: the SYNs of this connection are not in this text, so the window scale (wscale) is unknown.'));
	} else {
		const mine = me === 'client' ? h.clientWscale : h.serverWscale;
		const theirs = me === 'client' ? h.serverWscale : h.clientWscale;
		const synOfMine = packet(ctx, me === 'client' ? h.syn : h.synAck);
		if (mine !== undefined && theirs !== undefined) {
			effective = win.value * 2 ** mine;
			blocks.push(p(`${win.value} × ${2 ** mine} = ${effective} bytes (wscale ${mine} from its ${me === 'client' ? 'SYN' : 'SYN-ACK'}${synOfMine ? ` on line ${lineNo(synOfMine)}` : ''}).`));
		} else if ((me === 'client' ? h.syn : h.synAck) !== undefined && (me === 'client' ? h.synAck : h.syn) !== undefined) {
			blocks.push(p(`No window scaling: it needs wscale in both SYNs${mine === undefined && theirs === undefined ? ', and neither carried it' : ''}. ${win.value} bytes.`));
		} else {
			effective = undefined;
			blocks.push(p('Raw value; scale unknown: one of the SYNs is not in this text.'));
		}
	}
	if (effective !== undefined && effective > 0 && h) {
		const ipv6 = isIpv6(t);
		const msses = [h.clientMss, h.serverMss].filter((m): m is number => m !== undefined);
		const mss = msses.length > 0 ? Math.min(...msses) : ipv6 ? DEFAULT_MSS_IPV6 : DEFAULT_MSS_IPV4;
		const segs = Math.floor(effective / mss);
		blocks.push(p(`${effective} bytes ≈ ${segs} full segment${segs === 1 ? '' : 's'} of MSS ${mss}${msses.length === 0 ? ' (the default: no mss option in the SYNs)' : ''}.`));
	}
	blocks.push(p(FIELDS.win.summary));
	return { title: [code(`win ${win.value}`), ` — ${FIELDS.win.name}`], blocks };
}

function explainUrg(ctx: Ctx): HoverDoc | undefined {
	const urg = ctx.tcp?.urg;
	if (!urg) {
		return undefined;
	}
	return { title: [code(`urg ${urg.value}`), ` — ${FIELDS.urg.name}`], blocks: [p(FIELDS.urg.summary), p(`Urgent data ends ${urg.value} byte${urg.value === 1 ? '' : 's'} after this segment's seq.`)] };
}

function explainLength(ctx: Ctx): HoverDoc | undefined {
	const t = ctx.tcp;
	if (!t || t.length === undefined) {
		return undefined;
	}
	const blocks: Block[] = [];
	const l = t.length;
	blocks.push(p(l === 0 ? 'No payload: a control segment or a pure ACK.' : `${l} byte${l === 1 ? '' : 's'} of payload.`));
	if (t.flags?.syn || t.flags?.fin) {
		blocks.push(p(`The ${t.flags.syn ? 'SYN' : 'FIN'} occupies one sequence number but no payload byte, so it is not counted here.`));
	}
	blocks.push(p(FIELDS.length.summary));
	return { title: [code(t.style === 'old' ? `(${l})` : `length ${l}`), ` — ${FIELDS.length.name}`], blocks };
}

function numbersIn(text: string): number[] {
	return (text.match(/\d+/g) ?? []).map(Number);
}

function explainOption(ctx: Ctx, o: TcpOption): HoverDoc | undefined {
	const t = ctx.tcp;
	if (!t) {
		return undefined;
	}
	const info = TCP_OPTIONS[o.kind];
	const blocks: Block[] = [p(...rich(info.summary))];
	const me = role(ctx);
	const sender = sideName(me, t.src.text);
	const h = ctx.conn?.handshake;
	switch (o.kind) {
		case 'mss': {
			const n = numbersIn(o.text)[0];
			if (n !== undefined) {
				const hdr = isIpv6(t) ? 60 : 40;
				blocks.push(p(`${sender} accepts segments of at most ${n} payload bytes (${n} + ${hdr} bytes of ${isIpv6(t) ? 'IPv6' : 'IPv4'} and TCP headers = an MTU of ${n + hdr}${n + hdr === 1500 ? ', i.e. Ethernet' : ''}).`));
			}
			break;
		}
		case 'wscale': {
			const s = numbersIn(o.text)[0];
			if (s !== undefined) {
				blocks.push(p(`Shift ${s}: ${sender}'s later windows are multiplied by 2^${s} = ${2 ** s}.`));
				if (s > 14) {
					blocks.push(p('A shift above 14 is invalid; receivers use 14 (RFC 7323 §2.3).'));
				}
				if (h && h.syn !== undefined && h.synAck !== undefined) {
					const both = h.clientWscale !== undefined && h.serverWscale !== undefined;
					blocks.push(p(both ? `Both SYNs carry wscale (client ${h.clientWscale}, server ${h.serverWscale}): scaling is in force.` : 'The other SYN carries no wscale: scaling is NOT in force; windows are used as printed.'));
				}
			}
			break;
		}
		case 'sackOK': {
			if (h && h.syn !== undefined && h.synAck !== undefined) {
				blocks.push(p(h.clientSackOk && h.serverSackOk ? 'Both SYNs carry sackOK: SACK is in use on this connection.' : 'Only one SYN carries sackOK: SACK is not used.'));
			}
			break;
		}
		case 'sack': {
			const blocksText = [...o.text.matchAll(/\{(\d+):(\d+)\}/g)];
			const items: Inline[][] = blocksText.map(m => {
				const l = Number(m[1]);
				const r = Number(m[2]);
				const n = mod32(r - l);
				return [`{${l}:${r}}: bytes ${l} … ${mod32(r - 1)} (${n} byte${n === 1 ? '' : 's'}) received`];
			});
			if (items.length > 0) {
				blocks.push(p(`${sender} reports ${items.length} block${items.length === 1 ? '' : 's'} received above its ack${t.ack ? ` ${t.ack.value}` : ''}:`));
				blocks.push({ kind: 'list', items });
				const first = blocksText[0];
				if (t.ack && first) {
					const gap = mod32(Number(first[1]) - t.ack.value);
					if (gap > 0 && gap < 2 ** 31) {
						blocks.push(p(`Missing: ${t.ack.value} … ${mod32(Number(first[1]) - 1)} (${gap} bytes), which the peer should retransmit.`));
					}
				}
			}
			break;
		}
		case 'TS': {
			const [val, ecr] = numbersIn(o.text);
			if (val !== undefined) {
				blocks.push(p(`val ${val}: ${sender}'s timestamp clock (arbitrary origin and rate, often 1 ms).`));
			}
			if (ecr !== undefined) {
				if (ecr === 0 && t.flags?.syn && !t.flags.ack) {
					blocks.push(p('ecr 0: nothing to echo yet in a first SYN.'));
				} else {
					let echoed: PacketRecord | undefined;
					for (const r of earlier(ctx)) {
						if (fromPeer(ctx, r) && r.tcp?.tsVal === ecr) {
							echoed = r;
						}
						if (echoed && r.tcp?.tsVal !== ecr) {
							break;
						}
					}
					const dt = echoed && echoed.time !== undefined && ctx.record.time !== undefined ? ` ${fmtMs((ctx.record.time - echoed.time) * 1000)} ago` : '';
					blocks.push(p(`ecr ${ecr}: echoes the peer's TS val${echoed ? ` first sent on line ${lineNo(echoed)}${dt}` : ''}.`));
				}
			}
			break;
		}
		case 'tfo':
		case 'exp-tfo':
			blocks.push(p(/cookiereq/.test(o.text) ? 'cookiereq: the client asks for a Fast Open cookie to use on its next connection.' : /cookie/.test(o.text) ? 'cookie: presents (client) or hands out (server) a Fast Open cookie.' : 'Fast Open option.'));
			break;
		default:
			break;
	}
	blocks.push(p(`(${info.rfc})`));
	return { title: [code(o.text), ` — ${info.name}`], blocks };
}

function explainOptionList(ctx: Ctx): HoverDoc | undefined {
	const t = ctx.tcp;
	if (!t) {
		return undefined;
	}
	const names = t.options.filter(o => o.kind !== 'nop' && o.kind !== 'eol').map(o => TCP_OPTIONS[o.kind].name);
	return {
		title: [FIELDS.options.name],
		blocks: [p(FIELDS.options.summary), p(names.length > 0 ? `Here: ${[...new Set(names)].join(', ')}.` : 'Only padding here.')],
	};
}

/** Table text to inline parts: `backticked` words become code spans. */
function rich(text: string): Inline[] {
	return text.split(/(`[^`]+`)/).filter(x => x !== '').map(x => x.startsWith('`') && x.endsWith('`') && x.length > 1 ? code(x.slice(1, -1)) : x);
}

function findingBlocks(findings: readonly Finding[]): Block[] {
	return findings.map(f => {
		const info = FINDINGS[f.code];
		const parts: Inline[] = [code(f.code), ` ${info.title}: ${f.message}`];
		if (f.certainty === 'ambiguous' && f.alternatives.length > 0) {
			parts.push(` (ambiguous; could also be ${f.alternatives.join(', ')})`);
		}
		return p(...parts);
	});
}
