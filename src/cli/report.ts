/**
 * One input's run: reads lines into a `CaptureReader` that forgets finished connections (so memory
 * is bounded by the open ones, for files as for streams), and writes the human report, the
 * `--summary` or the `--json` document. For files and `--json`, finished connections and findings
 * are spilled (spill.ts) and printed in the documented order at the end; a live stream (human
 * output) prints each finding when known and each connection's line when it closes.
 */
import type { ConnectionStats } from '../core/analyse/analysis';
import { CaptureReader, detectDeltaMode, type DeltaMode } from '../core/store/capture';
import { formatSeconds } from '../core/track/connections';
import { parseLineHeader } from '../core/scan/packetLine';
import { renderSummaryText, severityAtLeast, SummaryBuilder } from '../core/features/summary';
import type { Connection, Finding } from '../core/types';
import type { Options } from './args';
import type { Output } from './output';
import { prettyJsonAt } from './jsonText';
import { detached, IntColumn, Spill } from './spill';

/** Exit status the findings decide: 1 with an error finding, else 0. */
export type FindingsStatus = 0 | 1;

/** Per live connection: what the report needs, without keeping packet records. */
interface ConnLines {
	count: number;
	firstLine: number;
	/** Packet indices and their 1-based lines (only for --json). */
	packets: number[] | undefined;
	lines: number[] | undefined;
}

export function plural(n: number, one: string, many = `${one}s`): string {
	return `${n} ${n === 1 ? one : many}`;
}

function round3(x: number): number {
	return Math.round(x * 1000) / 1000;
}

function handshakeSummary(c: Connection): string {
	const h = c.handshake;
	const parts: string[] = [];
	switch (h.state) {
		case 'complete': parts.push('handshake complete'); break;
		case 'simultaneous': parts.push('simultaneous open'); break;
		case 'none': parts.push('handshake not captured'); break;
		case 'refused': parts.push('refused (RST)'); break;
		default: parts.push(`handshake ${h.state}${h.problem ? ` (${h.problem})` : ''}`);
	}
	if (h.rttMs !== undefined) {
		parts.push(`iRTT ${formatSeconds(h.rttMs / 1000)}`);
	}
	if (h.clientMss !== undefined || h.serverMss !== undefined) {
		parts.push(`MSS ${h.clientMss ?? '-'}/${h.serverMss ?? '-'}`);
	}
	if (h.clientWscale !== undefined || h.serverWscale !== undefined) {
		parts.push(`wscale ${h.clientWscale ?? '-'}/${h.serverWscale ?? '-'}`);
	}
	return parts.join(', ');
}

function connectionLine(c: Connection, info: ConnLines | undefined): string {
	const arrow = c.client ? `${c.client} → ${c.server}` : `${c.endpoints[0]} ⇄ ${c.endpoints[1]}`;
	const where = info && info.count > 0 ? ` (line ${info.firstLine}, ${plural(info.count, 'packet')})` : '';
	return `  #${c.index + 1} ${arrow}: ${handshakeSummary(c)}${where}`;
}

function findingLine(name: string, f: Finding): string {
	return `${name}:${f.span.line + 1}:${f.span.start + 1}: ${f.severity} ${f.code}: ${f.message}`;
}

/** The documented JSON of one connection (README "JSON output"); the key order is today's. */
function connectionJson(c: Connection, info: ConnLines | undefined, stats: ConnectionStats | undefined): object {
	const h = c.handshake;
	const lineOf = (packet: number | undefined): number | null => {
		const packets = info?.packets;
		if (packet === undefined || !packets) {
			return null;
		}
		let lo = 0;
		let hi = packets.length - 1;
		while (lo <= hi) {
			const mid = (lo + hi) >> 1;
			const p = packets[mid] ?? 0;
			if (p === packet) {
				return info.lines?.[mid] ?? null;
			}
			if (p < packet) {
				lo = mid + 1;
			} else {
				hi = mid - 1;
			}
		}
		return null;
	};
	return {
		index: c.index,
		client: c.client ?? null,
		server: c.server ?? null,
		endpoints: c.endpoints,
		lines: info?.lines ?? [],
		numbering: c.numbering,
		handshake: {
			state: h.state,
			syn: lineOf(h.syn),
			synAck: lineOf(h.synAck),
			ack: lineOf(h.ack),
			rst: lineOf(h.rst),
			synCount: h.syns.length,
			clientIsn: h.clientIsn ?? null,
			serverIsn: h.serverIsn ?? null,
			clientMss: h.clientMss ?? null,
			serverMss: h.serverMss ?? null,
			clientWscale: h.clientWscale ?? null,
			serverWscale: h.serverWscale ?? null,
			clientSackOk: h.clientSackOk,
			serverSackOk: h.serverSackOk,
			rttMs: h.rttMs === undefined ? null : round3(h.rttMs),
			synToSynAckMs: h.synToSynAckMs === undefined ? null : round3(h.synToSynAckMs),
			synAckToAckMs: h.synAckToAckMs === undefined ? null : round3(h.synAckToAckMs),
			problem: h.problem ?? null,
		},
		stats: stats ? {
			packets: stats.packets,
			bytes: stats.directions.map(d => ({ from: d.from, packets: d.packets, bytes: d.bytes, retransmittedBytes: d.retransmittedBytes })),
			durationS: stats.durationS === undefined ? null : Math.round(stats.durationS * 1e6) / 1e6,
			retransmittedBytes: stats.retransmittedBytes,
			zeroWindowEvents: stats.zeroWindowEvents,
			endedBy: stats.endedBy,
			endedFrom: stats.endedFrom ?? null,
			completeness: stats.completenessValue,
			completenessFlags: stats.completeness,
		} : null,
	};
}

