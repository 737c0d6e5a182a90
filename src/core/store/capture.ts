/**
 * Reads a capture text line by line — packets, connections, handshakes and findings in one pass.
 *
 * `CaptureReader` is push-based so the CLI can follow a live `tcpdump -l` stream; `analyzeText`
 * runs it over a whole document and indexes packets by line for hovers.
 */
import { createTcpAnalyzer, type ConnectionStats, type TcpAnalyzer } from '../analyse/analysis';
import { ConnectionTracker } from '../track/connections';
import { splitLines } from '../scan/lines';
import { ipHeaderRange, parseAddressLine, parseLineHeader, parsePacketLine, type LineHeader } from '../scan/packetLine';
import type { Connection, Direction, Finding, IpTruncation, PacketRecord, Protocol, Severity, Span, TcpPacketInfo, TcpSegment, Timestamp, UnreadableLine } from '../types';

export interface CaptureAnalysis {
	readonly lineCount: number;
	readonly packets: readonly PacketRecord[];
	readonly connections: readonly Connection[];
	/** Handshake and tcp.* findings, in line order. */
	readonly findings: readonly Finding[];
	/** Lines that looked like TCP packets but could not be read (left unannotated). */
	readonly unreadable: readonly UnreadableLine[];
	readonly counts: CaptureCounts;
	/** How the numbers were printed: `absolute` for `-S`, `relative` by default. */
	readonly numbering: 'relative' | 'absolute' | 'unknown';
	/** How `delta` timestamps were read: since the previous packet (`-ttt`) or since the first (`-ttttt`). */
	readonly deltaMode: DeltaMode;
	/** The packet whose record covers this 0-based line (packet line or continuation), if any. */
	packetAtLine(line: number): PacketRecord | undefined;
	/** Findings on the given packet. */
	findingsForPacket(packet: number): readonly Finding[];
	/** Per-connection statistics (packets, bytes, retransmissions, how it ended). */
	statsFor(connection: number): ConnectionStats | undefined;
}

export interface CaptureCounts {
	packets: number;
	tcpPackets: number;
	/** Packets by protocol, TCP included. */
	byProtocol: Record<Protocol, number>;
	bannerLines: number;
	unreadableLines: number;
}

/**
 * `-ttt` prints the time since the previous packet, `-ttttt` since the first: the lines look
 * alike. `previous` (the more common `-ttt`) unless told otherwise; `analyzeText` decides from the
 * whole text.
 */
export type DeltaMode = 'previous' | 'first';

export interface CaptureReaderOptions {
	/** Keep every PacketRecord (default true). A live stream turns this off to bound memory. */
	readonly retainPackets?: boolean;
	readonly deltaMode?: DeltaMode;
	/** The tcp.* analysis (default: Wireshark's rules, analysis.ts). */
	readonly analyzer?: TcpAnalyzer;
	/** Called with each finding as soon as it is known. */
	readonly onFinding?: (finding: Finding) => void;
	/** Called with each packet once its record is complete (continuation lines attached). */
	readonly onPacket?: (packet: PacketRecord) => void;
	/**
	 * For live streams: forget finished and idle connections (memory bounded by the open ones),
	 * calling this just before each is forgotten, while its statistics are still known.
	 */
	readonly onConnectionDone?: (conn: Connection, stats: ConnectionStats | undefined) => void;
	/** With `onConnectionDone`: a connection closed (see `TrackerOptions.onClosed`), before it is forgotten. */
	readonly onConnectionClosed?: (conn: Connection, lastAck: boolean) => void;
}

interface PendingPacket {
	line: number;
	header: LineHeader;
	protocol: Protocol;
	tcp: TcpSegment | undefined;
	/** The text of the line holding the TCP part, to parse it again on demand. */
	tcpText: string | undefined;
	/** Whether that line is an IPv4 `-v` address line (`    src > dst: …`). */
	tcpOnAddressLine: boolean;
	/** The `-v` IP header on the first line, if any. */
	ipHeader: { start: number; end: number; text: string } | undefined;
	unreadable: string | undefined;
	lastLine: number;
	/** An IPv4 `-v` header still waiting for its 4-space address line. */
	awaitingAddresses: boolean;
	/** TCP headers quoted by an ICMP error (`-v`). */
	quoted?: TcpSegment[];
	/** The VXLAN VNI of the outer line (`vni 4711`), when this packet is a VXLAN one. */
	vni?: string;
	/** The next line is the VXLAN inner packet. */
	vxlanInner?: boolean;
	/** A tab-indented `\tIP (…)` inner header was seen (-v tunnel); its addresses follow. */
	innerHeader?: boolean;
	/** `truncated-ip - N bytes missing!` on one of its lines. */
	ipTruncated?: IpTruncation;
}

