/**
 * The expert summary: how many findings of each code, and which connections carry them — what a
 * user wants first from a 200,000-line capture. Built incrementally (`SummaryBuilder`, so the CLI
 * can summarise a stream it does not keep) or from a finished analysis (`summarize`), and rendered
 * as plain text (CLI `--summary`) or Markdown (the editor's "Show expert summary").
 */
import type { ConnectionStats } from '../analyse/analysis';
import type { CaptureAnalysis } from '../store/capture';
import { formatSeconds } from '../track/connections';
import { FINDINGS } from '../explain/findings';
import type { Connection, Finding, FindingCode, Severity } from '../types';

export interface CodeCount {
	readonly code: FindingCode;
	readonly severity: Severity;
	readonly title: string;
	count: number;
	/** Connections with at least one finding of this code. */
	connections: number;
}

export interface DirectionSummary {
	readonly from: string;
	readonly packets: number;
	readonly bytes: number;
}

export interface ConnectionSummary {
	/** 0-based, as in the CLI's JSON; shown 1-based (`#1`). */
	readonly index: number;
	readonly endpoints: readonly [string, string];
	readonly client: string | undefined;
	readonly server: string | undefined;
	/** Handshake state (`complete`, `incomplete`, `refused`, …). */
	readonly state: string;
	/** How it ended: `fin`, `rst` or `open`. */
	readonly endedBy: string;
	readonly packets: number;
	/** Both directions, `endpoints[0]`'s first. */
	readonly directions: readonly DirectionSummary[];
	readonly durationS: number | undefined;
	readonly findings: number;
	/** The 1-based line of its first packet, when known. */
	readonly firstLine: number | undefined;
}

export interface CaptureSummary {
	readonly packets: number;
	readonly tcpPackets: number;
	readonly connections: number;
	readonly findings: number;
	readonly bySeverity: Readonly<Record<Severity, number>>;
	/** Per code and severity, most frequent first. */
	readonly codes: readonly CodeCount[];
	/** Connections per handshake state. */
	readonly states: Readonly<Record<string, number>>;
	/** Connections with findings, most findings first (at most `maxConnections` of them). */
	readonly topConnections: readonly ConnectionSummary[];
	/** Connections with findings not listed in `topConnections`. */
	readonly moreConnectionsWithFindings: number;
}

export interface SummaryOptions {
	/** How many connections to list (default 25). */
	readonly maxConnections?: number;
	/** Findings below this severity are not counted (default: all). */
	readonly minSeverity?: Severity;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** True when `s` is at least as severe as `min`. */
export function severityAtLeast(s: Severity, min: Severity): boolean {
	return SEVERITY_RANK[s] <= SEVERITY_RANK[min];
}

/**
 * Collects a summary one finding and one finished connection at a time. Memory: one entry per
 * code, per live connection's finding count, and the listed connections (pruned to the top ones).
 */
export class SummaryBuilder {
	readonly #max: number;
	readonly #min: Severity;
	readonly #codes = new Map<string, CodeCount>();
	/** Per connection, its findings so far, by code (to count connections per code once). */
	readonly #perConnection = new Map<number, { total: number; codes: Set<string> }>();
	#rows: ConnectionSummary[] = [];
	#withFindings = 0;
	#findings = 0;
	#connections = 0;
	readonly #bySeverity: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
	readonly #states: Record<string, number> = {};

	constructor(options: SummaryOptions = {}) {
		this.#max = options.maxConnections ?? 25;
		this.#min = options.minSeverity ?? 'hint';
	}

