/**
 * "Show only this connection" (Wireshark's Follow TCP Stream / `tcp.stream eq N`): the lines of
 * one connection (continuation lines with their packet), and an analysis of them whose numbers
 * all come from the WHOLE capture — relative bases, window scale from the SYNs, times, findings,
 * line references in texts — with every position moved to the view's own lines.
 *
 * Packet and connection indices stay those of the whole capture ("Connection 3" stays 3): the
 * view's `packets` array is the capture's with this connection's records replaced by moved
 * copies, and its `connections` array holds the connection at its own index and empty stand-ins
 * elsewhere, so code that walks every connection finds only this one.
 */
import { findingsByPacket, type CaptureAnalysis } from '../store/capture';
import type { Connection, Finding, Handshake, PacketRecord, RelatedLocation, TcpSegment } from '../types';

export interface ConnectionView {
	readonly connection: number;
	/** The view's text: the connection's lines joined by `\n`. */
	readonly text: string;
	/** For each line of the view, its 0-based line in the whole capture. */
	readonly sourceLines: Int32Array;
	/** The analysis in the view's coordinates. */
	readonly analysis: CaptureAnalysis;
	/** The view's line of a capture line, or -1 when that line is not in the view. */
	viewLine(sourceLine: number): number;
}

const NO_HANDSHAKE: Handshake = {
	state: 'none', syn: undefined, synAck: undefined, ack: undefined, rst: undefined, syns: [], synAcks: [],
	clientIsn: undefined, serverIsn: undefined, clientMss: undefined, serverMss: undefined,
	clientWscale: undefined, serverWscale: undefined, clientSackOk: false, serverSackOk: false,
	clientTimestamps: false, serverTimestamps: false, synDataLength: 0, rttMs: undefined,
	synToSynAckMs: undefined, synAckToAckMs: undefined, problem: undefined,
};

/**
 * Parser output (spans, segments, options) with every `line` field moved by `delta`. Plain objects
 * and arrays are copied; the parser's token classes (lazy getters over the line text) are wrapped
 * in a read-through proxy, which moves what their getters return.
 */
export function shiftLines<T>(value: T, delta: number): T {
	if (delta === 0 || value === null || typeof value !== 'object') {
		return value;
	}
	if (Array.isArray(value)) {
		return value.map(v => shiftLines(v, delta)) as T;
	}
	if (Object.getPrototypeOf(value) === Object.prototype) {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
			out[k] = k === 'line' && typeof v === 'number' ? v + delta : shiftLines(v, delta);
		}
		return out as T;
	}
	const target = value as object;
	const seen = new Map<PropertyKey, unknown>();
	return new Proxy(target, {
		get(t, key) {
			if (seen.has(key)) {
				return seen.get(key);
			}
			const v: unknown = Reflect.get(t, key, t);
			const moved = key === 'line' && typeof v === 'number' ? v + delta
				: typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t)
				: shiftLines(v, delta);
			seen.set(key, moved);
			return moved;
		},
	}) as T;
}

/** A capture record shown on another line: same numbers, moved positions, `sourceLine` kept. */
class MovedRecord implements PacketRecord {
	readonly index: number;
	readonly line: number;
	lastLine: number;
	readonly protocol: PacketRecord['protocol'];
	readonly packetNumber: number | undefined;
	readonly packetNumberSpan: PacketRecord['packetNumberSpan'];
	readonly timestamp: PacketRecord['timestamp'];
	time: number | undefined;
	readonly interfaceName: string | undefined;
	readonly direction: PacketRecord['direction'];
	readonly interfaceSpan: PacketRecord['interfaceSpan'];
	readonly directionSpan: PacketRecord['directionSpan'];
	readonly ipHeaderSpan: PacketRecord['ipHeaderSpan'];
	readonly ipHeaderText: string | undefined;
	tcpInfo: PacketRecord['tcpInfo'];
	/** The record's line in the whole capture (texts name that line). */
	readonly sourceLine: number;
	#tcp: TcpSegment | undefined | null = null;

