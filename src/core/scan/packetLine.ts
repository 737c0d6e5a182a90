/**
 * One line of tcpdump text → what it is: a packet line (with every TCP token's place), the first
 * line of an IPv4 `-v` packet, a banner line, or something else (a continuation line of the packet
 * above). A hand-written scanner rather than one big regex: it runs once per line of files with
 * millions of lines, and every regex in it is anchored and bounded.
 *
 * Example inputs (tcpdump-text-format.md):
 *   `17:16:09.924505 IP 131.155.215.69.46656 > 137.116.81.94.80: Flags [S], seq 797190859, win 64240, length 0`
 *   `192.168.1.12.1051 > 192.168.1.11.23: S 4255483971:4255483971(0) win 65535 (DF)` (tcpdump 3.x)
 */
import type {
	Direction, Endpoint, NumberField, Protocol, SackBlock, SeqField, Span, TcpFlags, TcpOption, TcpOptionKind,
	TcpSegment, Timestamp, TimestampForm,
} from '../types';

/** What comes before the addresses: `-#` number, timestamp, `-i any` interface and direction. */
export interface LineHeader {
	readonly packetNumber: number | undefined;
	readonly packetNumberSpan: Span | undefined;
	readonly timestamp: Timestamp | undefined;
	readonly interfaceName: string | undefined;
	readonly direction: Direction | undefined;
	readonly interfaceSpan: Span | undefined;
	readonly directionSpan: Span | undefined;
	/** Column where the rest of the line (protocol word, link header, addresses) starts. */
	readonly restStart: number;
}

export type ParsedLine =
	/** A packet line. `tcp` is set for TCP packets; `unreadable` when it looked like TCP but could not be read. */
	| { readonly kind: 'packet'; readonly header: LineHeader; readonly protocol: Protocol; readonly tcp: TcpSegment | undefined; readonly unreadable: string | undefined }
	/** The first line of an IPv4 `-v` packet (`IP (tos …, proto TCP (6), length 60)`): the addresses follow on the next line. */
	| { readonly kind: 'ip-header'; readonly header: LineHeader; readonly protocol: Protocol }
	| { readonly kind: 'banner' }
	/** A tab-indented line holding a tunnelled TCP packet (`-v` Geneve/VXLAN): the TCP part of the packet above. */
	| { readonly kind: 'inner'; readonly protocol: Protocol; readonly tcp: TcpSegment | undefined; readonly unreadable: string | undefined }
	/** Not a packet line: a continuation of the packet above (hex, ASCII, decode), or foreign text. */
	| { readonly kind: 'other' };

const OTHER: ParsedLine = { kind: 'other' };
const BANNER: ParsedLine = { kind: 'banner' };

const NUMBER_PREFIX = /^ {0,12}(\d{1,12}) {2}/y;
const CAPLEN_PREFIX = /caplen \d{1,10} len \d{1,10} /y;
const DATETIME = /(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{6,12})/y;
const EPOCH = /(\d{9,12})\.(\d{6,12})/y;
const DELTA = /([ -])(\d{2}):(\d{2}):(\d{2})\.(\d{6,12})/y;
const INTERFACE = /(\S{1,64}) +(In|Out|B|M|P) +/y;
const BANNER_LINE = /^(?:tcpdump: |listening on |reading from file |Warning: |dropped privs |\d+ packets? (?:captured|received by filter|dropped by (?:kernel|interface))$)/;
/** Words that start a non-TCP packet line's rest, so it counts as a packet of that protocol. */
const PROTOCOL_WORD = /(?:IP6?|ARP|RARP|STP|LLDP|CDP|EAPOL|LLC|IPX|vlan|ethertype|802\.1Q|PPPoE|MPLS)\b/y;
const MAC_PAIR = /[0-9a-f]{2}(?::[0-9a-f]{2}){5} > /y;

function sp(line: number, start: number, end: number): Span {
	return { line, start, end };
}

/*
 * Tokens keep their columns as plain numbers and make a Span only when asked (hovers, diagnostics):
 * a capture has millions of tokens and almost none is ever hovered.
 */

class NumberToken implements NumberField {
	constructor(readonly value: number, private readonly line: number, private readonly start: number, private readonly end: number) {}
	get span(): Span {
		return sp(this.line, this.start, this.end);
	}
}

class SeqToken implements SeqField {
	constructor(readonly start: number, readonly end: number | undefined, private readonly line: number, private readonly from: number, private readonly to: number) {}
	get span(): Span {
		return sp(this.line, this.from, this.to);
	}
}

class TimestampToken implements Timestamp {
	constructor(readonly form: TimestampForm, readonly seconds: number, private readonly line: number, private readonly start: number, private readonly end: number) {}
	get span(): Span {
		return sp(this.line, this.start, this.end);
	}
}

/** Cheap recognition, for content sniffing: is this a tcpdump packet line (or the first line of one)? */
export function isPacketLine(text: string): boolean {
	const parsed = parsePacketLine(text, 0);
	return parsed.kind === 'packet' || parsed.kind === 'ip-header';
}