const TRUNCATED_IP = /truncated-ip6? - (\d{1,9}) bytes missing!/;
/**
 * An outer IP packet's addresses before the inner IP on the same line (`IP 10.0.0.1 > 10.0.0.2: GREv0,
 * …: IP truncated-ip`; IPv6 too, with or without `IP6`). A MAC pair (`-e`) ends in `,`, not `:`.
 */
const OUTER_IP = /[0-9a-fA-F:.]{2,64} > [0-9a-fA-F:.]{2,64}: /;

const VLAN_TAG = /vlan (\d{1,4}), p \d/g;

/** VLAN tags of the link header (`-e`) and the VXLAN VNI, as one key; undefined when the text shows none. */
function linkKeyOf(p: PendingPacket): string | undefined {
	const parts: string[] = [];
	if (p.vni) {
		parts.push(`vni ${p.vni}`);
	}
	const text = p.tcpText;
	if (text !== undefined && !p.tcpOnAddressLine && text.includes('vlan ')) {
		const end = text.indexOf('Flags [');
		const head = end < 0 ? text : text.slice(0, end);
		for (const m of head.matchAll(VLAN_TAG)) {
			parts.push(`vlan ${m[1]}`);
		}
	}
	return parts.length === 0 ? undefined : parts.join(' ');
}

/** A 4-space indented `-v` line, not a `-#` numbered packet line (`    5  10:00:00.014200 IP …`). */
function isIndentedContinuation(text: string): boolean {
	return text.startsWith('    ') && !NUMBERED_LINE.test(text);
}
const NUMBERED_LINE = /^ {0,12}\d{1,12} {2}/;

/** `4711` from a line ending in `vni 4711`, or ''. */
function vniOf(text: string): string {
	const at = text.lastIndexOf(' vni ');
	if (at < 0 || text.indexOf('VXLAN', Math.max(0, at - 40)) < 0) {
		return '';
	}
	const v = text.slice(at + 5);
	return /^\d{1,8}$/.test(v) ? v : '';
}

/**
 * A packet as kept after reading: its numbers, and the text its TCP tokens come from. The parsed
 * TCP segment (a dozen small objects) is dropped once connection tracking and analysis have seen it
 * and parsed again from its line when a hover or a message asks: a capture has millions of packets,
 * and keeping every token alive was most of the cost of reading one.
 */
class LinePacketRecord implements PacketRecord {
	tcpInfo: TcpPacketInfo | undefined = undefined;
	readonly packetNumber: number | undefined;
	readonly packetNumberSpan: Span | undefined;
	readonly timestamp: Timestamp | undefined;
	readonly interfaceName: string | undefined;
	readonly direction: Direction | undefined;
	readonly interfaceSpan: Span | undefined;
	readonly directionSpan: Span | undefined;
	ipHeaderSpan: Span | undefined = undefined;
	ipHeaderText: string | undefined = undefined;
	quotedTcp: readonly TcpSegment[] | undefined = undefined;
	linkKey: string | undefined = undefined;
	ipTruncated: IpTruncation | undefined = undefined;
	#tcp: TcpSegment | undefined;

	constructor(
		readonly index: number, readonly line: number, public lastLine: number, readonly protocol: Protocol, h: LineHeader,
		public time: number | undefined, tcp: TcpSegment | undefined,
		private readonly tcpText: string | undefined, private readonly tcpOnAddressLine: boolean, private readonly tcpLine: number,
		private readonly reparsed: ReparseCache,
	) {
		this.packetNumber = h.packetNumber;
		this.packetNumberSpan = h.packetNumberSpan;
		this.timestamp = h.timestamp;
		this.interfaceName = h.interfaceName;
		this.direction = h.direction;
		this.interfaceSpan = h.interfaceSpan;
		this.directionSpan = h.directionSpan;
		this.#tcp = tcp;
	}

	get tcp(): TcpSegment | undefined {
		return this.#tcp ?? (this.tcpText === undefined ? undefined : this.reparsed.get(this));
	}

