/**
 * One CodeLens per connection: above the handshake's SYN line, what became of the handshake;
 * above the first line of a connection whose handshake is not in the text, "handshake not captured".
 *
 * For the seed capture (`192.168.1.12.1051 > 192.168.1.11.23: S 4255483971:4255483971(0) win 65535 (DF)` …)
 * the lens on line 0 reads `✓ handshake complete · 192.168.1.12.1051 → 192.168.1.11.23`.
 *
 * Computed from the cached analysis only: no re-parsing.
 */
import type { CaptureAnalysis } from './capture';
import type { Connection, Handshake, PacketRecord } from './types';

export interface LensData {
	/** 0-based line the lens sits above. */
	readonly line: number;
	readonly title: string;
	/** Index into `analysis.connections`. */
	readonly connection: number;
}

const MOD = 2 ** 32;
const mod32 = (n: number): number => ((n % MOD) + MOD) % MOD;

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

function fmtMs(ms: number): string {
	return ms < 1 ? `${ms.toFixed(3)} ms` : ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(3)} s`;
}

function pair(a: number | undefined, b: number | undefined): string {
	return `${a ?? '–'}/${b ?? '–'}`;
}

function endpoints(conn: Connection): string {
	return conn.client !== undefined && conn.server !== undefined
		? `${conn.client} → ${conn.server}`
		: `${conn.endpoints[0]} ⇄ ${conn.endpoints[1]}`;
}

/** The lens title: state, who, and the handshake's numbers or what went wrong. */
export function handshakeTitle(analysis: CaptureAnalysis, conn: Connection): string {
	const h = conn.handshake;
	const who = endpoints(conn);
	switch (h.state) {
		case 'complete':
		case 'simultaneous': {
			const parts = h.state === 'complete'
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
			return parts.join(' · ');
		}
		case 'ack-mismatch':
			return `✗ ${mismatchProblem(analysis, h) ?? h.problem ?? 'handshake ack mismatch'} · ${who}`;
		case 'refused': {
			const syn = pkt(analysis, h.syns[h.syns.length - 1] ?? h.syn);
			const rst = pkt(analysis, h.rst);
			const after = syn?.time !== undefined && rst?.time !== undefined ? ` after ${fmtMs((rst.time - syn.time) * 1000)}` : '';
			return `✗ refused (RST${after}) · ${who}`;
		}
		case 'incomplete':
			return `✗ ${incompleteProblem(analysis, h)} · ${who}`;
		case 'none':
			return `handshake not captured · ${who}`;
	}
}

function pkt(analysis: CaptureAnalysis, index: number | undefined): PacketRecord | undefined {
	return index === undefined ? undefined : analysis.packets[index];
}

/** `SYN-ACK acks 1005, expected 1001` or `final ACK acks 7, expected 5001`, from the packets themselves. */
function mismatchProblem(analysis: CaptureAnalysis, h: Handshake): string | undefined {
	const synAck = pkt(analysis, h.synAck);
	if (synAck?.tcp?.ack && h.clientIsn !== undefined) {
		const got = synAck.tcpInfo?.absAck ?? synAck.tcp.ack.value;
		const expected = mod32(h.clientIsn + 1 + h.synDataLength);
		if (got !== expected && (h.synDataLength === 0 || got !== mod32(h.clientIsn + 1))) {
			return `SYN-ACK acks ${got}, expected ${expected}`;
		}
	}
	const ack = pkt(analysis, h.ack);
	if (ack?.tcp?.ack && h.serverIsn !== undefined) {
		const got = ack.tcpInfo?.absAck;
		const expected = mod32(h.serverIsn + 1);
		if (got !== undefined && got !== expected) {
			return `final ACK acks ${got}, expected ${expected}`;
		}
	}
	return undefined;
}

function incompleteProblem(analysis: CaptureAnalysis, h: Handshake): string {
	const n = h.syns.length;
	if (h.synAck === undefined && h.synAcks.length === 0) {
		return `no SYN-ACK after ${n} SYN${n === 1 ? '' : 's'}`;
	}
	if (h.syn === undefined && h.syns.length === 0) {
		return h.problem ?? 'SYN not captured';
	}
	const mismatch = mismatchProblem(analysis, h);
	if (mismatch) {
		return mismatch;
	}
	return h.problem ?? 'no final ACK after the SYN-ACK';
}
