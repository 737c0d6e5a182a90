/**
 * The Outline (document symbols) of a capture: one symbol per TCP connection, named
 * `client → server` so that Go to Symbol finds it by address or port, with the Zeek state in words
 * as its detail (`SF normal close`). A small connection lists its packets; a larger one its
 * phases (handshake, data, close), so the Outline stays short for 20,000 connections.
 */
import type { CaptureAnalysis } from '../store/capture';
import type { Connection, PacketRecord } from '../types';
import { summariesOf, type ConnectionSummary } from './connectionSummary';

export type SymbolKind = 'connection' | 'packet' | 'phase';

export interface SymbolData {
	readonly name: string;
	readonly detail: string;
	readonly kind: SymbolKind;
	/** 0-based lines, inclusive: the whole symbol. */
	readonly startLine: number;
	readonly endLine: number;
	/** The line to select (the first packet). */
	readonly selectionLine: number;
	readonly children: readonly SymbolData[];
}

/** Up to this many packets, a connection lists each packet. */
export const MAX_PACKET_CHILDREN = 12;
/** Above this many connections, children are left out (the Outline would hold too many rows). */
export const MAX_CONNECTIONS_WITH_CHILDREN = 2000;

function arrow(r: PacketRecord): string {
	const info = r.tcpInfo;
	if (!info) {
		return '';
	}
	if (info.fromClient !== undefined) {
		return info.fromClient ? '→' : '←';
	}
	return info.fromFirst ? '→' : '←';
}

function packetSymbol(r: PacketRecord): SymbolData {
	const tcp = r.tcp;
	const flags = tcp?.flags ? `[${tcp.flags.text}]` : tcp?.style === 'quiet' ? 'tcp' : '?';
	const len = tcp?.length !== undefined && tcp.length > 0 ? ` ${tcp.length} B` : '';
	return {
		name: `${arrow(r)} ${flags}${len}`,
		detail: `line ${r.line + 1}`,
		kind: 'packet',
		startLine: r.line,
		endLine: r.lastLine,
		selectionLine: r.tcp?.line ?? r.line,
		children: [],
	};
}

/** Handshake (SYN to the final ACK), data, close (from the first FIN or RST): only phases with packets. */
function phaseSymbols(analysis: CaptureAnalysis, conn: Connection): SymbolData[] {
	const h = conn.handshake;
	const at = (i: number | undefined): PacketRecord | undefined => i === undefined ? undefined : analysis.packets[i];
	const synRec = at(h.syns[0] ?? h.syn ?? h.synAck);
	const handshakeEnd = at(h.ack ?? h.rst ?? h.synAck ?? h.syn);
	let closeAt: number | undefined;
	const stats = analysis.statsFor(conn.index);
	if (stats && (stats.endedBy === 'fin' || stats.endedBy === 'rst')) {
		// the first FIN or RST of the connection: read only the flags of its packets, from the end
		for (let k = conn.packets.length - 1; k >= 0; k--) {
			const f = analysis.packets[conn.packets[k] ?? -1]?.tcp?.flags;
			if (f && (f.fin || f.rst)) {
				closeAt = k;
			} else if (closeAt !== undefined && k < closeAt - 16) {
				break; // FINs and RSTs come at the end; do not read a long transfer's flags
			}
		}
	}
	const out: SymbolData[] = [];
	const first = analysis.packets[conn.packets[0] ?? -1];
	const last = analysis.packets[conn.packets[conn.packets.length - 1] ?? -1];
	if (!first || !last) {
		return out;
	}
	let dataFrom = 0;
	if (synRec && handshakeEnd) {
		out.push({ name: 'handshake', detail: `lines ${synRec.line + 1}–${handshakeEnd.lastLine + 1}`, kind: 'phase',
			startLine: synRec.line, endLine: handshakeEnd.lastLine, selectionLine: synRec.line, children: [] });
		dataFrom = conn.packets.indexOf(handshakeEnd.index) + 1;
	}
	const dataTo = closeAt ?? conn.packets.length;
	const d0 = analysis.packets[conn.packets[dataFrom] ?? -1];
	const d1 = analysis.packets[conn.packets[dataTo - 1] ?? -1];
	if (dataTo > dataFrom && d0 && d1) {
		out.push({ name: 'data', detail: `${dataTo - dataFrom} packets, lines ${d0.line + 1}–${d1.lastLine + 1}`, kind: 'phase',
			startLine: d0.line, endLine: d1.lastLine, selectionLine: d0.line, children: [] });
	}
	const c0 = closeAt === undefined ? undefined : analysis.packets[conn.packets[closeAt] ?? -1];
	if (c0) {
		out.push({ name: 'close', detail: `lines ${c0.line + 1}–${last.lastLine + 1}`, kind: 'phase',
			startLine: c0.line, endLine: last.lastLine, selectionLine: c0.line, children: [] });
	}
	return out;
}

/**
 * Symbols for every connection, in file order. `summaries` may be passed when already built.
 * Example: test/fixtures/normal-fin/nn.txt gives one symbol
 * `192.168.1.12.51240 → 203.0.113.10.80`, detail `SF normal close · 10 packets`, with 10 packet children.
 */
export function documentSymbols(analysis: CaptureAnalysis, summaries: readonly ConnectionSummary[] = summariesOf(analysis)): SymbolData[] {
	const withChildren = analysis.connections.length <= MAX_CONNECTIONS_WITH_CHILDREN;
	const out: SymbolData[] = [];
	for (const s of summaries) {
		const conn = analysis.connections[s.connection];
		if (!conn || conn.packets.length === 0) {
			continue;
		}
		let children: SymbolData[] = [];
		if (withChildren) {
			if (conn.packets.length <= MAX_PACKET_CHILDREN) {
				for (const i of conn.packets) {
					const r = analysis.packets[i];
					if (r) {
						children.push(packetSymbol(r));
					}
				}
			} else {
				children = phaseSymbols(analysis, conn);
			}
		}
		const findings = s.findings > 0 ? ` · ${s.findings} finding${s.findings === 1 ? '' : 's'}` : '';
		out.push({
			name: s.name,
			detail: `${s.stateText} · ${s.packets} packet${s.packets === 1 ? '' : 's'}${findings}`,
			kind: 'connection',
			startLine: s.firstLine,
			endLine: s.lastLine,
			selectionLine: s.firstLine,
			children,
		});
	}
	return out.sort((a, b) => a.startLine - b.startLine);
}