	/** Drops the parsed segment: it is read again from its line when asked. */
	release(): void {
		this.#tcp = undefined;
	}

	/** Parses the TCP part again from the kept line text. */
	parseAgain(): TcpSegment | undefined {
		const text = this.tcpText ?? '';
		if (this.tcpOnAddressLine) {
			return parseAddressLine(text, this.tcpLine)?.tcp;
		}
		const parsed = parsePacketLine(text, this.tcpLine);
		// a tunnel's inner packet sits on a continuation line; the record's own line is the outer packet
		return parsed.kind === 'packet' || parsed.kind === 'inner' ? parsed.tcp : undefined;
	}
}

/**
 * A `-v` IP header comes before the addresses: look for its ` (` only up to the first ` > `. With
 * `-e` that arrow is the MAC pair's (`66:77:…`), and the header follows the link header's `: (`.
 */
function mayHaveIpHeader(text: string, from: number): boolean {
	if (text.charCodeAt(from + 2) === 58) {
		return text.includes(': (', from);
	}
	const arrow = text.indexOf(' > ', from);
	const paren = arrow < 0 ? -1 : text.lastIndexOf(' (', arrow);
	return paren >= from - 1;
}

function ipHeaderOf(text: string, from: number): { start: number; end: number; text: string } | undefined {
	const r = ipHeaderRange(text, from);
	return r ? { start: r.start, end: r.end, text: text.slice(r.start, r.end) } : undefined;
}

/**
 * Recently re-parsed segments of one capture: a hover walks a few records several times. One cache
 * per reader, so that it lives and dies with its analysis (a module-wide cache would keep old
 * documents' text alive through the records it holds).
 */
class ReparseCache {
	static readonly MAX = 1024;
	readonly #segments = new Map<LinePacketRecord, TcpSegment | undefined>();

	get(record: LinePacketRecord): TcpSegment | undefined {
		if (this.#segments.has(record)) {
			return this.#segments.get(record);
		}
		const tcp = record.parseAgain();
		if (this.#segments.size >= ReparseCache.MAX) {
			const oldest = this.#segments.keys().next();
			if (!oldest.done) {
				this.#segments.delete(oldest.value);
			}
		}
		this.#segments.set(record, tcp);
		return tcp;
	}
}

export class CaptureReader {
	readonly packets: PacketRecord[] = [];
	/** Every finding so far (only when packets are retained; a live stream just counts them). */
	readonly findings: Finding[] = [];
	readonly findingCounts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
	readonly unreadable: UnreadableLine[] = [];
	readonly tracker: ConnectionTracker;
	readonly analyzer: TcpAnalyzer;
	readonly counts: CaptureCounts = {
		packets: 0, tcpPackets: 0, bannerLines: 0, unreadableLines: 0,
		byProtocol: { tcp: 0, udp: 0, icmp: 0, arp: 0, ip: 0, other: 0 },
	};
	private line = 0;
	private pending: PendingPacket | undefined;
	private readonly retain: boolean;
	readonly deltaMode: DeltaMode;
	private readonly onFinding: ((finding: Finding) => void) | undefined;
	private readonly onPacket: ((packet: PacketRecord) => void) | undefined;
	private clock = { last: undefined as number | undefined, dayOffset: 0, deltaSum: 0 };
	private readonly reparsed = new ReparseCache();
	private finished = false;

	constructor(options: CaptureReaderOptions = {}) {
		this.retain = options.retainPackets ?? true;
		this.deltaMode = options.deltaMode ?? 'previous';
		this.onFinding = options.onFinding;
		this.onPacket = options.onPacket;
		this.analyzer = options.analyzer ?? createTcpAnalyzer();
		const done = options.onConnectionDone;
		const analyzer = this.analyzer;
		this.tracker = new ConnectionTracker({
			retainPackets: this.retain, analyzer,
			onForget: done ? conn => done(conn, analyzer.stats(conn.index)) : undefined,
			onClosed: options.onConnectionClosed,
		});
	}

	/** Lines read so far. */
	get lineCount(): number {
		return this.line;
	}