/** Reads the `-#` number, timestamp and `-i any` interface at the start of a line. */
export function parseLineHeader(text: string, line: number): LineHeader {
	let pos = 0;
	let packetNumber: number | undefined;
	let packetNumberSpan: Span | undefined;
	NUMBER_PREFIX.lastIndex = 0;
	// a -# number (up to 12 spaces, up to 12 digits, two spaces) is rare: the regex runs only when
	// the line's first 26 columns can hold one, not on every line
	let m = mayHavePacketNumber(text) ? NUMBER_PREFIX.exec(text) : null;
	if (m) {
		const digits = m[1] ?? '';
		const start = m[0].indexOf(digits);
		packetNumber = Number(digits);
		packetNumberSpan = sp(line, start, start + digits.length);
		pos = NUMBER_PREFIX.lastIndex;
		// -ttt with -# prints three spaces: the third is the delta's sign column
	}
	CAPLEN_PREFIX.lastIndex = pos;
	if (text.startsWith('caplen ', pos) && CAPLEN_PREFIX.exec(text)) {
		pos = CAPLEN_PREFIX.lastIndex;
	}
	let timestamp: Timestamp | undefined;
	const c = text.charCodeAt(pos);
	if (c >= 48 && c <= 57) {
		DATETIME.lastIndex = pos;
		if (text.charCodeAt(pos + 4) === 45 && (m = DATETIME.exec(text))) {
			const seconds = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) / 1000 + fraction(m[7]);
			timestamp = new TimestampToken('datetime', seconds, line, pos, DATETIME.lastIndex);
			pos = DATETIME.lastIndex;
		} else {
			const timeEnd = timeOfDayEnd(text, pos);
			if (timeEnd > 0) {
				// the common default form, read without a regex: HH:MM:SS.ffffff[fff]
				const seconds = digits(text, pos, 2) * 3600 + digits(text, pos + 3, 2) * 60 + digits(text, pos + 6, 2)
					+ fraction(text.slice(pos + 9, timeEnd));
				timestamp = new TimestampToken('time', seconds, line, pos, timeEnd);
				pos = timeEnd;
			} else {
				EPOCH.lastIndex = pos;
				if ((m = EPOCH.exec(text))) {
					timestamp = new TimestampToken('epoch', Number(m[1]) + fraction(m[2]), line, pos, EPOCH.lastIndex);
					pos = EPOCH.lastIndex;
				}
			}
		}
	} else if (c === 32 || c === 45) {
		DELTA.lastIndex = pos;
		if ((m = DELTA.exec(text))) {
			const magnitude = Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]) + fraction(m[5]);
			timestamp = new TimestampToken('delta', m[1] === '-' ? -magnitude : magnitude, line, pos, DELTA.lastIndex);
			pos = DELTA.lastIndex;
		}
	}
	if (timestamp) {
		// ` (invalid us)` / `[timestamp overflow]` suffixes are kept out of the rest
		if (text.startsWith(' (invalid ', pos)) {
			const close = text.indexOf(')', pos);
			pos = close < 0 ? pos : close + 1;
		}
		while (text.charCodeAt(pos) === 32) {
			pos++;
		}
	}
	let interfaceName: string | undefined;
	let direction: Direction | undefined;
	let interfaceSpan: Span | undefined;
	let directionSpan: Span | undefined;
	INTERFACE.lastIndex = pos;
	if (mayHaveInterface(text, pos) && (m = INTERFACE.exec(text))) {
		interfaceName = m[1] ?? '';
		direction = m[2] as Direction;
		interfaceSpan = sp(line, pos, pos + interfaceName.length);
		const at = text.indexOf(direction, pos + interfaceName.length);
		directionSpan = sp(line, at, at + direction.length);
		pos = INTERFACE.lastIndex;
	}
	return { packetNumber, packetNumberSpan, timestamp, interfaceName, direction, interfaceSpan, directionSpan, restStart: pos };
}

/**
 * The `-v` IP header in parentheses after the protocol word or link header:
 * `IP (tos 0x0, ttl 64, …, proto TCP (6), length 60)`, `IP6 (hlim 64, next-header TCP (6) payload length: 20)`.
 * Returns its columns (brackets included), or undefined.
 */
export function ipHeaderRange(text: string, from: number): { start: number; end: number } | undefined {
	const limit = Math.min(text.length, from + 160);
	let open = -1;
	for (let i = from; i < limit; i++) {
		if (text.charCodeAt(i) === 40 && /^\((?:tos|hlim|class|flowlabel) /.test(text.slice(i, i + 12))) {
			open = i;
			break;
		}
	}
	if (open < 0) {
		return undefined;
	}
	let depth = 0;
	const end = Math.min(text.length, open + 600);
	for (let i = open; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c === 40) {
			depth++;
		} else if (c === 41 && --depth === 0) {
			return { start: open, end: i + 1 };
		}
	}
	return undefined;
}

/** Cheap pre-check for NUMBER_PREFIX (`^ {0,12}\d{1,12} {2}`), by character codes. */
function mayHavePacketNumber(text: string): boolean {
	let i = 0;
	while (i < 12 && text.charCodeAt(i) === 32) {
		i++;
	}
	const digitsFrom = i;
	while (i - digitsFrom < 12 && isDigit(text.charCodeAt(i))) {
		i++;
	}
	return i > digitsFrom && text.charCodeAt(i) === 32 && text.charCodeAt(i + 1) === 32;
}