function findingJson(f: Finding): object {
	return {
		line: f.span.line + 1,
		column: f.span.start + 1,
		endColumn: f.span.end + 1,
		code: f.code,
		severity: f.severity,
		message: f.message,
		connection: f.connection ?? null,
		certainty: f.certainty,
		alternatives: f.alternatives,
		related: f.related.map(r => ({ line: r.span.line + 1, column: r.span.start + 1, message: r.message })),
	};
}

/**
 * `-ttt` and `-ttttt` look alike; `detectDeltaMode` decides from the first stamps. A file's first
 * lines are held back until it can decide (at most 2,000 stamps or 16 MiB), exactly as if it saw
 * the whole text; a stream takes `-ttt` (it cannot wait).
 */
class DeltaModeProbe {
	readonly held: string[] = [];
	#chars = 0;
	#stamps = 0;
	#previous = -1;

	/** Holds the line; true when the mode can be decided now. */
	hold(line: string): boolean {
		this.held.push(line);
		this.#chars += line.length;
		const ts = parseLineHeader(line, this.held.length - 1).timestamp;
		if (ts) {
			if (ts.form !== 'delta' || ts.seconds < 0 || ts.seconds < this.#previous) {
				return true;
			}
			this.#previous = ts.seconds;
			this.#stamps++;
		}
		return this.#stamps >= 2000 || this.#chars > 16 << 20;
	}

	mode(): DeltaMode {
		return detectDeltaMode(this.held);
	}
}

export class CaptureReport {
	readonly #name: string;
	readonly #options: Options;
	readonly #out: Output;
	readonly #live: boolean;
	#reader: CaptureReader | undefined;
	#probe: DeltaModeProbe | undefined;
	readonly #conns = new Map<number, ConnLines>();
	/** Forgotten connections, handled after their last packet is counted. */
	#done: { conn: Connection; stats: ConnectionStats | undefined }[] = [];
	/** Live: connections whose line was printed; closed with FIN both ways, last ACK not seen. */
	readonly #printed = new Set<number>();
	readonly #awaitingLastAck = new Map<number, Connection>();
	readonly #closedNow: Connection[] = [];
	readonly #summary: SummaryBuilder | undefined;
	/** Spilled output: per connection index its record; findings with their sort keys. */
	readonly #connSpill = new Spill();
	readonly #connRecord = new IntColumn();
	readonly #findingSpill = new Spill();
	readonly #findingLine = new IntColumn();
	readonly #findingColumn = new IntColumn();
	#findingsSorted = true;
	readonly #unreadableSpill = new Spill();
	/** Nesting of an item of the document's arrays (pretty JSON): several documents nest one level deeper. */
	readonly #itemDepth: number;

	constructor(name: string, options: Options, out: Output, live: boolean) {
		this.#name = name;
		this.#options = options;
		this.#itemDepth = options.inputs.length > 1 ? 3 : 2;
		this.#out = out;
		this.#live = live && !options.json && !options.summary;
		this.#summary = options.summary ? new SummaryBuilder({ minSeverity: options.minSeverity }) : undefined;
		if (live) {
			this.#reader = this.#newReader('previous');
		} else {
			this.#probe = new DeltaModeProbe();
		}
	}

