/**
 * Hovers on what tcpdump Lens does not analyse but a reader still asks about: ARP, UDP and ICMP
 * lines, the decode tcpdump prints after a TCP header, truncation marks, the banner.
 */
import { ARP_TEXTS, ICMP_MESSAGES, OTHER_TEXTS, PROTOCOL_WORDS } from '../../explain/linkLayer';
import { portNumber, serviceName } from '../../explain/ports';
import { type HoverDoc, type Inline, code, p, teach } from '../../explain/render';
import type { Ctx } from './context';
import type { LineToken } from './lineTokens';

const MAX_SHOWN = 80;
const shown = (word: string): string => (word.length > MAX_SHOWN ? word.slice(0, MAX_SHOWN) + '…' : word);
const bare = (word: string): string => word.replace(/[,:;]+$/, '');

/** Where the network-layer part starts: after the `-e` link header and the protocol word. */
function networkStart(text: string, restStart: number): number {
	const link = /length \d{1,7}: /.exec(text.slice(restStart, restStart + 200));
	let at = link && /ethertype|vlan|> /.test(text.slice(restStart, restStart + link.index)) ? restStart + link.index + link[0].length : restStart;
	const word = /^(?:IP6?|ARP,|RARP,) /.exec(text.slice(at, at + 6));
	at += word ? word[0].length : 0;
	return at;
}

interface Endpoints {
	readonly src: string;
	readonly dst: string;
	/** Column after `dst: `. */
	readonly after: number;
}

function endpointsOf(text: string, at: number): Endpoints | undefined {
	const m = /^(\S{1,300}) > (\S{1,300}): /.exec(text.slice(at, at + 620));
	return m?.[1] && m[2] ? { src: m[1], dst: m[2].replace(/:$/, ''), after: at + m[0].length } : undefined;
}

function splitPort(endpoint: string): { address: string; port: string } | undefined {
	const dot = endpoint.lastIndexOf('.');
	const port = endpoint.slice(dot + 1);
	return dot > 0 && (/^\d{1,5}$/.test(port) || portNumber(port) !== undefined) ? { address: endpoint.slice(0, dot), port } : undefined;
}

function serviceOf(port: string): string | undefined {
	const n = portNumber(port);
	const name = n === undefined ? undefined : serviceName(n);
	return n === undefined ? undefined : name ? `port ${n} = ${name}` : undefined;
}

/** `: DNS query 7211 for the A record of www.example.org.` from tcpdump's DNS decode (`print-domain.c`). */
function dnsSummary(decode: string, sport: string, dport: string): string {
	if (![sport, dport].some(port => port === '53' || port === 'domain' || port === '5353' || port === 'mdns')) {
		return '';
	}
	const q = /^(\d{1,5})\S{0,4} (?:\[[^\]]{0,20}\] )?(\w{1,10}) ?(?:\(Q[MU]\))?\? (\S{1,255})/.exec(decode);
	if (q) {
		return `: DNS query ${q[1]} for the ${q[2]} record of ${q[3]}`;
	}
	const r = /^(\d{1,5})\S{0,4} (?:\[[^\]]{0,20}\] )?(\d{1,5})\/(\d{1,5})\/(\d{1,5})/.exec(decode);
	if (r) {
		return `: DNS response ${r[1]} with ${r[2]} answer${r[2] === '1' ? '' : 's'}`;
	}
	return '';
}

/** One sentence: what this non-TCP packet is, with its values. */
export function packetSummary(ctx: Ctx, text: string, restStart: number): string {
	const at = networkStart(text, restStart);
	const rest = text.slice(at, at + 400);
	const req = /Request who-has (\S{1,64}) tell (\S{1,64}?),/.exec(rest);
	if (req) {
		return `ARP request: who has ${req[1]}? tell ${req[2]}`;
	}
	const rep = /Reply (\S{1,64}) is-at ([0-9a-fA-F:]{17})/.exec(rest);
	if (rep) {
		return `ARP reply: ${rep[1]} is at ${rep[2]}`;
	}
	const ends = endpointsOf(text, at);
	if (ends) {
		const icmp = /^ICMP6? ([a-z -]{1,40}?)(?:,|$)/.exec(text.slice(ends.after, ends.after + 60));
		if (icmp) {
			return `ICMP ${icmp[1]} from ${ends.src} to ${ends.dst}`;
		}
		const s = splitPort(ends.src);
		const d = splitPort(ends.dst);
		if (s && d) {
			const service = serviceOf(d.port) ?? serviceOf(s.port);
			// ports and not TCP: UDP (tcpdump names SCTP and DCCP itself)
			const named = /^(sctp|dccp)\b/i.exec(text.slice(ends.after, ends.after + 5));
			const proto = named?.[1] ? `${named[1].toUpperCase()} packet` : 'UDP datagram';
			return `${proto} ${ends.src} → ${ends.dst}${service ? ` (${service})` : ''}${dnsSummary(text.slice(ends.after, ends.after + 300), s.port, d.port)}`;
		}
		return `${ctx.record.protocol.toUpperCase()} packet ${ends.src} → ${ends.dst}`;
	}
	return `a ${ctx.record.protocol === 'other' ? 'non-IP' : ctx.record.protocol.toUpperCase()} packet`;
}