/** Cheap pre-check for `-i any`: is the token after the next space a direction (In/Out/B/M/P)? */
function mayHaveInterface(text: string, pos: number): boolean {
	let i = text.indexOf(' ', pos);
	if (i < 0 || i - pos > 64) {
		return false;
	}
	while (text.charCodeAt(i) === 32) {
		i++;
	}
	const c = text.charCodeAt(i);
	return c === 73 || c === 79 || c === 66 || c === 77 || c === 80; // I O B M P
}

/** End of `HH:MM:SS.ffffff` (6 to 9 fraction digits; more when tcpdump flags it `(invalid us)`) at `pos`, or -1. */
function timeOfDayEnd(text: string, pos: number): number {
	if (text.charCodeAt(pos + 2) !== 58 || text.charCodeAt(pos + 5) !== 58 || text.charCodeAt(pos + 8) !== 46) {
		return -1;
	}
	if (!isDigit(text.charCodeAt(pos)) || !isDigit(text.charCodeAt(pos + 1)) || !isDigit(text.charCodeAt(pos + 3))
		|| !isDigit(text.charCodeAt(pos + 4)) || !isDigit(text.charCodeAt(pos + 6)) || !isDigit(text.charCodeAt(pos + 7))) {
		return -1;
	}
	let end = pos + 9;
	while (end < pos + 21 && isDigit(text.charCodeAt(end))) {
		end++;
	}
	return end - pos - 9 >= 6 ? end : -1;
}

function digits(text: string, at: number, count: number): number {
	let v = 0;
	for (let i = at; i < at + count; i++) {
		v = v * 10 + (text.charCodeAt(i) - 48);
	}
	return v;
}

/**
 * The fraction of a second: 6 digits are microseconds, 9 nanoseconds. tcpdump prints a value out of
 * range in full (7+ or 10+ digits) and adds `(invalid us)`/`(invalid ns)`: that fraction means
 * nothing, so it counts as 0.
 */
function fraction(digits: string | undefined): number {
	if (!digits) {
		return 0;
	}
	return digits.length === 6 ? Number(digits) / 1e6 : digits.length === 9 ? Number(digits) / 1e9 : 0;
}

/**
 * Parses one line. `line` is its 0-based number (spans carry it).
 * For the second line of an IPv4 `-v` packet use {@link parseAddressLine}.
 */
export function parsePacketLine(text: string, line: number): ParsedLine {
	if (text.length === 0) {
		return OTHER;
	}
	if (text.charCodeAt(0) === 9) {
		// a tab-indented continuation (hex dump, -v decode), or the inner packet of a tunnel printed
		// with -v on its own line (`\tIP6 (…) fd00::2.40433 > fd00::1.41423: Flags [P.], …`)
		if (text.startsWith('\t0x') || text.indexOf(' > ') < 0) {
			return OTHER;
		}
		const inner = findTcpPart(text, 1, line);
		return inner?.tcp || inner?.unreadable ? { kind: 'inner', protocol: inner.protocol, tcp: inner.tcp, unreadable: inner.unreadable } : OTHER;
	}
	if (BANNER_LINE.test(text)) {
		return BANNER;
	}
	const header = parseLineHeader(text, line);
	const found = findTcpPart(text, header.restStart, line);
	if (found) {
		return { kind: 'packet', header, protocol: found.protocol, tcp: found.tcp, unreadable: found.unreadable };
	}
	// Not TCP. A packet line of another protocol starts with a timestamp, or (with -t) a protocol word.
	const rest = header.restStart;
	PROTOCOL_WORD.lastIndex = rest;
	MAC_PAIR.lastIndex = rest;
	const protocolWord = PROTOCOL_WORD.test(text) || MAC_PAIR.test(text);
	if (header.timestamp === undefined && !protocolWord) {
		return OTHER;
	}
	if (text.endsWith(')') && text.includes('(tos ', rest)) {
		return { kind: 'ip-header', header, protocol: protocolFromIpHeader(text, rest) };
	}
	return { kind: 'packet', header, protocol: protocolOf(text, rest), tcp: undefined, unreadable: undefined };
}

/**
 * Parses the second line of an IPv4 `-v` packet (`    src > dst: …`), whose header was on the line above.
 * Returns undefined when the line is not such a line.
 */
export function parseAddressLine(text: string, line: number): { protocol: Protocol; tcp: TcpSegment | undefined; unreadable: string | undefined } | undefined {
	if (!text.startsWith('    ') || text.charCodeAt(4) === 32) {
		return undefined;
	}
	const found = findTcpPart(text, 4, line);
	if (found) {
		return found;
	}
	return { protocol: protocolOf(text, 4), tcp: undefined, unreadable: undefined };
}

function protocolFromIpHeader(text: string, from: number): Protocol {
	const at = text.indexOf('proto ', from);
	if (at < 0) {
		// IPv6 -v header: next-header TCP (6)
		const nh = text.indexOf('next-header ', from);
		return nh < 0 ? 'ip' : wordProtocol(text, nh + 12);
	}
	return wordProtocol(text, at + 6);
}

function wordProtocol(text: string, at: number): Protocol {
	if (text.startsWith('TCP', at)) {
		return 'tcp';
	}
	if (text.startsWith('UDP', at)) {
		return 'udp';
	}
	if (text.startsWith('ICMP', at)) {
		return 'icmp';
	}
	return 'ip';
}