	/** Reads the next line (without its line break; a trailing `\r` is ignored). */
	push(rawText: string): void {
		const line = this.line;
		const text = rawText.length > 0 && rawText.charCodeAt(rawText.length - 1) === 13 ? rawText.slice(0, -1) : rawText;
		this.read(text);
		if (text.includes('truncated-ip')) {
			this.noteTruncatedIp(text, line);
		}
	}

	/**
	 * `truncated-ip - N bytes missing!` on a line of the packet being read: inside a tunnel when the
	 * outer IP packet was printed before it (on a line of its own with -v, or before it on this line).
	 */
	private noteTruncatedIp(text: string, line: number): void {
		const p = this.pending;
		const m = TRUNCATED_IP.exec(text);
		if (!p || !m || p.ipTruncated) {
			return;
		}
		const inTunnel = line !== p.line || OUTER_IP.test(text.slice(Math.max(0, m.index - 200), m.index));
		p.ipTruncated = { missing: Number(m[1]), inTunnel, span: { line, start: m.index, end: m.index + m[0].length } };
	}

	private read(text: string): void {
		const line = this.line++;
		const pending = this.pending;
		if (pending?.awaitingAddresses) {
			pending.awaitingAddresses = false;
			const second = parseAddressLine(text, line);
			if (second) {
				pending.protocol = second.tcp || second.unreadable ? 'tcp' : pending.protocol;
				pending.tcp = second.tcp;
				pending.tcpText = second.tcp ? text : undefined;
				pending.tcpOnAddressLine = true;
				pending.unreadable = second.unreadable;
				pending.lastLine = line;
				this.noteTunnel(pending, text);
				return;
			}
		}
		if (pending?.vxlanInner) {
			// the line after a VXLAN outer line (`…: VXLAN, flags [I] (0x08), vni 4711`) is its inner
			// packet, printed without a time stamp: part of this packet, not a new one
			pending.vxlanInner = false;
			if (this.takeInner(pending, text, line)) {
				return;
			}
		}
		if (pending && pending.protocol !== 'icmp' && !pending.awaitingAddresses && !pending.tcp && pending.innerHeader && isIndentedContinuation(text)) {
			// a -v tunnel (GRE, MPLS, ERSPAN): `\tIP (… proto TCP …)` then the inner addresses
			pending.innerHeader = false;
			const inner = parseAddressLine(text, line);
			if (inner?.tcp || inner?.unreadable) {
				pending.protocol = 'tcp';
				pending.tcp = inner.tcp;
				pending.tcpText = inner.tcp ? text : undefined;
				pending.tcpOnAddressLine = true;
				pending.unreadable = inner.unreadable;
				pending.lastLine = line;
				return;
			}
		}
		if (pending && (text.startsWith('\tIP (') || text.startsWith('\tIP truncated-ip'))) {
			pending.innerHeader = true;
		}
		if (pending && pending.protocol === 'icmp' && !pending.awaitingAddresses && isIndentedContinuation(text)) {
			// an ICMP error quotes the header of the packet it refused (`-v`: `\tIP (… proto TCP …)`
			// then `    a.p > b.q: Flags [.], seq …`): part of the ICMP message, not traffic
			const quoted = parseAddressLine(text, line);
			if (quoted?.tcp || quoted?.unreadable) {
				if (quoted.tcp) {
					(pending.quoted ??= []).push(quoted.tcp);
				}
				pending.lastLine = line;
				return;
			}
		}
		let parsed;
		try {
			parsed = parsePacketLine(text, line);
		} catch {
			parsed = { kind: 'other' as const }; // a line that cannot be read is left unannotated
		}
		switch (parsed.kind) {
			case 'packet':
				this.flush();
				this.pending = {
					line, header: parsed.header, protocol: parsed.protocol, tcp: parsed.tcp, unreadable: parsed.unreadable,
					lastLine: line, awaitingAddresses: false, tcpText: parsed.tcp ? text : undefined, tcpOnAddressLine: false,
					ipHeader: mayHaveIpHeader(text, parsed.header.restStart) ? ipHeaderOf(text, parsed.header.restStart) : undefined,
				};
				this.noteTunnel(this.pending, text);
				return;
			case 'ip-header':
				this.flush();
				this.pending = {
					line, header: parsed.header, protocol: parsed.protocol, tcp: undefined, unreadable: undefined,
					lastLine: line, awaitingAddresses: true, tcpText: undefined, tcpOnAddressLine: false,
					ipHeader: ipHeaderOf(text, parsed.header.restStart),
				};
				return;
			case 'banner':
				this.flush();
				this.counts.bannerLines++;
				return;
			case 'inner':
				if (pending && !pending.tcp && !pending.unreadable) {
					pending.protocol = 'tcp';
					pending.tcp = parsed.tcp;
					pending.tcpText = parsed.tcp ? text : undefined;
					pending.unreadable = parsed.unreadable;
				}
				if (pending) {
					pending.lastLine = line;
				}
				return;
			default:
				if (pending) {
					pending.lastLine = line; // continuation: hex, ASCII, -v decode, blank
				}
		}
	}

