/**
 * One CodeLens per connection: above the handshake's SYN line, what became of the handshake;
 * above the first line of a connection whose handshake is not in the text, "handshake not captured".
 *
 * For the seed capture (`192.168.1.12.1051 > 192.168.1.11.23: S 4255483971:4255483971(0) win 65535 (DF)` …)
 * the lens on line 0 reads `✓ handshake complete · 192.168.1.12.1051 → 192.168.1.11.23`.
 *
 * Computed from the cached analysis only: no re-parsing. The plan (which lenses, where) and each
 * title are computed once per analysis and cached with it, so a CodeLens request after the first is
 * O(1) and a title is formatted only when VS Code resolves a visible lens.
 *
 * Thousands of lenses make the editor itself sluggish (10,561 on a 130,000-line capture: Problems
 * 20 s behind, keystrokes up to 1.1 s). Above `maxConnections` connections only the problem
 * handshakes get a lens (at most `maxConnections` of them), plus one summary lens on line 1 that
 * says so and names the setting that shows them all.
 */
import type { CaptureAnalysis } from '../store/capture';
import { formatSeconds } from '../explain/duration';
import type { Connection, PacketRecord } from '../types';

export interface LensData {
	/** 0-based line the lens sits above. */
	readonly line: number;
	readonly title: string;
	/** Index into `analysis.connections`. */
	readonly connection: number;
}

/** Where a lens goes: its title is formatted on demand (`lensTitle`). */
export interface LensAnchor {
	/** 0-based line the lens sits above. */
	readonly line: number;
	/** Index into `analysis.connections`. */
	readonly connection: number;
}

export interface LensPlan {
	/** The lenses to show, by line. */
	readonly anchors: readonly LensAnchor[];
	/** Connections that have a lens when nothing is thinned. */
	readonly connections: number;
	/** How many of them are problem handshakes (see `isProblemConnection`). */
	readonly problems: number;
	/** The title of the one summary lens on line 1, when lenses were thinned. */
	readonly summary: string | undefined;
}

/** The setting users change to see every lens (contributed in package.json). */
export const MAX_CONNECTIONS_SETTING = 'tcpdump.codeLens.maxConnections';

interface LensCache {
	/** Every connection's anchor, by line (then connection): line × 2^20 + connection, built once per analysis. */
	anchors?: Float64Array;
	problems?: Uint8Array;
	readonly plans: Map<number, LensPlan>;
	readonly titles: Map<number, string>;
}

const caches = new WeakMap<CaptureAnalysis, LensCache>();

function cacheOf(analysis: CaptureAnalysis): LensCache {
	let c = caches.get(analysis);
	if (!c) {
		c = { plans: new Map(), titles: new Map() };
		caches.set(analysis, c);
	}
	return c;
}

/** Connection indices stay below 2^20 (the editor stops at 50,000 connections; CLI keys are not built here). */
const CONNECTION_BITS = 2 ** 20;

/** One number per lens, sorted: no object per connection (a capture may have 100,000 of them). */
function allAnchors(analysis: CaptureAnalysis, cache: LensCache): Float64Array {
	if (!cache.anchors) {
		const keys = new Float64Array(analysis.connections.length);
		let n = 0;
		for (const conn of analysis.connections) {
			const line = anchorLine(analysis, conn);
			if (line !== undefined && conn.index < CONNECTION_BITS) {
				keys[n++] = line * CONNECTION_BITS + conn.index;
			}
		}
		cache.anchors = keys.subarray(0, n).sort();
	}
	return cache.anchors;
}

const anchorOf = (key: number): LensAnchor => ({ line: Math.floor(key / CONNECTION_BITS), connection: key % CONNECTION_BITS });

/** 1 for each connection whose handshake was refused or never completed, that ended by a reset, or has a finding. */
function problemFlags(analysis: CaptureAnalysis, cache: LensCache): Uint8Array {
	if (!cache.problems) {
		const flags = new Uint8Array(analysis.connections.length);
		for (const f of analysis.findings) {
			if (f.connection !== undefined && f.connection < flags.length) {
				flags[f.connection] = 1;
			}
		}
		for (const conn of analysis.connections) {
			if (flags[conn.index] === 0 && isProblemHandshake(analysis, conn)) {
				flags[conn.index] = 1;
			}
		}
		cache.problems = flags;
	}
	return cache.problems;
}

/** Refused, not completed (no reply, wrong ack) or ended by a RST: what a reader of a big capture looks for. */
function isProblemHandshake(analysis: CaptureAnalysis, conn: Connection): boolean {
	const state = conn.handshake.state;
	return state === 'refused' || state === 'incomplete' || state === 'ack-mismatch' || analysis.statsFor(conn.index)?.endedBy === 'rst';
}

/** Whether a connection is a problem one: refused, not completed, reset, or with at least one finding. */
export function isProblemConnection(analysis: CaptureAnalysis, connection: number): boolean {
	return problemFlags(analysis, cacheOf(analysis))[connection] === 1;
}

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * The lenses to show. Up to `maxConnections` connections (0: no limit) every connection has one;
 * above, only problem connections (the first `maxConnections` by line) and a summary lens on line 1.
 */