	#newReader(deltaMode: DeltaMode): CaptureReader {
		return new CaptureReader({
			retainPackets: false,
			deltaMode,
			onFinding: f => this.#onFinding(f),
			onPacket: p => {
				const c = p.tcpInfo?.connection;
				if (c !== undefined) {
					let info = this.#conns.get(c);
					if (!info) {
						info = { count: 0, firstLine: p.line + 1, packets: this.#options.json ? [] : undefined, lines: this.#options.json ? [] : undefined };
						this.#conns.set(c, info);
					}
					info.count++;
					info.packets?.push(p.index);
					info.lines?.push(p.line + 1);
				}
				if (this.#closedNow.length > 0) {
					for (const conn of this.#closedNow.splice(0)) {
						this.#printLive(conn); // after its closing packet was counted
					}
				}
				if (this.#done.length > 0) {
					this.#finishForgotten();
				}
			},
			onConnectionDone: (conn, stats) => {
				this.#done.push({ conn, stats });
			},
			onConnectionClosed: (conn, lastAck) => this.#onClosed(conn, lastAck),
		});
	}

	pushLine(line: string): void {
		const reader = this.#reader;
		if (reader) {
			reader.push(line);
			this.#drainUnreadable(reader);
		} else if (!this.#probe || this.#probe.hold(line)) {
			this.#startHeld(); // pushes the held lines, this one included
		}
	}

