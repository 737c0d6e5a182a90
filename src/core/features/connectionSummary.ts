/**
 * One row of facts per TCP connection, for the Outline, the connections view and "Copy summary":
 * who talks to whom, how it went (Zeek's `conn_state` vocabulary), packets, bytes each way,
 * duration, iRTT, findings, and the lines it spans. Built from a `CaptureAnalysis` in one pass over
 * the findings plus O(1) per connection, so 100,000 connections cost a few milliseconds.
 *
 * Example: the two lines of test/fixtures/refused/nn.txt (a SYN to 203.0.113.10.8080 answered by
 * `Flags [R.]`) give `{ name: '192.168.1.12.51240 → 203.0.113.10.8080', state: 'REJ', … }`.
 */
import type { CaptureAnalysis } from '../store/capture';
import { formatSeconds } from '../track/connections';
import type { Connection, Severity } from '../types';

/**
 * Zeek's `conn_state` codes (Zeek `base/protocols/conn/main.zeek`): the originator is the SYN's
 * sender (our client), the responder the server.
 */
export type ConnState = 'S0' | 'S1' | 'SF' | 'REJ' | 'S2' | 'S3' | 'RSTO' | 'RSTR' | 'RSTOS0' | 'RSTRH' | 'SH' | 'SHR' | 'OTH';

/** What each code means, in words a network engineer reads in the Outline. */
export const CONN_STATE_WORDS = {
	S0: 'no reply',
	S1: 'established, not closed',
	SF: 'normal close',
	REJ: 'refused',
	S2: 'close by client only',
	S3: 'close by server only',
	RSTO: 'reset by client',
	RSTR: 'reset by server',
	RSTOS0: 'SYN then reset by client, no reply',
	RSTRH: 'SYN-ACK then reset by server, no SYN seen',
	SH: 'SYN then FIN by client, no reply',
	SHR: 'SYN-ACK then FIN by server, no SYN seen',
	OTH: 'mid-stream',
} as const satisfies Record<ConnState, string>;