function protocolOf(text: string, rest: number): Protocol {
	if (text.startsWith('ARP', rest) || text.includes(' ARP,', rest) || text.includes('ethertype ARP', rest)) {
		return 'arp';
	}
	if (text.includes(' ICMP', rest)) {
		return 'icmp';
	}
	if (text.includes(' UDP', rest) || text.includes(': UDP', rest)) {
		return 'udp';
	}
	if (text.startsWith('IP', rest) || text.includes('ethertype IP', rest)) {
		return 'ip';
	}
	return 'other';
}

interface FoundTcp {
	protocol: Protocol;
	tcp: TcpSegment | undefined;
	unreadable: string | undefined;
}

/**
 * Finds the first `SRC.PORT > DST.PORT: ` whose rest is a TCP part, from the left. Tunnels print
 * the outer packet first (`Geneve, Flags [none], …: IP a.1 > b.2: Flags [S], …`): the outer rest is
 * not a TCP part, so the scan goes on to the inner one.
 */
function findTcpPart(text: string, from: number, line: number): FoundTcp | undefined {
	let search = from;
	for (let guard = 0; guard < 64; guard++) {
		const arrow = text.indexOf(' > ', search);
		if (arrow < 0) {
			break;
		}
		search = arrow + 3;
		const pair = endpointsAround(text, arrow, line) ?? splitEndpointsAround(text, from, arrow, line);
		if (!pair) {
			continue;
		}
		const tcp = parseTcpPart(text, pair.restAt, line, pair.src, pair.dst);
		if (tcp) {
			return tcp;
		}
	}
	return undefined;
}

function isSpaceOrComma(c: number): boolean {
	return c === 32 || c === 44 || c === 9;
}

/** `SRC.PORT > DST.PORT:` around the ` > ` at `arrow`; undefined unless both sides have a port. */
function endpointsAround(text: string, arrow: number, line: number): { src: Endpoint; dst: Endpoint; restAt: number } | undefined {
	let s = arrow;
	while (s > 0 && !isSpaceOrComma(text.charCodeAt(s - 1))) {
		s--;
	}
	const src = endpoint(text, s, arrow, line);
	if (!src) {
		return undefined;
	}
	const dStart = arrow + 3;
	let e = dStart;
	while (e < text.length && !isSpaceOrComma(text.charCodeAt(e))) {
		e++;
	}
	// the destination token ends with ':' (and then a space or the end of the line)
	if (e - 1 <= dStart || text.charCodeAt(e - 1) !== 58) {
		return undefined;
	}
	if (e < text.length && text.charCodeAt(e) !== 32) {
		return undefined;
	}
	const dst = endpoint(text, dStart, e - 1, line);
	if (!dst) {
		return undefined;
	}
	return { src, dst, restAt: e + 1 };
}

/** IPv6 extension headers tcpdump prints between the addresses and the ports. */
const EXTENSION_HEADER = /^(?:DSTOPT|HBH|RT6|frag|MOBILITY|srcrt)\b/;

/**
 * IPv6 with extension headers prints the addresses and the ports apart:
 * `IP6 2001:db8:1::2 > 2001:db8:1::1: DSTOPT 36951 > 80: Flags [S], …` (also `HBH (padn)`,
 * `frag (0|20)`, `RT6 (len=0, …)`). Around the ` > ` at `arrow` with bare ports on both sides,
 * looks back for that `ADDR > ADDR: EXT` and joins each address to its port.
 */
function splitEndpointsAround(text: string, from: number, arrow: number, line: number): { src: Endpoint; dst: Endpoint; restAt: number } | undefined {
	let s = arrow;
	while (s > from && isDigit(text.charCodeAt(s - 1))) {
		s--;
	}
	if (s === arrow || arrow - s > 5 || text.charCodeAt(s - 1) !== 32) {
		return undefined;
	}
	const dStart = arrow + 3;
	let e = dStart;
	while (e < text.length && e - dStart <= 5 && isDigit(text.charCodeAt(e))) {
		e++;
	}
	if (e === dStart || text.charCodeAt(e) !== 58 || text.charCodeAt(e + 1) !== 32) {
		return undefined;
	}
	// the addresses: the last `A > B: ` before the ports, followed by an extension header word
	const head = text.lastIndexOf(': ', s);
	const addrArrow = head < 0 ? -1 : text.lastIndexOf(' > ', head);
	if (addrArrow < from || !EXTENSION_HEADER.test(text.slice(head + 2, head + 10))) {
		return undefined;
	}
	let a = addrArrow;
	while (a > from && !isSpaceOrComma(text.charCodeAt(a - 1))) {
		a--;
	}
	const srcAddr = text.slice(a, addrArrow);
	const dstAddr = text.slice(addrArrow + 3, head);
	if (!srcAddr.includes(':') || !dstAddr.includes(':') || dstAddr.includes(' ')) {
		return undefined;
	}
	return {
		src: new SplitEndpoint(srcAddr, text.slice(s, arrow), line, a, s),
		dst: new SplitEndpoint(dstAddr, text.slice(dStart, e), line, addrArrow + 3, dStart),
		restAt: e + 2,
	};
}

/** An IPv6 address and a port printed apart (extension headers between): `address.port` as tcpdump spells it elsewhere. */
class SplitEndpoint implements Endpoint {
	readonly text: string;
	constructor(readonly address: string, readonly port: string, private readonly line: number, private readonly addressAt: number, private readonly portAt: number) {
		this.text = `${address}.${port}`;
	}
	get span(): Span {
		return this.portSpan;
	}
	get addressSpan(): Span {
		return sp(this.line, this.addressAt, this.addressAt + this.address.length);
	}
	get portSpan(): Span {
		return sp(this.line, this.portAt, this.portAt + this.port.length);
	}
}