/** What one word of a non-TCP line (or a word tcpdump printed after the TCP fields) means. */
function wordMeaning(text: string, restStart: number, token: LineToken): string | undefined {
	const word = bare(token.text);
	const at = networkStart(text, restStart);
	const ends = endpointsOf(text, at);
	if (ends && token.span.start >= at && token.span.start < ends.after) {
		if (word === ends.src || word === ends.dst) {
			const isSrc = word === ends.src && token.span.start === at;
			const sp = splitPort(word);
			const addr = sp ? `address ${sp.address}, port ${sp.port}${serviceOf(sp.port) ? ` (${serviceOf(sp.port)})` : ''}` : `address ${word}`;
			return `${isSrc ? 'source' : 'destination'} ${addr}`;
		}
	}
	const before = text.slice(Math.max(0, token.span.start - 40), token.span.start);
	switch (word) {
		case 'Request': return ARP_TEXTS.request;
		case 'Reply': return ARP_TEXTS.reply;
		case 'who-has': return ARP_TEXTS.whoHas;
		case 'tell': return ARP_TEXTS.tell;
		case 'is-at': return ARP_TEXTS.isAt;
		case 'Ethernet': case '(len': case 'IPv4': return / ARP,/.test(text) || text.startsWith('ARP', restStart) ? ARP_TEXTS.hardware : undefined;
		case 'id': return / ICMP/.test(text) ? OTHER_TEXTS.icmpId : undefined;
		case 'seq': return / ICMP/.test(text) ? OTHER_TEXTS.icmpSeq : undefined;
		case 'length': return / ICMP/.test(text) ? OTHER_TEXTS.icmpLength : /ARP/.test(text) ? ARP_TEXTS.length : /UDP/.test(before) ? OTHER_TEXTS.udpLength : undefined;
		case 'ICMP': case 'ICMP6': case 'UDP': case 'ARP': case 'IP': case 'IP6': return PROTOCOL_WORDS[word];
		default:
			break;
	}
	const previous = /(\S{1,20}) $/.exec(before)?.[1];
	switch (previous) {
		case 'who-has': return ARP_TEXTS.whoHas;
		case 'Reply': return ARP_TEXTS.whoHas;
		case 'tell': return ARP_TEXTS.tell;
		case 'is-at': return ARP_TEXTS.isAt;
		case 'id': return / ICMP/.test(text) ? OTHER_TEXTS.icmpId : undefined;
		case 'seq': return / ICMP/.test(text) ? OTHER_TEXTS.icmpSeq : undefined;
		case 'length': return / ICMP/.test(text) ? OTHER_TEXTS.icmpLength : /ARP/.test(text) ? ARP_TEXTS.length : /UDP, $/.test(before) ? OTHER_TEXTS.udpLength : undefined;
		default: break;
	}
	for (const [name, meaning] of Object.entries(ICMP_MESSAGES)) {
		const i = text.indexOf(` ${name}`, at);
		if (i >= 0 && token.span.start > i && token.span.start <= i + name.length) {
			return meaning;
		}
	}
	return undefined;
}

/** A word on a packet line the TCP tokens do not cover. */
export function explainLineWord(ctx: Ctx, text: string, restStart: number, token: LineToken): HoverDoc {
	const tcp = ctx.tcp;
	if (token.kind === 'arrow') {
		return { title: [code('>'), ' — ', OTHER_TEXTS.arrow], blocks: [] };
	}
	if (token.kind === 'truncated') {
		return { title: [code(token.text), ' — truncated: ', OTHER_TEXTS.truncated], blocks: [] };
	}
	if (tcp) {
		const afterLength = tcp.lengthSpan && token.span.line === tcp.lengthSpan.line && token.span.start > tcp.lengthSpan.end;
		return {
			title: [code(shown(token.text)), afterLength ? ' — part of tcpdump\'s decode of this segment\'s payload' : ' — part of this TCP line'],
			blocks: [teach(afterLength ? OTHER_TEXTS.payloadText : OTHER_TEXTS.decode)],
		};
	}
	const summary = packetSummary(ctx, text, restStart);
	const meaning = wordMeaning(text, restStart, token);
	if (meaning) {
		return { title: [code(shown(token.text)), ' — ', meaning], blocks: [p(`This line: ${summary}.`), teach(OTHER_TEXTS.notAnalysed)] };
	}
	const title: Inline[] = [code(shown(token.text)), ` — part of this packet: ${summary}`];
	return { title, blocks: [teach(OTHER_TEXTS.decode), teach(OTHER_TEXTS.notAnalysed)] };
}

/** A line no packet covers: tcpdump's banner (`reading from file …, link-type EN10MB (Ethernet), snapshot length 262144`). */
export function bannerHover(text: string, line: number, pos: number): { span: { line: number; start: number; end: number }; doc: HoverDoc } | undefined {
	if (!/^(?:reading from file |listening on |tcpdump: |\d{1,12} packets? )/.test(text) || pos < 0 || pos >= text.length) {
		return undefined;
	}
	const lt = /link-type (\S{1,40}) \([^)]{0,60}\)/.exec(text);
	if (lt && pos >= lt.index && pos < lt.index + lt[0].length) {
		return { span: { line, start: lt.index, end: lt.index + lt[0].length }, doc: { title: [code(lt[0]), ` — the capture's link type is ${lt[1]}`], blocks: [teach(OTHER_TEXTS.linkType)] } };
	}
	return { span: { line, start: 0, end: text.length }, doc: { title: ['tcpdump\'s banner line'], blocks: [p(OTHER_TEXTS.banner)] } };
}

