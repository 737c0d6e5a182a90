/**
 * What every hover module needs about the packet under the cursor, and small facts derived from the
 * capture (roles, ISNs, earlier packets). Read-only: hovers never change the analysis.
 */
import { sourceLineOf } from '../connectionView';
import type { CaptureAnalysis } from '../../store/capture';
import { formatSeconds } from '../../explain/duration';
import { FINDINGS } from '../../explain/findings';
import { type Block, type Inline, code, lineRef, p } from '../../explain/render';
import type { Connection, Finding, PacketRecord, TcpSegment } from '../../types';

export const MOD = 2 ** 32;
export const mod32 = (n: number): number => ((n % MOD) + MOD) % MOD;

export interface Ctx {
	readonly analysis: CaptureAnalysis;
	readonly record: PacketRecord;
	readonly tcp: TcpSegment | undefined;
	readonly conn: Connection | undefined;
	/** The text of a 0-based line of the document, when the caller has it. */
	readonly lineText: (line: number) => string | undefined;
}

export type Side = 'client' | 'server';

export const fmtMs = (ms: number): string => formatSeconds(ms / 1000);

/** Client or server. In a simultaneous open both sides sent a SYN: nobody "answered", so no role. */
export function role(ctx: Ctx): Side | undefined {
	if (ctx.conn?.handshake.state === 'simultaneous') {
		return undefined;
	}
	const fc = ctx.record.tcpInfo?.fromClient;
	return fc === undefined ? undefined : fc ? 'client' : 'server';
}

export function peerRole(ctx: Ctx): Side | undefined {
	const r = role(ctx);
	return r === undefined ? undefined : r === 'client' ? 'server' : 'client';
}

/** The ISN of the sender of this packet (`mine`) or of its peer, whatever the roles. */
export function isnOf(ctx: Ctx, whose: 'mine' | 'peer'): number | undefined {
	const h = ctx.conn?.handshake;
	const fc = ctx.record.tcpInfo?.fromClient;
	if (!h || fc === undefined) {
		return undefined;
	}
	const clientSide = whose === 'mine' ? fc : !fc;
	return clientSide ? h.clientIsn : h.serverIsn;
}

export function packet(ctx: Ctx, index: number | undefined): PacketRecord | undefined {
	return index === undefined ? undefined : ctx.analysis.packets[index];
}

export function payloadLength(t: TcpSegment): number {
	return t.length ?? (t.seq?.end !== undefined ? mod32(t.seq.end - t.seq.start) : 0);
}

/** Sequence space the segment occupies: payload + 1 for SYN + 1 for FIN. */
export function seqSpace(r: PacketRecord): number {
	const t = r.tcp;
	if (!t) {
		return 0;
	}
	return payloadLength(t) + (t.flags?.syn ? 1 : 0) + (t.flags?.fin ? 1 : 0);
}

/** Earlier packets of the same connection, latest first. */
export function* earlier(ctx: Ctx): Generator<PacketRecord> {
	const conn = ctx.conn;
	if (!conn) {
		return;
	}
	const pos = conn.packets.lastIndexOf(ctx.record.index);
	for (let i = (pos < 0 ? conn.packets.length : pos) - 1; i >= 0; i--) {
		const r = packet(ctx, conn.packets[i]);
		if (r) {
			yield r;
		}
	}
}

export function fromPeer(ctx: Ctx, r: PacketRecord): boolean {
	return !!r.tcpInfo && !!ctx.record.tcpInfo && r.tcpInfo.fromFirst !== ctx.record.tcpInfo.fromFirst;
}

/** The peer's SYN (or SYN-ACK) this packet's side could have seen: the latest one BEFORE this packet. */
export function peerSynBefore(ctx: Ctx): PacketRecord | undefined {
	const conn = ctx.conn;
	if (!conn) {
		return undefined;
	}
	// SYNs open a connection: look at its first packets only (each look may re-read a line)
	let found: PacketRecord | undefined;
	for (let i = 0; i < conn.packets.length && i < 64; i++) {
		const r = packet(ctx, conn.packets[i]);
		if (!r || r.index >= ctx.record.index) {
			break;
		}
		if (fromPeer(ctx, r) && r.tcp?.flags?.syn) {
			found = r;
		}
	}
	return found;
}

/** The sender as people read it: `client 10.0.0.1.5000`, or just the endpoint when roles are unknown. */
export function sender(ctx: Ctx): string {
	const t = ctx.tcp;
	const r = role(ctx);
	const e = t?.src.text ?? '';
	return r ? `${r} ${e}` : e;
}

export function isIpv6(t: TcpSegment): boolean {
	return t.src.address.includes(':');
}

export function connectionLine(ctx: Ctx): Inline[] {
	const conn = ctx.conn;
	if (!conn) {
		return ['Not part of a tracked TCP connection.'];
	}
	const first = packet(ctx, conn.packets[0]);
	const last = packet(ctx, conn.packets[conn.packets.length - 1]);
	const n = conn.packets.length;
	const simultaneous = conn.handshake.state === 'simultaneous';
	const ends = conn.client && conn.server && !simultaneous ? `${conn.client} → ${conn.server}` : `${conn.endpoints[0]} ⇄ ${conn.endpoints[1]}`;
	const where: Inline[] = first && last
		? (first === last ? [lineRef(sourceLineOf(first))] : ['lines ', lineRef(sourceLineOf(first), `${sourceLineOf(first) + 1}`), '–', lineRef(sourceLineOf(last), `${sourceLineOf(last) + 1}`)])
		: [];
	return [`Connection ${conn.index + 1}: ${ends} (${n} packet${n === 1 ? '' : 's'}${where.length > 0 ? ', ' : ''}`, ...where, `)${simultaneous ? ', a simultaneous open' : ''}.`];
}

/** Table text to inline parts: `backticked` words become code spans. */
export function rich(text: string): Inline[] {
	return text.split(/(`[^`]+`)/).filter(x => x !== '').map(x => x.startsWith('`') && x.endsWith('`') && x.length > 1 ? code(x.slice(1, -1)) : x);
}

export function findingBlocks(findings: readonly Finding[]): Block[] {
	return findings.map(f => {
		const info = FINDINGS[f.code];
		const parts: Inline[] = [code(f.code), ` ${info.title}: ${f.message}`];
		if (f.certainty === 'ambiguous' && f.alternatives.length > 0) {
			parts.push(` (ambiguous; could also be ${f.alternatives.join(', ')})`);
		}
		return p(...parts);
	});
}