function endpoint(text: string, start: number, end: number, line: number): Endpoint | undefined {
	if (end - start < 3) {
		return undefined;
	}
	const dot = text.lastIndexOf('.', end - 1);
	if (dot <= start || dot >= end - 1) {
		return undefined;
	}
	for (let i = dot + 1; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c === 58 || c === 46) {
			return undefined; // a port has no ':' or '.'
		}
	}
	return new LineEndpoint(text.slice(start, end), line, start, dot - start);
}

/**
 * An endpoint that computes its parts on demand: a capture has two per packet, and most are
 * only ever used by their whole text (connection keys).
 */
class LineEndpoint implements Endpoint {
	constructor(readonly text: string, private readonly line: number, private readonly start: number, private readonly dot: number) {}
	get address(): string {
		return this.text.slice(0, this.dot);
	}
	get port(): string {
		return this.text.slice(this.dot + 1);
	}
	get span(): Span {
		return sp(this.line, this.start, this.start + this.text.length);
	}
	get addressSpan(): Span {
		return sp(this.line, this.start, this.start + this.dot);
	}
	get portSpan(): Span {
		return sp(this.line, this.start + this.dot + 1, this.start + this.text.length);
	}
}

// ---------------------------------------------------------------------------------------------
// The TCP part

const OLD_FLAGS = /([SFRPWE]{1,6}|\.) /y;
/** Reads up to 10 decimal digits at `at` (a 32-bit value); undefined when there is none or it overflows. */
function readNumber(text: string, at: number): { value: number; end: number } | undefined {
	let value = 0;
	let i = at;
	const limit = Math.min(text.length, at + 10);
	for (; i < limit; i++) {
		const c = text.charCodeAt(i);
		if (c < 48 || c > 57) {
			break;
		}
		value = value * 10 + (c - 48);
	}
	if (i === at || value > 0xffffffff || (i < text.length && isDigit(text.charCodeAt(i)))) {
		return undefined;
	}
	return { value, end: i };
}

function parseTcpPart(text: string, at: number, line: number, src: Endpoint, dst: Endpoint): FoundTcp | undefined {
	if (text.startsWith('Flags [', at)) {
		return parseModern(text, at, line, src, dst);
	}
	if (text.startsWith('tcp ', at) && isDigit(text.charCodeAt(at + 4))) {
		const n = readNumber(text, at + 4);
		if (!n) {
			return undefined;
		}
		const bad = text.indexOf('[bad hdr length', at) >= 0 || text.indexOf('(invalid)', at) >= 0;
		return {
			protocol: 'tcp', unreadable: undefined,
			tcp: segment('quiet', line, src, dst, {
				length: n.value, lengthFrom: at + 4, lengthTo: n.end, truncated: bad,
			}),
		};
	}
	if (text.startsWith(' [|tcp]', at)) {
		return { protocol: 'tcp', unreadable: undefined, tcp: segment('modern', line, src, dst, { truncated: true }) };
	}
	OLD_FLAGS.lastIndex = at;
	const m = OLD_FLAGS.exec(text);
	if (m) {
		return parseOld(text, at, OLD_FLAGS.lastIndex, m[1] ?? '', line, src, dst);
	}
	return undefined;
}

function isDigit(c: number): boolean {
	return c >= 48 && c <= 57;
}

/** Where an option list starts in its line, to be split on demand. */
interface OptionSource {
	text: string;
	at: number;
	closer: string;
}

interface SegmentParts {
	flags?: TcpFlags;
	seq?: SeqField;
	ack?: NumberField;
	win?: NumberField;
	urg?: NumberField;
	optionSource?: OptionSource;
	optionsFrom?: number;
	optionsTo?: number;
	length?: number;
	lengthFrom?: number;
	lengthTo?: number;
	/** Column of a 3.x ` (DF)` (at the parenthesis). */
	dfFrom?: number;
	truncated?: boolean;
}

function segment(style: TcpSegment['style'], line: number, src: Endpoint, dst: Endpoint, p: SegmentParts): TcpSegment {
	return new LineSegment(style, line, src, dst, p);
}

interface OptionValues {
	options: TcpOption[];
	mss: number | undefined;
	wscale: number | undefined;
	sackOk: boolean;
	tsVal: number | undefined;
	tsEcr: number | undefined;
	sack: SackBlock[] | undefined;
	tfo: boolean;
}

const NO_OPTIONS: OptionValues = {
	options: [], mss: undefined, wscale: undefined, sackOk: false, tsVal: undefined, tsEcr: undefined, sack: undefined, tfo: false,
};

/**
 * A TCP segment whose option list is split only when someone asks: most packets carry a
 * `nop,nop,TS val … ecr …` list that nobody reads.
 */
class LineSegment implements TcpSegment {
	readonly flags: TcpFlags | undefined;
	readonly seq: SeqField | undefined;
	readonly ack: NumberField | undefined;
	readonly win: NumberField | undefined;
	readonly urg: NumberField | undefined;
	readonly length: number | undefined;
	readonly truncated: boolean;
	private readonly optionSource: OptionSource | undefined;
	private readonly optionsFrom: number;
	private readonly optionsTo: number;
	private readonly lengthFrom: number;
	private readonly lengthTo: number;
	private readonly dfFrom: number;
	private values: OptionValues | undefined;

