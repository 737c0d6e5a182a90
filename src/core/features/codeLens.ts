/**
 * One CodeLens per connection: above the handshake's SYN line, what became of the handshake;
 * above the first line of a connection whose handshake is not in the text, "handshake not captured".
 *
 * For the seed capture (`192.168.1.12.1051 > 192.168.1.11.23: S 4255483971:4255483971(0) win 65535 (DF)` …)
 * the lens on line 0 reads `✓ handshake complete · 192.168.1.12.1051 → 192.168.1.11.23`.
 *
 * Computed from the cached analysis only: no re-parsing.
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
	const h = conn.handshake;
	const anchorIndex = h.syns[0] ?? h.syn ?? conn.packets[0];
	const anchor = anchorIndex === undefined ? undefined : analysis.packets[anchorIndex];
	if (!anchor) {
		return undefined;
	}
	return { line: anchor.line, title: handshakeTitle(analysis, conn), connection: conn.index };
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