	addFinding(f: Finding): void {
		if (!severityAtLeast(f.severity, this.#min)) {
			return;
		}
		this.#findings++;
		this.#bySeverity[f.severity]++;
		const key = `${f.code} ${f.severity}`;
		let c = this.#codes.get(key);
		if (!c) {
			c = { code: f.code, severity: f.severity, title: FINDINGS[f.code]?.title ?? f.code, count: 0, connections: 0 };
			this.#codes.set(key, c);
		}
		c.count++;
		if (f.connection !== undefined) {
			let per = this.#perConnection.get(f.connection);
			if (!per) {
				per = { total: 0, codes: new Set() };
				this.#perConnection.set(f.connection, per);
			}
			per.total++;
			if (!per.codes.has(key)) {
				per.codes.add(key);
				c.connections++;
			}
		}
	}

	/**
	 * A connection is complete (its findings so far counted): lists it if it has findings. Call it
	 * once per connection, after its last finding when possible.
	 */
	addConnection(conn: Connection, stats: ConnectionStats | undefined, packets: number, firstLine: number | undefined): void {
		this.#connections++;
		const state = conn.handshake.state;
		this.#states[state] = (this.#states[state] ?? 0) + 1;
		const findings = this.#perConnection.get(conn.index)?.total ?? 0;
		this.#perConnection.delete(conn.index);
		if (findings === 0) {
			return;
		}
		this.#withFindings++;
		this.#rows.push({
			index: conn.index, endpoints: conn.endpoints, client: conn.client, server: conn.server, state,
			endedBy: stats?.endedBy ?? 'open', packets: stats?.packets ?? packets,
			directions: stats ? stats.directions.map(d => ({ from: d.from, packets: d.packets, bytes: d.bytes })) : [],
			durationS: stats?.durationS, findings, firstLine,
		});
		if (this.#rows.length >= 2 * this.#max + 64) {
			this.#prune();
		}
	}

	result(counts: { packets: number; tcpPackets: number }): CaptureSummary {
		this.#prune();
		const codes = [...this.#codes.values()].sort((a, b) => b.count - a.count || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || (a.code < b.code ? -1 : 1));
		return {
			packets: counts.packets, tcpPackets: counts.tcpPackets, connections: this.#connections, findings: this.#findings,
			bySeverity: { ...this.#bySeverity }, codes, states: { ...this.#states },
			topConnections: this.#rows.slice(), moreConnectionsWithFindings: this.#withFindings - this.#rows.length,
		};
	}

	#prune(): void {
		this.#rows.sort((a, b) => b.findings - a.findings || a.index - b.index);
		if (this.#rows.length > this.#max) {
			this.#rows.length = this.#max;
		}
	}
}

/** The summary of a finished analysis (the editor's command). */
export function summarize(analysis: CaptureAnalysis, options: SummaryOptions = {}): CaptureSummary {
	const builder = new SummaryBuilder(options);
	for (const f of analysis.findings) {
		builder.addFinding(f);
	}
	for (const c of analysis.connections) {
		const first = c.packets[0];
		const line = first === undefined ? undefined : analysis.packets[first]?.line;
		builder.addConnection(c, analysis.statsFor(c.index), c.packets.length, line === undefined ? undefined : line + 1);
	}
	return builder.result(analysis.counts);
}

function plural(n: number, one: string, many = `${one}s`): string {
	return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function bytesText(n: number): string {
	return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(1)} MiB`;
}

function arrow(c: ConnectionSummary): string {
	return c.client ? `${c.client} → ${c.server ?? '?'}` : `${c.endpoints[0]} ⇄ ${c.endpoints[1]}`;
}

function directionsText(c: ConnectionSummary): string {
	return c.directions.map(d => `${bytesText(d.bytes)} from ${d.from}`).join(', ');
}

function headline(s: CaptureSummary): string {
	return `${plural(s.packets, 'packet')} (${s.tcpPackets.toLocaleString('en-US')} TCP), ${plural(s.connections, 'connection')}, ` +
		`${plural(s.findings, 'finding')}: ${plural(s.bySeverity.error, 'error')}, ${plural(s.bySeverity.warning, 'warning')}, ` +
		`${s.bySeverity.information.toLocaleString('en-US')} information, ${plural(s.bySeverity.hint, 'hint')}`;
}

function statesText(s: CaptureSummary): string {
	return Object.entries(s.states).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, v]) => `${v.toLocaleString('en-US')} ${k}`).join(', ');
}

/** Plain text, for the terminal. */
export function renderSummaryText(s: CaptureSummary, name: string): string {
	const out: string[] = [`${name}: ${headline(s)}`];
	if (s.connections > 0) {
		out.push(`handshakes: ${statesText(s)}`);
	}
	if (s.codes.length > 0) {
		out.push('', 'findings by code:');
		const width = Math.max(...s.codes.map(c => c.count.toLocaleString('en-US').length));
		for (const c of s.codes) {
			out.push(`  ${c.count.toLocaleString('en-US').padStart(width)}  ${c.severity.padEnd(11)} ${c.code}  (${c.title}; ${plural(c.connections, 'connection')})`);
		}
	}
	if (s.topConnections.length > 0) {
		out.push('', 'connections with the most findings:');
		for (const c of s.topConnections) {
			const duration = c.durationS === undefined ? '' : `, ${formatSeconds(c.durationS)}`;
			out.push(`  #${c.index + 1} ${arrow(c)}: ${plural(c.findings, 'finding')}, ${c.state}, ended ${c.endedBy}, ${plural(c.packets, 'packet')}` +
				`${c.directions.length > 0 ? ` (${directionsText(c)})` : ''}${duration}${c.firstLine !== undefined ? `, line ${c.firstLine}` : ''}`);
		}
		if (s.moreConnectionsWithFindings > 0) {
			out.push(`  … and ${plural(s.moreConnectionsWithFindings, 'more connection')} with findings`);
		}
	}
	return out.join('\n');
}