	constructor(readonly style: TcpSegment['style'], readonly line: number, readonly src: Endpoint, readonly dst: Endpoint, p: SegmentParts) {
		this.flags = p.flags;
		this.seq = p.seq;
		this.ack = p.ack;
		this.win = p.win;
		this.urg = p.urg;
		this.optionsFrom = p.optionsFrom ?? -1;
		this.optionsTo = p.optionsTo ?? -1;
		this.length = p.length;
		this.lengthFrom = p.lengthFrom ?? -1;
		this.dfFrom = p.dfFrom ?? -1;
		this.lengthTo = p.lengthTo ?? -1;
		this.truncated = p.truncated ?? false;
		this.optionSource = p.optionSource;
	}

	get optionsSpan(): Span | undefined {
		return this.optionsFrom < 0 ? undefined : sp(this.line, this.optionsFrom, this.optionsTo);
	}
	get dfSpan(): Span | undefined {
		return this.dfFrom < 0 ? undefined : sp(this.line, this.dfFrom, this.dfFrom + 4);
	}
	get lengthSpan(): Span | undefined {
		return this.lengthFrom < 0 ? undefined : sp(this.line, this.lengthFrom, this.lengthTo);
	}

	private get option(): OptionValues {
		if (!this.values) {
			const src = this.optionSource;
			this.values = src ? optionValues(readOptionList(src.text, src.at, this.line, src.closer).options) : NO_OPTIONS;
		}
		return this.values;
	}
	get options(): readonly TcpOption[] { return this.option.options; }
	get mss(): number | undefined { return this.option.mss; }
	get wscale(): number | undefined { return this.option.wscale; }
	get sackOk(): boolean { return this.option.sackOk; }
	get tsVal(): number | undefined { return this.option.tsVal; }
	get tsEcr(): number | undefined { return this.option.tsEcr; }
	get tfo(): boolean { return this.option.tfo; }
	get sack(): readonly SackBlock[] | undefined {
		// cheap test first: SACK blocks are rare, and this is asked for every packet
		const src = this.optionSource;
		if (!src || src.text.indexOf('sack ', src.at) < 0) {
			return undefined;
		}
		return this.option.sack;
	}
}

function optionValues(options: TcpOption[]): OptionValues {
	const v: OptionValues = { ...NO_OPTIONS, options };
	for (const o of options) {
		switch (o.kind) {
			case 'mss': v.mss = trailingNumber(o.text); break;
			case 'wscale': v.wscale = trailingNumber(o.text); break;
			case 'sackOK': v.sackOk = true; break;
			case 'TS': {
				const ts = /^(?:TS val|timestamp) (\d{1,10})(?: ecr)? (\d{1,10})/.exec(o.text);
				if (ts) {
					v.tsVal = Number(ts[1]);
					v.tsEcr = Number(ts[2]);
				}
				break;
			}
			case 'sack': v.sack = sackBlocks(o.text); break;
			case 'tfo': case 'exp-tfo': v.tfo = true; break;
			default: break;
		}
	}
	return v;
}

function trailingNumber(text: string): number | undefined {
	const m = /(\d{1,10})$/.exec(text);
	return m ? Number(m[1]) : undefined;
}

function sackBlocks(text: string): SackBlock[] {
	const blocks: SackBlock[] = [];
	const re = /\{(\d{1,10}):(\d{1,10})\}/g;
	let m: RegExpExecArray | null;
	while ((m = re.exec(text)) && blocks.length < 8) {
		blocks.push({ left: Number(m[1]), right: Number(m[2]) });
	}
	return blocks;
}

const FIN = 1, SYN = 2, RST = 4, PSH = 8, ACK = 16, URG = 32, ECE = 64, CWR = 128, AE = 256;

/** The flag letters and their bits (letters in tcpdump's own table order, print-tcp.c). */
class FlagsToken implements TcpFlags {
	constructor(readonly text: string, private readonly line: number, private readonly start: number, private readonly bits: number) {}
	get span(): Span {
		return sp(this.line, this.start, this.start + this.text.length);
	}
	get fin(): boolean { return (this.bits & FIN) !== 0; }
	get syn(): boolean { return (this.bits & SYN) !== 0; }
	get rst(): boolean { return (this.bits & RST) !== 0; }
	get psh(): boolean { return (this.bits & PSH) !== 0; }
	get ack(): boolean { return (this.bits & ACK) !== 0; }
	get urg(): boolean { return (this.bits & URG) !== 0; }
	get ece(): boolean { return (this.bits & ECE) !== 0; }
	get cwr(): boolean { return (this.bits & CWR) !== 0; }
	get ae(): boolean { return (this.bits & AE) !== 0; }
}

function makeFlags(text: string, line: number, start: number, style: 'modern' | 'old', hasAckField: boolean): TcpFlags | undefined {
	if (text === 'none') {
		return new FlagsToken(text, line, start, 0);
	}
	let bits = 0;
	for (let i = 0; i < text.length; i++) {
		switch (text.charCodeAt(i)) {
			case 83: bits |= SYN; break; // S
			case 70: bits |= FIN; break; // F
			case 82: bits |= RST; break; // R
			case 80: bits |= PSH; break; // P
			case 46: if (style === 'modern') { bits |= ACK; } break; // .
			case 85: bits |= URG; break; // U
			case 69: bits |= ECE; break; // E
			case 87: bits |= CWR; break; // W
			case 101: bits |= AE; break; // e
			default: return undefined;
		}
	}
	if (style === 'old' && hasAckField) {
		bits |= ACK; // 3.x prints no ACK letter: an `ack` field means the bit was set
	}
	return new FlagsToken(text, line, start, bits);
}