	/** A VXLAN outer line ends with its VNI; the inner packet follows on the next line. */
	private noteTunnel(p: PendingPacket, text: string): void {
		if (p.tcp || !text.endsWith(p.vni = vniOf(text))) {
			return;
		}
		p.vxlanInner = p.vni !== '';
	}

	/** Reads a tunnel's inner packet line into the pending packet; false when it is not one. */
	private takeInner(p: PendingPacket, text: string, line: number): boolean {
		let parsed;
		try {
			parsed = parsePacketLine(text, line);
		} catch {
			return false;
		}
		if (parsed.kind === 'packet' && parsed.header.timestamp === undefined) {
			p.protocol = parsed.protocol;
			p.tcp = parsed.tcp;
			p.tcpText = parsed.tcp ? text : undefined;
			p.tcpOnAddressLine = false;
			p.unreadable = parsed.unreadable;
			p.lastLine = line;
			return true;
		}
		if (parsed.kind === 'ip-header' && parsed.header.timestamp === undefined) {
			p.awaitingAddresses = true; // -v: the inner addresses follow on a 4-space line
			p.lastLine = line;
			return true;
		}
		return false;
	}

	/**
	 * Emits the packet still waiting for continuation lines. A live stream calls this when the input
	 * goes quiet, so the last packet's findings do not wait for the next packet.
	 */
	flushPending(): void {
		if (this.pending && !this.pending.awaitingAddresses) {
			this.flush();
		}
	}

	/** The input ended: emit the last packet and the end-of-capture findings. */
	finish(): void {
		if (this.finished) {
			return;
		}
		this.finished = true;
		this.flush();
		for (const f of this.tracker.finish()) {
			this.emit(f);
		}
	}

	/**
	 * Lets reading go on after `finish()`, for an editor whose document grew at the end
	 * (analyse/slicedAnalysis.ts takes back what `finish` added before it pushes the new lines).
	 */
	reopen(): void {
		this.finished = false;
	}

	private flush(): void {
		const p = this.pending;
		if (!p) {
			return;
		}
		this.pending = undefined;
		const index = this.counts.packets++;
		const h = p.header;
		const record = new LinePacketRecord(index, p.line, p.lastLine, p.protocol, h, this.timeOf(h), p.tcp, p.tcpText, p.tcpOnAddressLine, p.tcp?.line ?? p.line, this.reparsed);
		if (p.quoted) {
			record.quotedTcp = p.quoted;
		}
		if (p.tcp) {
			record.linkKey = linkKeyOf(p);
			record.ipTruncated = p.ipTruncated;
		}
		if (p.ipHeader) {
			record.ipHeaderSpan = { line: p.line, start: p.ipHeader.start, end: p.ipHeader.end };
			record.ipHeaderText = p.ipHeader.text;
		}
		this.counts.byProtocol[p.protocol]++;
		if (p.unreadable) {
			this.counts.unreadableLines++;
			this.unreadable.push({ line: p.tcp?.line ?? p.line, reason: p.unreadable });
		}
		if (this.retain) {
			this.packets.push(record);
		}
		if (record.tcp) {
			this.counts.tcpPackets++;
			for (const f of this.tracker.add(record)) {
				this.emit(f);
			}
		}
		this.onPacket?.(record);
		record.release();
	}

	private emit(finding: Finding): void {
		this.findingCounts[finding.severity]++;
		if (this.retain) {
			this.findings.push(finding);
		}
		this.onFinding?.(finding);
	}