/** Capture text (endpoints) as a Markdown code span, or escaped when it cannot be one. */
function mdCode(text: string): string {
	if (/[`|\\\r\n]/.test(text)) {
		return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&\r\n]/g, ch => (ch === '\r' || ch === '\n' ? ' ' : `\\${ch}`));
	}
	return `\`${text}\``;
}

function mdText(text: string): string {
	return text.replace(/[\\`*_{}[\]<>|&]/g, ch => `\\${ch}`);
}

/** Markdown, for an untitled document in the editor. */
export function renderSummaryMarkdown(s: CaptureSummary, name: string): string {
	const out: string[] = [`# Expert summary: ${mdText(name)}`, '', headline(s) + '.'];
	if (s.connections > 0) {
		out.push('', `Handshakes: ${statesText(s)}.`);
	}
	out.push('', '## Findings by code', '');
	if (s.codes.length === 0) {
		out.push('No findings.');
	} else {
		out.push('| count | severity | code | what | connections |', '|---:|---|---|---|---:|');
		for (const c of s.codes) {
			out.push(`| ${c.count} | ${c.severity} | \`${c.code}\` | ${mdText(c.title)} | ${c.connections} |`);
		}
	}
	if (s.topConnections.length > 0) {
		out.push('', '## Connections with the most findings', '',
			'| # | client → server | handshake | ended | packets | bytes each way | duration | findings | line |',
			'|---:|---|---|---|---:|---|---:|---:|---:|');
		for (const c of s.topConnections) {
			const who = c.client ? `${mdCode(c.client)} → ${mdCode(c.server ?? '?')}` : `${mdCode(c.endpoints[0])} ⇄ ${mdCode(c.endpoints[1])}`;
			const bytes = c.directions.map(d => `${bytesText(d.bytes)} from ${mdCode(d.from)}`).join('<br>');
			out.push(`| ${c.index + 1} | ${who} | ${c.state} | ${c.endedBy} | ${c.packets} | ${bytes} | ${c.durationS === undefined ? '' : formatSeconds(c.durationS)} | ${c.findings} | ${c.firstLine ?? ''} |`);
		}
		if (s.moreConnectionsWithFindings > 0) {
			out.push('', `… and ${plural(s.moreConnectionsWithFindings, 'more connection')} with findings.`);
		}
	}
	return out.join('\n') + '\n';
}