/** Markers after which tcpdump stopped decoding: parse as far as it goes, then stop. */
function isTruncationMarker(text: string, at: number): boolean {
	// asked before every field: reject on the first character
	switch (text.charCodeAt(at)) {
		case 91: // [
			return text.startsWith('[|tcp]', at) || text.startsWith('[remaining caplen', at) || text.startsWith('[bad hdr length', at)
				|| text.startsWith('[bad opt]', at);
		case 32:
			return text.startsWith(' [|tcp]', at);
		case 40: // (
			return text.startsWith('(invalid)', at);
		default:
			return false;
	}
}

function parseModern(text: string, at: number, line: number, src: Endpoint, dst: Endpoint): FoundTcp {
	const close = text.indexOf(']', at + 7);
	const flagText = close < 0 ? '' : text.slice(at + 7, close);
	const flags = flagText.length > 0 && flagText.length <= 9 ? makeFlags(flagText, line, at + 7, 'modern', false) : undefined;
	if (!flags) {
		return { protocol: 'tcp', tcp: undefined, unreadable: 'flags not readable' };
	}
	const p: SegmentParts = { flags };
	let pos = close + 1;
	for (let guard = 0; guard < 32; guard++) {
		if (pos >= text.length) {
			p.truncated = true; // the line ended before `length`
			break;
		}
		if (!text.startsWith(', ', pos)) {
			if (isTruncationMarker(text, pos) || isTruncationMarker(text, pos + 1)) {
				p.truncated = true;
				break;
			}
			return { protocol: 'tcp', tcp: undefined, unreadable: `unexpected text at column ${pos + 1}` };
		}
		pos += 2;
		if (isTruncationMarker(text, pos)) {
			p.truncated = true;
			break;
		}
		let n: { value: number; end: number } | undefined;
		if (text.startsWith('cksum 0x', pos)) {
			const end = text.indexOf(')', pos);
			if (end < 0) {
				p.truncated = true;
				break;
			}
			pos = end + 1;
		} else if (text.startsWith('seq ', pos)) {
			if (!(n = readNumber(text, pos + 4))) {
				return { protocol: 'tcp', tcp: undefined, unreadable: 'seq not a number' };
			}
			let end: number | undefined;
			let tokenEnd = n.end;
			if (text.charCodeAt(n.end) === 58) {
				const e = readNumber(text, n.end + 1);
				if (!e) {
					return { protocol: 'tcp', tcp: undefined, unreadable: 'seq range not readable' };
				}
				end = e.value;
				tokenEnd = e.end;
			}
			p.seq = new SeqToken(n.value, end, line, pos + 4, tokenEnd);
			pos = tokenEnd;
		} else if (text.startsWith('ack ', pos)) {
			if (!(n = readNumber(text, pos + 4))) {
				return { protocol: 'tcp', tcp: undefined, unreadable: 'ack not a number' };
			}
			p.ack = new NumberToken(n.value, line, pos + 4, n.end);
			pos = n.end;
		} else if (text.startsWith('win ', pos)) {
			if (!(n = readNumber(text, pos + 4))) {
				return { protocol: 'tcp', tcp: undefined, unreadable: 'win not a number' };
			}
			p.win = new NumberToken(n.value, line, pos + 4, n.end);
			pos = n.end;
		} else if (text.startsWith('urg ', pos)) {
			if (!(n = readNumber(text, pos + 4))) {
				return { protocol: 'tcp', tcp: undefined, unreadable: 'urg not a number' };
			}
			p.urg = new NumberToken(n.value, line, pos + 4, n.end);
			pos = n.end;
		} else if (text.startsWith('[ack ', pos) || text.startsWith('[urg ', pos)) {
			const end = text.indexOf(']', pos);
			if (end < 0) {
				p.truncated = true;
				break;
			}
			pos = end + 1;
		} else if (text.startsWith('options [', pos)) {
			const end = optionListEnd(text, pos + 9, 93);
			p.optionSource = { text, at: pos + 9, closer: ']' };
			if (end < 0) {
				p.truncated = true; // `options [mss 1460, [|tcp]`
				break;
			}
			p.optionsFrom = pos + 8;
			p.optionsTo = end + 1;
			pos = end + 1;
		} else if (text.startsWith('length ', pos)) {
			if (!(n = readNumber(text, pos + 7))) {
				return { protocol: 'tcp', tcp: undefined, unreadable: 'length not a number' };
			}
			p.length = n.value;
			p.lengthFrom = pos + 7;
			p.lengthTo = n.end;
			// the rest is an application decode, or a truncation marker after `length L`
			if (text.indexOf('[|tcp]', n.end) >= 0 || text.indexOf('[remaining caplen', n.end) >= 0) {
				p.truncated = true;
			}
			break;
		} else {
			return { protocol: 'tcp', tcp: undefined, unreadable: `unknown field at column ${pos + 1}` };
		}
	}
	return { protocol: 'tcp', tcp: segment('modern', line, src, dst, p), unreadable: undefined };
}