	#startHeld(): CaptureReader {
		const probe = this.#probe;
		const reader = this.#newReader(probe ? probe.mode() : 'previous');
		this.#reader = reader;
		this.#probe = undefined;
		for (const held of probe?.held ?? []) {
			reader.push(held);
			this.#drainUnreadable(reader);
		}
		return reader;
	}

	/** The input went quiet: the last packet is complete. */
	quiet(): void {
		this.#reader?.flushPending();
		this.#finishForgotten();
	}

	/** The input has been quiet for a second: connections closed with FIN both ways are done. */
	quietLong(): void {
		for (const conn of this.#awaitingLastAck.values()) {
			this.#printLive(conn);
		}
		this.#awaitingLastAck.clear();
	}

	/** The input ended: writes the report. Returns the exit status the findings decide, or 2 when no tcpdump line was found. */
	finish(): FindingsStatus | 2 {
		const reader = this.#reader ?? this.#startHeld();
		reader.finish();
		this.#drainUnreadable(reader);
		this.#finishForgotten();
		const counts = reader.counts;
		if (counts.packets === 0 && counts.bannerLines === 0) {
			return 2;
		}
		const live = reader.tracker.liveConnections().sort((a, b) => a.index - b.index);
		if (this.#live) {
			// a live stream printed the closed connections already: these are the ones still open
			this.#out.line(this.#headline(reader));
			for (const conn of live) {
				if (!this.#printed.has(conn.index)) {
					this.#out.line(connectionLine(conn, this.#conns.get(conn.index)));
				}
			}
			return reader.findingCounts.error > 0 ? 1 : 0;
		}
		for (const conn of live) {
			this.#finishConnection(conn, reader.analyzer.stats(conn.index));
		}
		if (this.#options.json) {
			// nothing: the caller writes the document with `writeJson`
		} else if (this.#summary) {
			this.#out.line(renderSummaryText(this.#summary.result(counts), this.#name));
		} else {
			this.#out.line(this.#headline(reader));
			for (let i = 0; i < this.#connSpill.count; i++) {
				this.#out.line(this.#connSpill.get(this.#connRecord.get(i)));
			}
			for (const id of this.#findingOrder()) {
				this.#out.line(this.#findingSpill.get(id));
			}
		}
		return reader.findingCounts.error > 0 ? 1 : 0;
	}

	/** Writes this input's JSON document (after `finish`), indented by `indent` when pretty. */
	writeJson(indent: string, extra: Record<string, unknown> = {}): void {
		const reader = this.#reader;
		if (!reader) {
			return;
		}
		const pretty = !this.#options.compact;
		const out = this.#out;
		const nl = pretty ? '\n' + indent : '';
		const sp = pretty ? ' ' : '';
		const head = { ...extra, packets: reader.counts.packets, tcpPackets: reader.counts.tcpPackets, unreadableLines: reader.counts.unreadableLines, numbering: reader.tracker.numbering };
		out.write('{');
		let first = true;
		for (const [k, v] of Object.entries(head)) {
			out.write(`${first ? '' : ','}${nl}${pretty ? '  ' : ''}${JSON.stringify(k)}:${sp}${JSON.stringify(v)}`);
			first = false;
		}
		// the records are already indented for their place (`#itemDepth`: indent + 4 spaces)
		const array = (key: string, count: number, get: (i: number) => string) => {
			out.write(`,${nl}${pretty ? '  ' : ''}${JSON.stringify(key)}:${sp}[`);
			for (let i = 0; i < count; i++) {
				out.write(`${i > 0 ? ',' : ''}${nl}${pretty ? '    ' : ''}`);
				out.write(get(i));
			}
			out.write(count > 0 ? `${nl}${pretty ? '  ' : ''}]` : ']');
		};
		array('connections', this.#connSpill.count, i => this.#connSpill.get(this.#connRecord.get(i)));
		const order = this.#findingOrder();
		array('diagnostics', order.length, i => this.#findingSpill.get(order[i] ?? 0));
		array('unreadable', this.#unreadableSpill.count, i => this.#unreadableSpill.get(i));
		out.write(`${nl}}`);
	}

	dispose(): void {
		this.#connSpill.close();
		this.#findingSpill.close();
		this.#unreadableSpill.close();
	}

	#headline(reader: CaptureReader): string {
		const counts = reader.counts;
		const f = reader.findingCounts;
		return `${this.#name}: ${plural(counts.packets, 'packet')} (${counts.tcpPackets} TCP), ${plural(reader.tracker.count, 'connection')}, ` +
			`${plural(f.error, 'error')}, ${plural(f.warning, 'warning')}` +
			(counts.unreadableLines > 0 ? `, ${plural(counts.unreadableLines, 'unreadable line')}` : '');
	}

	#onFinding(f: Finding): void {
		this.#summary?.addFinding(f);
		if (this.#summary || !severityAtLeast(f.severity, this.#options.minSeverity)) {
			return;
		}
		if (this.#live) {
			this.#out.line(findingLine(this.#name, f));
			return;
		}
		const text = this.#options.json ? this.#json(findingJson(f)) : detached(findingLine(this.#name, f));
		this.#findingSpill.add(text);
		const line = f.span.line;
		const column = f.span.start;
		const n = this.#findingLine.length;
		if (n > 0) {
			const pl = this.#findingLine.get(n - 1);
			if (line < pl || (line === pl && column < this.#findingColumn.get(n - 1))) {
				this.#findingsSorted = false;
			}
		}
		this.#findingLine.push(line);
		this.#findingColumn.push(column);
	}

	/** Finding ids in the documented order: by line, then column, then as found (a stable sort). */
	#findingOrder(): number[] {
		const n = this.#findingSpill.count;
		const order = Array.from({ length: n }, (_, i) => i);
		if (!this.#findingsSorted) {
			const lines = this.#findingLine;
			const cols = this.#findingColumn;
			order.sort((a, b) => lines.get(a) - lines.get(b) || cols.get(a) - cols.get(b) || a - b);
		}
		return order;
	}

	#drainUnreadable(reader: CaptureReader): void {
		const list = reader.unreadable as { line: number; reason: string }[];
		if (list.length === 0) {
			return;
		}
		if (this.#options.json) {
			for (const u of list) {
				this.#unreadableSpill.add(this.#json({ line: u.line + 1, reason: u.reason }));
			}
		}
		list.length = 0; // the reader would keep every one; they are spilled instead
	}

	#onClosed(conn: Connection, lastAck: boolean): void {
		if (!this.#live) {
			return;
		}
		if (lastAck) {
			this.#awaitingLastAck.delete(conn.index);
			this.#closedNow.push(conn);
		} else {
			this.#awaitingLastAck.set(conn.index, conn);
		}
	}

	#printLive(conn: Connection): void {
		if (this.#printed.has(conn.index)) {
			return;
		}
		this.#printed.add(conn.index);
		this.#out.line(connectionLine(conn, this.#conns.get(conn.index)));
	}

	#finishForgotten(): void {
		const done = this.#done;
		this.#done = [];
		for (const { conn, stats } of done) {
			this.#finishConnection(conn, stats);
		}
	}

	/** A connection will get no more packets: spill, list or print it, and drop what was kept. */
	#finishConnection(conn: Connection, stats: ConnectionStats | undefined): void {
		const info = this.#conns.get(conn.index);
		this.#conns.delete(conn.index);
		this.#summary?.addConnection(conn, stats, info?.count ?? 0, info?.firstLine);
		if (this.#live) {
			this.#awaitingLastAck.delete(conn.index);
			if (!this.#printed.delete(conn.index)) {
				this.#out.line(connectionLine(conn, info)); // forgotten while idle: its line is due now
			}
			return;
		}
		if (this.#summary) {
			return;
		}
		const text = this.#options.json ? this.#json(connectionJson(conn, info, stats)) : detached(connectionLine(conn, info));
		this.#connRecord.set(conn.index, this.#connSpill.add(text));
	}

	/** One record of the document's arrays: compact, or pretty and indented for its place. */
	#json(value: object): string {
		return this.#options.compact ? JSON.stringify(value) : prettyJsonAt(value, this.#itemDepth);
	}
}