export function lensPlan(analysis: CaptureAnalysis, maxConnections: number): LensPlan {
	const cache = cacheOf(analysis);
	const cached = cache.plans.get(maxConnections);
	if (cached) {
		return cached;
	}
	const keys = allAnchors(analysis, cache);
	const flags = problemFlags(analysis, cache);
	let problems = 0;
	for (let i = 0; i < keys.length; i++) {
		problems += flags[keys[i]! % CONNECTION_BITS] ?? 0;
	}
	let plan: LensPlan;
	if (maxConnections <= 0 || keys.length <= maxConnections) {
		plan = { anchors: Array.from(keys, anchorOf), connections: keys.length, problems, summary: undefined };
	} else {
		const shown: LensAnchor[] = [];
		for (let i = 0; i < keys.length && shown.length < maxConnections; i++) {
			const key = keys[i]!;
			if (flags[key % CONNECTION_BITS] === 1) {
				shown.push(anchorOf(key));
			}
		}
		const which = shown.length < problems
			? `on the first ${count(shown.length)} of the ${count(problems)} with a problem`
			: `only on the ${count(problems)} with a problem`;
		plan = {
			anchors: shown, connections: keys.length, problems,
			summary: `${count(keys.length)} connections: CodeLens ${which} (refused, not completed, reset or with a finding) · ` +
				`to see all, set ${MAX_CONNECTIONS_SETTING} to ${count(keys.length)} or more (now ${count(maxConnections)})`,
		};
	}
	cache.plans.set(maxConnections, plan);
	return plan;
}

/** The title of one connection's lens, formatted once per analysis. */
export function lensTitle(analysis: CaptureAnalysis, connection: number): string {
	const cache = cacheOf(analysis);
	let title = cache.titles.get(connection);
	if (title === undefined) {
		const conn = analysis.connections[connection];
		title = conn ? handshakeTitle(analysis, conn) : '';
		cache.titles.set(connection, title);
	}
	return title;
}

/** Every connection's lens with its title (tests, small captures). */
export function lensesFor(analysis: CaptureAnalysis): LensData[] {
	const out: LensData[] = [];
	for (const conn of analysis.connections) {
		const lens = lensFor(analysis, conn);
		if (lens) {
			out.push(lens);
		}
	}
	out.sort((a, b) => a.line - b.line);
	return out;
}

function lensFor(analysis: CaptureAnalysis, conn: Connection): LensData | undefined {
	const line = anchorLine(analysis, conn);
	return line === undefined ? undefined : { line, title: handshakeTitle(analysis, conn), connection: conn.index };
}

/** The handshake's first SYN, or the connection's first packet when the handshake is not in the text. */
function anchorLine(analysis: CaptureAnalysis, conn: Connection): number | undefined {
	const h = conn.handshake;
	const anchorIndex = h.syns[0] ?? h.syn ?? conn.packets[0];
	return anchorIndex === undefined ? undefined : analysis.packets[anchorIndex]?.line;
}

/** The one duration format (`RST after 210 µs`, `iRTT 24.1 ms`). */
function fmtMs(ms: number): string {
	return formatSeconds(ms / 1000);
}

function pair(a: number | undefined, b: number | undefined): string {
	return `${a ?? '–'}/${b ?? '–'}`;
}

function endpoints(conn: Connection): string {
	return conn.client !== undefined && conn.server !== undefined
		? `${conn.client} → ${conn.server}`
		: `${conn.endpoints[0]} ⇄ ${conn.endpoints[1]}`;
}

/** The lens title: state, who, the handshake's numbers or what went wrong, then the data and the close. */
export function handshakeTitle(analysis: CaptureAnalysis, conn: Connection): string {
	const h = conn.handshake;
	const who = endpoints(conn);
	let parts: string[];
	switch (h.state) {
		case 'complete':
		case 'simultaneous': {
			parts = h.state === 'complete'
				? ['✓ handshake complete', who]
				: ['✓ simultaneous open', `${conn.endpoints[0]} ⇄ ${conn.endpoints[1]}`];
			if (h.rttMs !== undefined) {
				parts.push(`iRTT ${fmtMs(h.rttMs)}`);
			}
			if (h.clientMss !== undefined || h.serverMss !== undefined) {
				parts.push(`MSS ${pair(h.clientMss, h.serverMss)}`);
			}
			if (h.clientWscale !== undefined || h.serverWscale !== undefined) {
				parts.push(`wscale ${pair(h.clientWscale, h.serverWscale)}`);
			}
			break;
		}
		case 'refused': {
			const syn = pkt(analysis, h.syns[h.syns.length - 1] ?? h.syn);
			const rst = pkt(analysis, h.rst);
			const after = syn?.time !== undefined && rst?.time !== undefined ? ` after ${fmtMs((rst.time - syn.time) * 1000)}` : '';
			return `✗ refused (RST${after}) · ${who}`;
		}
		case 'ack-mismatch':
		case 'incomplete':
			// the tracker's own words: `SYN-ACK acks 1005, expected 1001`, `no SYN-ACK after 3 SYNs`
			parts = [`✗ ${h.problem ?? 'handshake not completed'}`, who];
			break;
		case 'none':
			parts = ['handshake not captured', who];
			break;
	}
	const data = dataSummary(analysis, conn);
	if (data) {
		parts.push(data);
	}
	return parts.join(' · ');
}

/** `89 B ⇄ 2383 B · FIN`: payload each way (client first when known) and how it ended. */
function dataSummary(analysis: CaptureAnalysis, conn: Connection): string | undefined {
	const stats = analysis.statsFor(conn.index);
	if (!stats) {
		return undefined;
	}
	const [first, second] = stats.directions;
	const clientFirst = conn.client === undefined || conn.client === first.from;
	const [out, back] = clientFirst ? [first.bytes, second.bytes] : [second.bytes, first.bytes];
	const parts: string[] = [];
	if (out > 0 || back > 0) {
		parts.push(`${out} B ⇄ ${back} B`);
	}
	if (stats.endedBy === 'fin') {
		parts.push('FIN');
	} else if (stats.endedBy === 'rst') {
		parts.push('RST');
	}
	return parts.length > 0 ? parts.join(' · ') : undefined;
}

function pkt(analysis: CaptureAnalysis, index: number | undefined): PacketRecord | undefined {
	return index === undefined ? undefined : analysis.packets[index];
}
