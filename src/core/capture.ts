/**
 * Reads a whole capture text: packets, connections, handshakes and findings, in one pass.
 * (Stub signature; implementation follows.)
 */
import type { Connection, Finding, PacketRecord, UnreadableLine } from './types';

export interface CaptureAnalysis {
	readonly lineCount: number;
	readonly packets: readonly PacketRecord[];
	readonly connections: readonly Connection[];
	/** Handshake and tcp.* findings, in line order. */
	readonly findings: readonly Finding[];
	/** Lines that looked like TCP packets but could not be read (left unannotated). */
	readonly unreadable: readonly UnreadableLine[];
	/** The packet whose record covers this 0-based line (packet line or continuation), if any. */
	packetAtLine(line: number): PacketRecord | undefined;
}

export declare function analyzeText(text: string): CaptureAnalysis;