export interface ConnectionSummary {
	readonly connection: number;
	/** `client → server`, or `a ↔ b` when the roles are unknown (no SYN, no SYN-ACK). */
	readonly name: string;
	readonly client: string | undefined;
	readonly server: string | undefined;
	/** The two endpoints, the first-seen packet's source first (tcpdump spelling `address.port`). */
	readonly endpoints: readonly [string, string];
	readonly state: ConnState;
	/** `SF normal close`. */
	readonly stateText: string;
	readonly packets: number;
	/** Payload bytes from `endpoints[0]` and from `endpoints[1]` (retransmissions included). */
	readonly bytes: readonly [number, number];
	readonly durationS: number | undefined;
	readonly rttMs: number | undefined;
	/** Findings on this connection's packets, all severities. */
	readonly findings: number;
	/** The worst severity among them, if any. */
	readonly worst: Severity | undefined;
	/** First and last 0-based line of the connection's records (continuation lines included). */
	readonly firstLine: number;
	readonly lastLine: number;
	/** The last packet's own line (its record may go on with continuation or blank lines). */
	readonly lastPacketLine: number;
	/** Seconds on the capture's clock of its first packet (for sorting by start). */
	readonly startTime: number | undefined;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** Zeek's rule order: a reset on either side wins over FINs (main.zeek `conn_state`). */
export function connState(conn: Connection, analysis: CaptureAnalysis): ConnState {
	const h = conn.handshake;
	if (h.state === 'refused') {
		return 'REJ';
	}
	const stats = analysis.statsFor(conn.index);
	const fromClient = (d: { from: string }): boolean => conn.client !== undefined && d.from === conn.client;
	let clientFin = false, clientRst = false, serverFin = false, serverRst = false;
	for (const d of stats?.directions ?? []) {
		if (conn.client === undefined) {
			continue;
		}
		if (fromClient(d)) {
			clientFin ||= d.fin;
			clientRst ||= d.rst;
		} else {
			serverFin ||= d.fin;
			serverRst ||= d.rst;
		}
	}
	const syn = h.syn !== undefined || h.syns.length > 0;
	const synAck = h.synAck !== undefined || h.synAcks.length > 0;
	if (!syn && !synAck) {
		return 'OTH';
	}
	if (syn && !synAck) {
		if (serverRst) {
			return 'REJ';
		}
		return clientRst ? 'RSTOS0' : clientFin ? 'SH' : 'S0';
	}
	if (!syn) {
		return serverRst ? 'RSTRH' : serverFin ? 'SHR' : 'OTH';
	}
	if (clientRst) {
		return 'RSTO';
	}
	if (serverRst) {
		return 'RSTR';
	}
	if (clientFin && serverFin) {
		return 'SF';
	}
	return clientFin ? 'S2' : serverFin ? 'S3' : 'S1';
}

/** Summaries of every connection, in connection order. */
export function summarizeConnections(analysis: CaptureAnalysis): ConnectionSummary[] {
	const counts = new Int32Array(analysis.connections.length);
	const worst = new Int8Array(analysis.connections.length).fill(9);
	for (const f of analysis.findings) {
		const c = f.connection;
		if (c === undefined || c < 0 || c >= counts.length) {
			continue;
		}
		counts[c] = (counts[c] ?? 0) + 1;
		worst[c] = Math.min(worst[c] ?? 9, SEVERITY_RANK[f.severity]);
	}
	const severities: Severity[] = ['error', 'warning', 'information', 'hint'];
	return analysis.connections.map(conn => {
		const stats = analysis.statsFor(conn.index);
		const first = analysis.packets[conn.packets[0] ?? -1];
		const last = analysis.packets[conn.packets[conn.packets.length - 1] ?? -1];
		const state = connState(conn, analysis);
		const d0 = stats?.directions[0];
		const d1 = stats?.directions[1];
		const fromFirst = d0 && d0.from === conn.endpoints[0] ? d0 : d1 && d1.from === conn.endpoints[0] ? d1 : d0;
		const other = fromFirst === d0 ? d1 : d0;
		const name = conn.client !== undefined && conn.server !== undefined
			? `${conn.client} → ${conn.server}`
			: `${conn.endpoints[0]} ↔ ${conn.endpoints[1]}`;
		return {
			connection: conn.index,
			name,
			client: conn.client,
			server: conn.server,
			endpoints: conn.endpoints,
			state,
			stateText: `${state} ${CONN_STATE_WORDS[state]}`,
			packets: conn.packets.length,
			bytes: [fromFirst?.bytes ?? 0, other?.bytes ?? 0],
			durationS: stats?.durationS,
			rttMs: conn.handshake.rttMs,
			findings: counts[conn.index] ?? 0,
			worst: severities[worst[conn.index] ?? 9],
			firstLine: first?.line ?? 0,
			lastLine: last?.lastLine ?? first?.line ?? 0,
			lastPacketLine: last?.line ?? first?.line ?? 0,
			startTime: first?.time,
		};
	});
}

const memo = new WeakMap<CaptureAnalysis, ConnectionSummary[]>();

/** `summarizeConnections`, once per analysis: the Outline, the tree and the commands share it. */
export function summariesOf(analysis: CaptureAnalysis): readonly ConnectionSummary[] {
	let s = memo.get(analysis);
	if (!s) {
		s = summarizeConnections(analysis);
		memo.set(analysis, s);
	}
	return s;
}

/** Splits tcpdump's `address.port` at the last dot (`2001:db8::1.443` → `2001:db8::1`, `443`). */
export function splitEndpoint(endpoint: string): { address: string; port: string } {
	const dot = endpoint.lastIndexOf('.');
	return dot < 0 ? { address: endpoint, port: '' } : { address: endpoint.slice(0, dot), port: endpoint.slice(dot + 1) };
}

/**
 * A pcap filter for this address and port pair, for `tcpdump -r file 'filter'`:
 * `host 10.0.0.1 and port 40080 and host 10.0.0.2 and port 80`. Named ports (`https`) and host
 * names (no `-n`) are accepted by tcpdump's filter language as printed.
 */
export function tcpdumpFilter(endpoints: readonly [string, string]): string {
	const a = splitEndpoint(endpoints[0]);
	const b = splitEndpoint(endpoints[1]);
	return `host ${a.address} and port ${a.port} and host ${b.address} and port ${b.port}`;
}

/** Payload bytes for people: `0 B`, `1,448 B`, `12.3 KiB`, `4.0 MiB`. */
export function formatBytes(n: number): string {
	if (n < 10 * 1024) {
		return `${n.toLocaleString('en-US')} B`;
	}
	if (n < 10 * 1024 * 1024) {
		return `${(n / 1024).toFixed(1)} KiB`;
	}
	return `${(n / 1048576).toFixed(1)} MiB`;
}

/** Orders of the TCP Connections view. */
export type ConnectionSort = 'start' | 'bytes' | 'problems' | 'duration';

/** Rows in the chosen order: start (file order), bytes (most first), problems (most first), duration (longest first). */
export function sortSummaries(rows: readonly ConnectionSummary[], sort: ConnectionSort): ConnectionSummary[] {
	const out = rows.slice();
	const total = (s: ConnectionSummary): number => s.bytes[0] + s.bytes[1];
	switch (sort) {
		case 'bytes': return out.sort((a, b) => total(b) - total(a) || a.firstLine - b.firstLine);
		case 'problems': return out.sort((a, b) => b.findings - a.findings || a.firstLine - b.firstLine);
		case 'duration': return out.sort((a, b) => (b.durationS ?? -1) - (a.durationS ?? -1) || a.firstLine - b.firstLine);
		default: return out.sort((a, b) => a.firstLine - b.firstLine);
	}
}

/** Case-insensitive substring filter on both endpoints and the state (`10.0.0.1`, `.443`, `REJ`). */
export function filterSummaries(rows: readonly ConnectionSummary[], text: string): ConnectionSummary[] {
	const needle = text.trim().toLowerCase();
	if (!needle) {
		return rows.slice();
	}
	return rows.filter(s => s.endpoints[0].toLowerCase().includes(needle) || s.endpoints[1].toLowerCase().includes(needle)
		|| s.stateText.toLowerCase().includes(needle));
}

/** One line per fact, for tooltips and "Copy summary". */
export function summaryText(s: ConnectionSummary): string {
	const lines = [
		`Connection ${s.connection + 1}: ${s.name}`,
		`State: ${s.stateText}`,
		`Packets: ${s.packets}`,
		`Bytes: ${formatBytes(s.bytes[0])} from ${s.endpoints[0]}, ${formatBytes(s.bytes[1])} from ${s.endpoints[1]}`,
	];
	if (s.durationS !== undefined) {
		lines.push(`Duration: ${formatSeconds(s.durationS)}`);
	}
	if (s.rttMs !== undefined) {
		lines.push(`iRTT: ${s.rttMs.toFixed(3)} ms`);
	}
	lines.push(`Findings: ${s.findings}`);
	lines.push(s.firstLine === s.lastPacketLine ? `Line ${s.firstLine + 1}` : `Lines ${s.firstLine + 1}–${s.lastPacketLine + 1}`);
	lines.push(`Filter: ${tcpdumpFilter(s.endpoints)}`);
	return lines.join('\n');
}