	constructor(private readonly source: PacketRecord, viewLine: number) {
		const delta = viewLine - source.line;
		this.index = source.index;
		this.line = viewLine;
		this.lastLine = source.lastLine + delta;
		this.protocol = source.protocol;
		this.packetNumber = source.packetNumber;
		this.packetNumberSpan = shiftLines(source.packetNumberSpan, delta);
		this.timestamp = shiftLines(source.timestamp, delta);
		this.time = source.time;
		this.interfaceName = source.interfaceName;
		this.direction = source.direction;
		this.interfaceSpan = shiftLines(source.interfaceSpan, delta);
		this.directionSpan = shiftLines(source.directionSpan, delta);
		this.ipHeaderSpan = shiftLines(source.ipHeaderSpan, delta);
		this.ipHeaderText = source.ipHeaderText;
		this.tcpInfo = source.tcpInfo;
		this.sourceLine = source.line;
	}

	get tcp(): TcpSegment | undefined {
		if (this.#tcp === null) {
			this.#tcp = shiftLines(this.source.tcp, this.line - this.source.line);
		}
		return this.#tcp;
	}
}

/**
 * The view of connection `connection` of `full`, whose text is `lines` (the capture's lines).
 * Undefined when there is no such connection.
 *
 * Example: connection 2 of test/fixtures/interleaved/nn.txt gives only its own lines, and the hover
 * on its `ack 1` still reads the ISN from its SYN, which sits on another line of the capture.
 */
export function connectionView(full: CaptureAnalysis, lines: readonly string[], connection: number): ConnectionView | undefined {
	const conn = full.connections[connection];
	if (!conn) {
		return undefined;
	}
	const viewLines: string[] = [];
	const source: number[] = [];
	const packets: PacketRecord[] = full.packets.slice();
	const moved: MovedRecord[] = [];
	for (const i of conn.packets) {
		const r = full.packets[i];
		if (!r) {
			continue;
		}
		const m = new MovedRecord(r, viewLines.length);
		for (let l = r.line; l <= r.lastLine && l < lines.length; l++) {
			viewLines.push(lines[l] ?? '');
			source.push(l);
		}
		packets[i] = m;
		moved.push(m);
	}
	const sourceLines = Int32Array.from(source);
	const toView = new Map<number, number>();
	sourceLines.forEach((s, v) => toView.set(s, v));
	const viewLine = (s: number): number => toView.get(s) ?? -1;

	const inView = new Set(conn.packets);
	const findings: Finding[] = [];
	for (const f of full.findings) {
		if (!inView.has(f.packet)) {
			continue;
		}
		const v = viewLine(f.span.line);
		if (v < 0) {
			continue;
		}
		const related: RelatedLocation[] = [];
		for (const r of f.related) {
			const rv = viewLine(r.span.line);
			if (rv >= 0) {
				related.push({ ...r, span: { ...r.span, line: rv } });
			}
		}
		findings.push({ ...f, span: { ...f.span, line: v }, related });
	}
	const byPacket = findingsByPacket(findings);
	const connections: Connection[] = full.connections.map(c => c.index === connection ? c
		: { index: c.index, endpoints: c.endpoints, client: c.client, server: c.server, packets: [], numbering: c.numbering, handshake: NO_HANDSHAKE });
	const byLine = new Int32Array(viewLines.length).fill(-1);
	for (const m of moved) {
		for (let l = m.line; l <= m.lastLine && l < byLine.length; l++) {
			byLine[l] = m.index;
		}
	}
	const tcpPackets = moved.filter(m => m.tcpInfo !== undefined).length;
	const analysis: CaptureAnalysis = {
		lineCount: viewLines.length,
		packets,
		connections,
		findings,
		unreadable: [],
		counts: { ...full.counts, packets: moved.length, tcpPackets, byProtocol: { ...full.counts.byProtocol, tcp: tcpPackets }, bannerLines: 0, unreadableLines: 0 },
		numbering: full.numbering,
		deltaMode: full.deltaMode,
		packetAtLine(line: number): PacketRecord | undefined {
			const i = line >= 0 && line < byLine.length ? byLine[line] ?? -1 : -1;
			return i < 0 ? undefined : packets[i];
		},
		findingsForPacket(packet: number): readonly Finding[] {
			return byPacket.get(packet) ?? [];
		},
		statsFor(c: number) {
			return c === connection ? full.statsFor(c) : undefined;
		},
	};
	return { connection, text: viewLines.join('\n'), sourceLines, analysis, viewLine };
}

/** The capture line a record's texts should name: its own line, or its line in the whole capture for a view's record. */
export function sourceLineOf(record: PacketRecord): number {
	return (record as Partial<MovedRecord>).sourceLine ?? record.line;
}