/** The column of the bracket closing an option list (one level of nesting), or -1 when the line was cut. */
function optionListEnd(text: string, at: number, closeCode: number): number {
	let depth = 0;
	const limit = Math.min(text.length, at + 4096);
	for (let i = at; i < limit; i++) {
		const c = text.charCodeAt(i);
		if (c === 91) { // [
			if (text.startsWith('[|tcp]', i) || text.startsWith('[bad opt]', i)) {
				return -1;
			}
			depth++;
		} else if (c === 93 && depth > 0) {
			depth--;
		} else if (depth === 0 && c === closeCode) {
			return i;
		}
	}
	return -1;
}

/** Reads `o1,o2,…` up to the closing bracket (one level of nested `[..]` allowed). `end` is the closing bracket, or -1. */
function readOptionList(text: string, at: number, line: number, closer: string): { options: TcpOption[]; end: number } {
	const options: TcpOption[] = [];
	let depth = 0;
	let start = at;
	const closeCode = closer.charCodeAt(0);
	const limit = Math.min(text.length, at + 4096);
	for (let i = at; i < limit; i++) {
		const c = text.charCodeAt(i);
		if (c === 91) { // [
			if (text.startsWith('[|tcp]', i) || text.startsWith('[bad opt]', i)) {
				pushOption(options, text, start, i, line);
				return { options, end: -1 };
			}
			depth++;
		} else if (c === 93 && depth > 0) { // ]
			depth--;
		} else if (depth === 0 && c === closeCode) {
			pushOption(options, text, start, i, line);
			return { options, end: i };
		} else if (depth === 0 && c === 44) { // ,
			pushOption(options, text, start, i, line);
			start = i + 1;
		}
	}
	pushOption(options, text, start, limit, line);
	return { options, end: -1 };
}

function pushOption(options: TcpOption[], text: string, start: number, end: number, line: number): void {
	while (start < end && text.charCodeAt(start) === 32) {
		start++;
	}
	while (end > start && text.charCodeAt(end - 1) === 32) {
		end--;
	}
	if (end <= start) {
		return;
	}
	const optionText = text.slice(start, end);
	options.push({ kind: optionKind(optionText), text: optionText, span: sp(line, start, end) });
}

function optionKind(text: string): TcpOptionKind {
	const space = text.indexOf(' ');
	const word = space < 0 ? text : text.slice(0, space);
	switch (word) {
		case 'mss': case 'wscale': case 'sackOK': case 'sack': case 'nop': case 'eol': case 'tfo': case 'exp-tfo':
		case 'mptcp': case 'md5': case 'tcp-ao': case 'uto':
			return word;
		case 'TS': case 'timestamp':
			return 'TS';
		default:
			return word.startsWith('unknown-') ? 'unknown' : 'other';
	}
}

const OLD_RANGE = /(\d{1,10}):(\d{1,10})\((\d{1,10})\) /y;

/** tcpdump 3.x: `S 4255483971:4255483971(0) ack 4255483972 win 32120 <mss 1460> (DF)`. */
function parseOld(text: string, at: number, pos: number, flagText: string, line: number, src: Endpoint, dst: Endpoint): FoundTcp | undefined {
	const p: SegmentParts = {};
	OLD_RANGE.lastIndex = pos;
	const m = OLD_RANGE.exec(text);
	if (m) {
		const rangeEnd = OLD_RANGE.lastIndex - 1;
		p.seq = new SeqToken(Number(m[1]), Number(m[2]), line, pos, rangeEnd);
		p.length = Number(m[3]);
		const lenStart = pos + (m[1] ?? '').length + 1 + (m[2] ?? '').length + 1;
		p.lengthFrom = lenStart;
		p.lengthTo = lenStart + (m[3] ?? '').length;
		pos = OLD_RANGE.lastIndex;
	}
	let n: { value: number; end: number } | undefined;
	if (text.startsWith('ack ', pos) && (n = readNumber(text, pos + 4))) {
		p.ack = new NumberToken(n.value, line, pos + 4, n.end);
		pos = n.end + 1;
	}
	if (!text.startsWith('win ', pos) || !(n = readNumber(text, pos + 4))) {
		return undefined; // not the 3.x TCP shape
	}
	p.win = new NumberToken(n.value, line, pos + 4, n.end);
	pos = n.end;
	if (text.startsWith(' urg ', pos) && (n = readNumber(text, pos + 5))) {
		p.urg = new NumberToken(n.value, line, pos + 5, n.end);
		pos = n.end;
	}
	if (text.startsWith(' <', pos)) {
		const end = optionListEnd(text, pos + 2, 62);
		p.optionSource = { text, at: pos + 2, closer: '>' };
		if (end < 0) {
			p.truncated = true;
		} else {
			p.optionsFrom = pos + 1;
			p.optionsTo = end + 1;
		}
	}
	const df = text.indexOf(' (DF)', pos);
	if (df >= 0) {
		p.dfFrom = df + 1;
	}
	p.flags = makeFlags(flagText, line, at, 'old', p.ack !== undefined);
	if (p.length === undefined) {
		p.length = 0; // 3.x prints no range for segments without data, SYN, FIN or RST
	}
	return { protocol: 'tcp', tcp: segment('old', line, src, dst, p), unreadable: undefined };
}