	/** One clock for the capture: deltas summed, midnight crossings of time-of-day stamps unwrapped. */
	private timeOf(h: LineHeader): number | undefined {
		const ts = h.timestamp;
		if (!ts) {
			return undefined;
		}
		const c = this.clock;
		let t: number;
		switch (ts.form) {
			case 'delta':
				if (this.deltaMode === 'first') {
					t = ts.seconds;
				} else {
					c.deltaSum += ts.seconds;
					t = c.deltaSum;
				}
				break;
			case 'time':
				t = ts.seconds + c.dayOffset;
				if (c.last !== undefined && t < c.last - 43200) {
					c.dayOffset += 86400; // the time went back by more than half a day: midnight passed
					t += 86400;
				}
				break;
			default:
				t = ts.seconds;
		}
		c.last = t;
		return t;
	}
}

/**
 * `-ttttt` deltas never decrease; `-ttt` deltas do, sooner or later. Looks at up to 2,000 stamps,
 * and stops at the first stamp of another form (the question does not arise then).
 */
export function detectDeltaMode(lines: readonly string[]): DeltaMode {
	let previous = -1;
	let seen = 0;
	for (let i = 0; i < lines.length && seen < 2000; i++) {
		const ts = parseLineHeader(lines[i] ?? '', i).timestamp;
		if (!ts) {
			continue;
		}
		if (ts.form !== 'delta') {
			return 'previous';
		}
		if (ts.seconds < 0 || ts.seconds < previous) {
			return 'previous';
		}
		previous = ts.seconds;
		seen++;
	}
	return seen >= 8 ? 'first' : 'previous';
}

export interface AnalyzeOptions {
	readonly analyzer?: TcpAnalyzer;
}

/** Reads a whole document. Never throws on bad input: unreadable lines are counted and left out. */
export function analyzeText(text: string, options: AnalyzeOptions = {}): CaptureAnalysis {
	const lines = splitLines(text);
	return analyzeLines(lines, options);
}

export function analyzeLines(lines: readonly string[], options: AnalyzeOptions = {}): CaptureAnalysis {
	const reader = new CaptureReader({ deltaMode: detectDeltaMode(lines), analyzer: options.analyzer });
	for (let i = 0; i < lines.length; i++) {
		reader.push(lines[i] ?? '');
	}
	reader.finish();
	return toAnalysis(reader);
}

/** Freezes a finished reader into an indexed analysis. */
export function toAnalysis(reader: CaptureReader): CaptureAnalysis {
	const lineCount = reader.lineCount;
	const packets = reader.packets;
	const byLine = new Int32Array(lineCount).fill(-1);
	for (const p of packets) {
		const last = Math.min(p.lastLine, lineCount - 1);
		for (let l = p.line; l <= last; l++) {
			byLine[l] = p.index;
		}
	}
	const findings = reader.findings.slice().sort((x, y) => x.span.line - y.span.line || x.span.start - y.span.start);
	return indexedAnalysis(reader, lineCount, byLine, findings);
}

/** Findings grouped by the packet they are on (the order of `findings` kept within a packet). */
export function findingsByPacket(findings: readonly Finding[]): Map<number, Finding[]> {
	const byPacket = new Map<number, Finding[]>();
	for (const f of findings) {
		const list = byPacket.get(f.packet);
		if (list) {
			list.push(f);
		} else {
			byPacket.set(f.packet, [f]);
		}
	}
	return byPacket;
}

/**
 * The analysis of a reader's state over a line → packet index (`byLine[line]` = packet index or
 * -1) and its sorted findings: what `toAnalysis` and the editor's sliced analysis both hand out.
 */
export function indexedAnalysis(reader: CaptureReader, lineCount: number, byLine: Int32Array, findings: readonly Finding[]): CaptureAnalysis {
	const packets = reader.packets;
	const packetCount = packets.length;
	const byPacket = findingsByPacket(findings);
	return {
		lineCount,
		packets,
		connections: reader.tracker.connections,
		findings,
		unreadable: reader.unreadable,
		counts: reader.counts,
		numbering: reader.tracker.numbering,
		deltaMode: reader.deltaMode,
		packetAtLine(line: number): PacketRecord | undefined {
			if (line < 0 || line >= lineCount) {
				return undefined;
			}
			const i = byLine[line] ?? -1;
			return i < 0 || i >= packetCount ? undefined : packets[i];
		},
		findingsForPacket(packet: number): readonly Finding[] {
			return byPacket.get(packet) ?? [];
		},
		statsFor(connection: number): ConnectionStats | undefined {
			return reader.analyzer.stats(connection);
		},
	};
}
