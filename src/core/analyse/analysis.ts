/**
 * TCP expert analysis in the manner of Wireshark's `tcp.analysis.*` flags, computed from tcpdump
 * text (design: tcp-analysis.md §1–§3, §5–§7).
 *
 * The connection tracker calls `onPacket` once per TCP packet, in file order, after it has set
 * `record.tcpInfo` (absolute seq/ack, direction) and updated `conn.handshake`. State is kept per
 * connection and per direction in a Map; packet records are not retained (only the few spans and
 * lines that `related` locations and messages need), so memory stays bounded on long captures.
 *
 * Each packet is first judged by Wireshark's own rules (raw windows, equality-only window full, …):
 * the resulting field names are what `tsharkCompare.ts` compares with tshark. Our diagnostics are
 * then derived from that verdict with the corrections of tcp-analysis.md §6 (effective windows,
 * window full beyond the edge, no retransmissions on SYNs, which are the tracker's business).
 *
 * Example: for these lines (client → server), the third gets `tcp.retransmission`:
 * ```
 * 22:13:20.020000 IP 10.0.0.1.40080 > 10.0.0.2.80: Flags [P.], seq 1:101, ack 1, win 65535, length 100
 * 22:13:20.021000 IP 10.0.0.1.40080 > 10.0.0.2.80: Flags [P.], seq 101:201, ack 1, win 65535, length 100
 * 22:13:20.250000 IP 10.0.0.1.40080 > 10.0.0.2.80: Flags [P.], seq 1:101, ack 1, win 65535, length 100
 * ```
 */
import { MAX_WSCALE_SHIFT } from '../track/connections';
import { FINDINGS } from '../explain/findings';
import type { Connection, Finding, FindingCode, IpTruncation, PacketRecord, RelatedLocation, SeqField, Severity, Span, TcpSegment } from '../types';

// ---------------------------------------------------------------------------------------------
// Public interface

export interface TcpAnalyzer {
	/** Called once per TCP packet, in file order, after the tracker set `record.tcpInfo` (absolute
	 *  seq/ack where recoverable, direction) and updated `conn.handshake` (ISNs, wscale, mss…).
	 *  Returns the tcp.* findings on this packet. Must not throw. */
	onPacket(conn: Connection, record: PacketRecord): Finding[];
	/** Per-connection statistics so far. */
	stats(connection: number): ConnectionStats | undefined;
	/** Called when the capture ends. May return findings. */
	finish(): Finding[];
	/** Drops a connection's state: a live stream forgets finished connections. */
	forget(connection: number): void;
}

/** Counters for one direction of a connection. */
export interface DirectionStats {
	/** Sender of this direction, in tcpdump's spelling (`10.0.0.1.40080`). */
	readonly from: string;
	packets: number;
	/** Payload bytes (`length L`), retransmissions included. */
	bytes: number;
	/** Payload bytes of segments judged retransmissions (plain, fast or spurious; an out-of-order
	 *  segment sent for the first time is not one). Copies of a packet (`-i any`) are not counted. */
	retransmittedBytes: number;
	/** Packets advertising `win 0` (not SYN/FIN/RST). */
	zeroWindows: number;
	fin: boolean;
	rst: boolean;
}

/** Wireshark's `tcp.completeness` bits, kept as flags. */
export interface Completeness {
	syn: boolean;
	synAck: boolean;
	ack: boolean;
	data: boolean;
	fin: boolean;
	rst: boolean;
}

export interface ConnectionStats {
	readonly connection: number;
	packets: number;
	/** `[0]`: from `Connection.endpoints[0]`, `[1]`: from `endpoints[1]`. */
	readonly directions: readonly [DirectionStats, DirectionStats];
	/** Seconds between the first and the latest packet; undefined without timestamps (`-t`). */
	durationS: number | undefined;
	/** The handshake's iRTT (ms), from the tracker; undefined when not valid or no times. */
	handshakeRttMs: number | undefined;
	retransmittedBytes: number;
	/** Lines that are a second copy of the previous packet (`capture.duplicate-packet`): counted in
	 *  `packets`, not in bytes nor in the analysis. */
	duplicatePackets: number;
	/** Packets advertising a zero window, both directions. */
	zeroWindowEvents: number;
	/** How it ended: `fin`/`rst` (the first of them wins), or `open` when neither was seen. */
	endedBy: 'fin' | 'rst' | 'open';
	/** Who sent that first FIN or RST (endpoint spelling), if any. */
	endedFrom: string | undefined;
	completeness: Completeness;
	/** Wireshark's number: SYN 1, SYN-ACK 2, ACK 4, DATA 8, FIN 16, RST 32. */
	completenessValue: number;
}

export function createTcpAnalyzer(): TcpAnalyzer {
	return new Analyzer();
}

/** Wireshark's bitmask value for a set of completeness flags (tcp-analysis.md §5). */
export function completenessValue(c: Completeness): number {
	return (c.syn ? 1 : 0) | (c.synAck ? 2 : 0) | (c.ack ? 4 : 0) | (c.data ? 8 : 0) | (c.fin ? 16 : 0) | (c.rst ? 32 : 0);
}

// ---------------------------------------------------------------------------------------------
// Wireshark's verdict on one packet (consumed by tsharkCompare.ts)

/** Wireshark's analysis flags, as bits. */
export const WS = {
	zeroWindowProbe: 1 << 0,
	zeroWindow: 1 << 1,
	lostSegment: 1 << 2,
	keepAlive: 1 << 3,
	windowUpdate: 1 << 4,
	windowFull: 1 << 5,
	keepAliveAck: 1 << 6,
	zeroWindowProbeAck: 1 << 7,
	duplicateAck: 1 << 8,
	ackLostSegment: 1 << 9,
	fastRetransmission: 1 << 10,
	outOfOrder: 1 << 11,
	spuriousRetransmission: 1 << 12,
	retransmission: 1 << 13,
} as const;

/** Bit → tshark field name. */
export const WS_FIELDS: readonly (readonly [number, string])[] = [
	[WS.retransmission, 'tcp.analysis.retransmission'],
	[WS.fastRetransmission, 'tcp.analysis.fast_retransmission'],
	[WS.spuriousRetransmission, 'tcp.analysis.spurious_retransmission'],
	[WS.outOfOrder, 'tcp.analysis.out_of_order'],
	[WS.lostSegment, 'tcp.analysis.lost_segment'],
	[WS.ackLostSegment, 'tcp.analysis.ack_lost_segment'],
	[WS.duplicateAck, 'tcp.analysis.duplicate_ack'],
	[WS.zeroWindow, 'tcp.analysis.zero_window'],
	[WS.zeroWindowProbe, 'tcp.analysis.zero_window_probe'],
	[WS.zeroWindowProbeAck, 'tcp.analysis.zero_window_probe_ack'],
	[WS.windowFull, 'tcp.analysis.window_full'],
	[WS.windowUpdate, 'tcp.analysis.window_update'],
	[WS.keepAlive, 'tcp.analysis.keep_alive'],
	[WS.keepAliveAck, 'tcp.analysis.keep_alive_ack'],
];

const RETR_FAMILY = WS.retransmission | WS.fastRetransmission | WS.spuriousRetransmission | WS.outOfOrder;
/** What tshark counts as a retransmission (its `tcp.analysis.retransmission` field): not out-of-order. */
const RETRANSMITTED = WS.retransmission | WS.fastRetransmission | WS.spuriousRetransmission;

/** What Wireshark's rules say about one packet, with what the text could not decide. */
export interface WiresharkVerdict {
	/** WS bits tshark would set (its field quirks applied: fast/spurious also set retransmission). */
	readonly flags: number;
	/** WS bits the text cannot decide on this packet (pure-ACK seq, timing with `-t`, scale unknown). */
	readonly undecidable: number;
	/** Why, per undecidable bit group, in words. */
	readonly reasons: readonly string[];
	/** Wireshark's duplicate-ACK number, when a dup ACK. */
	readonly dupAckNum: number | undefined;
}

/** Analyzer with access to the per-packet Wireshark verdict (for the tshark comparison layer). */
export interface DetailedTcpAnalyzer extends TcpAnalyzer {
	analyze(conn: Connection, record: PacketRecord): { findings: Finding[]; verdict: WiresharkVerdict | undefined };
}

export function createDetailedTcpAnalyzer(): DetailedTcpAnalyzer {
	return new Analyzer();
}

// ---------------------------------------------------------------------------------------------
// Sequence arithmetic (mod 2^32)

const u32 = (n: number): number => n >>> 0;
const diff32 = (a: number, b: number): number => (a - b) | 0;
const lt32 = (a: number, b: number): boolean => diff32(a, b) < 0;
const gt32 = (a: number, b: number): boolean => diff32(a, b) > 0;
const le32 = (a: number, b: number): boolean => diff32(a, b) <= 0;

// ---------------------------------------------------------------------------------------------
// State

/** A segment sent earlier, remembered for messages and `related` locations. */
interface SentSegment {
	start: number;
	end: number;
	line: number;
	/** Its seq token (or, without one, its flags): the Span and printed seq are made only when a message needs them. */
	at: SeqField | Spanned;
	time: number | undefined;
}

/** Anything that can say where it is (a token of a line). */
type Spanned = { readonly span: Span };

function sentSpan(s: SentSegment): Span {
	return s.at.span;
}

/** The seq as its line printed it: `1:101`, `4255483971`. */
function sentPrinted(s: SentSegment): string {
	return 'start' in s.at ? printedSeqField(s.at) : '';
}

const RING = 32;

interface DirState {
	readonly stats: DirectionStats;
	seen: boolean;
	nextseq: number | undefined;
	nextseqTime: number | undefined;
	nextseqLine: number | undefined;
	maxseqtobeacked: number | undefined;
	lastack: number | undefined;
	lastackTime: number | undefined;
	/** The token (its Span is made only when a finding needs it). */
	lastackSpan: Spanned | undefined;
	/** Raw window of the latest packet; `windowFromSyn` says whether it was a SYN's (never scaled). */
	window: number | undefined;
	windowFromSyn: boolean;
	windowSpan: Spanned | undefined;
	/** WS bits of the latest packet (keep-alive / zero-window-probe ACK detection). */
	lastFlags: number;
	/** Whether the keep-alive in lastFlags was only a guess (pure ACK without seq). */
	lastKeepAliveGuessed: boolean;
	dupacknum: number;
	lastnondupackLine: number | undefined;
	lastnondupackSpan: Spanned | undefined;
	/** The latest (ack, raw window) advertised since the SYN: where the right edge was. */
	edge: { ack: number; window: number; at: Spanned } | undefined;
	/** Our reading of the latest packet: a 0-byte zero-window probe (Linux). */
	lastZeroProbe0: boolean;
	/** Ring of recent data/SYN/FIN segments. */
	readonly sent: SentSegment[];
	sentNext: number;
	lastTime: number | undefined;
	/** This side's first packets printed no seq, then a SYN-ACK: the peer's next ack is measured by tshark against the hidden seq. */
	hiddenBase: boolean;
	/** A pure ACK without a printed seq came after this side's last known seq. */
	seqlessSinceNext: boolean;
	/** An ACK from the peer was flagged "ACKed unseen segment" and this side has sent nothing since. */
	ackLostQuiet: boolean;
}

interface ConnState {
	readonly dirs: [DirState, DirState];
	readonly stats: ConnectionStats;
	firstTime: number | undefined;
	lastTime: number | undefined;
	/** Time and line of the latest packet in either direction. */
	lastPacketTime: number | undefined;
}

function newDir(from: string): DirState {
	return {
		stats: { from, packets: 0, bytes: 0, retransmittedBytes: 0, zeroWindows: 0, fin: false, rst: false },
		seen: false,
		nextseq: undefined, nextseqTime: undefined, nextseqLine: undefined,
		maxseqtobeacked: undefined,
		lastack: undefined, lastackTime: undefined, lastackSpan: undefined,
		window: undefined, windowFromSyn: false, windowSpan: undefined,
		lastFlags: 0, lastKeepAliveGuessed: false,
		dupacknum: 0, lastnondupackLine: undefined, lastnondupackSpan: undefined,
		edge: undefined, lastZeroProbe0: false,
		sent: [], sentNext: 0,
		lastTime: undefined,
		ackLostQuiet: false,
		seqlessSinceNext: false,
		hiddenBase: false,
	};
}

function newConn(conn: Connection): ConnState {
	const dirs: [DirState, DirState] = [newDir(conn.endpoints[0]), newDir(conn.endpoints[1])];
	return {
		dirs,
		stats: {
			connection: conn.index,
			packets: 0,
			directions: [dirs[0].stats, dirs[1].stats],
			durationS: undefined,
			handshakeRttMs: undefined,
			retransmittedBytes: 0,
			duplicatePackets: 0,
			zeroWindowEvents: 0,
			endedBy: 'open',
			endedFrom: undefined,
			completeness: { syn: false, synAck: false, ack: false, data: false, fin: false, rst: false },
			completenessValue: 0,
		},
		firstTime: undefined,
		lastTime: undefined,
		lastPacketTime: undefined,
	};
}

/** Idle time after which a repeated pure ACK reads as a keep-alive rather than a duplicate ACK. */
const KEEPALIVE_IDLE_S = 1;

// ---------------------------------------------------------------------------------------------
// The analyzer

class Analyzer implements DetailedTcpAnalyzer {
	readonly #conns = new Map<number, ConnState>();

	onPacket(conn: Connection, record: PacketRecord): Finding[] {
		try {
			return this.#analyze(conn, record).findings;
		} catch {
			// Analysis is a hint; a bug here must never take the document down.
			return [];
		}
	}

	analyze(conn: Connection, record: PacketRecord): { findings: Finding[]; verdict: WiresharkVerdict | undefined } {
		try {
			return this.#analyze(conn, record);
		} catch {
			return { findings: [], verdict: undefined };
		}
	}

	stats(connection: number): ConnectionStats | undefined {
		return this.#conns.get(connection)?.stats;
	}

	finish(): Finding[] {
		return [];
	}

	forget(connection: number): void {
		this.#conns.delete(connection);
	}

	#analyze(conn: Connection, record: PacketRecord): { findings: Finding[]; verdict: WiresharkVerdict | undefined } {
		const tcp = record.tcp;
		const info = record.tcpInfo;
		if (!tcp || !info) {
			return { findings: [], verdict: undefined };
		}
		let cs = this.#conns.get(conn.index);
		if (!cs) {
			cs = newConn(conn);
			this.#conns.set(conn.index, cs);
		}
		const fwdIdx = info.fromFirst ? 0 : 1;
		const fwd = cs.dirs[fwdIdx];
		const rev = cs.dirs[1 - fwdIdx] as DirState;
		const time = record.time;
		const flags = tcp.flags;
		// `truncated-ip - N bytes missing!` outside a tunnel: the link layer's payload ended before the
		// bytes the IP header claims; only those it carried count (Wireshark's Len), nothing is judged on the others
		const truncation = record.ipTruncated;
		const seglen = truncation && !truncation.inTunnel ? Math.max(0, (tcp.length ?? 0) - truncation.missing) : tcp.length ?? 0;

		// ---- statistics (every packet, even those we cannot judge)
		const st = cs.stats;
		st.packets++;
		fwd.stats.packets++;
		if (info.duplicateOf !== undefined) {
			// a second copy of the previous packet (`-i any`): the tracker reported it; it must not
			// count twice nor move any state (tshark calls it a retransmission or a dup ACK)
			st.duplicatePackets++;
			return { findings: [], verdict: { flags: 0, undecidable: 0, reasons: [], dupAckNum: undefined } };
		}
		fwd.stats.bytes += seglen;
		if (time !== undefined) {
			cs.firstTime ??= time;
			cs.lastTime = time;
			st.durationS = cs.lastTime - cs.firstTime;
		}
		st.handshakeRttMs = conn.handshake.rttMs;
		if (flags) {
			const c = st.completeness;
			if (flags.syn && !flags.ack) { c.syn = true; }
			if (flags.syn && flags.ack) { c.synAck = true; }
			if (flags.ack && !flags.syn) { c.ack = true; }
			if (seglen > 0) { c.data = true; }
			if (flags.fin) { c.fin = true; fwd.stats.fin = true; }
			if (flags.rst) { c.rst = true; fwd.stats.rst = true; }
			if ((flags.fin || flags.rst) && st.endedBy === 'open') {
				st.endedBy = flags.rst ? 'rst' : 'fin';
				st.endedFrom = fwd.stats.from;
			}
			st.completenessValue = completenessValue(c);
			if (tcp.win?.value === 0 && !flags.syn && !flags.fin && !flags.rst) {
				fwd.stats.zeroWindows++;
				st.zeroWindowEvents++;
			}
		} else if (seglen > 0) {
			st.completeness.data = true;
			st.completenessValue = completenessValue(st.completeness);
		}

		// ---- what the text lets us judge: flags and a window are needed (`-q` prints neither)
		const prevPacketTime = cs.lastPacketTime;
		cs.lastPacketTime = time;
		if (!flags || !tcp.win || tcp.style === 'quiet' || tcp.length === undefined) {
			// Truncated or `-q`: feed what is shown, never report.
			fwd.seen = true;
			fwd.ackLostQuiet = false;
			return { findings: [], verdict: undefined };
		}
		const syn = flags.syn, fin = flags.fin, rst = flags.rst;
		const sfr = syn || fin || rst;
		const window = tcp.win.value;
		const seq = info.absSeq;
		const ack = flags.ack ? info.absAck : undefined;
		const seqKnown = seq !== undefined;
		const ctx: Ctx = { conn, record, tcp, fwd, rev, findings: [] };
		if (truncation) {
			add(ctx, 'capture.truncated-ip', truncation.span, truncatedIpMessage(truncation, tcp.length, seglen));
		}

		let f = 0;
		let undecidable = 0;
		const reasons: string[] = [];
		let dupAckNum: number | undefined;
		let keepAliveGuessed = false;
		let ambiguousDup = false;
		let lostExpected: number | undefined;

		// Effective scale of each side: only when both SYNs were seen.
		const hs = conn.handshake;
		const bothSyns = hs.syn !== undefined && hs.synAck !== undefined && info.fromClient !== undefined;
		const scaleOf = (clientSide: boolean): number | undefined => {
			if (!bothSyns) {
				return undefined;
			}
			if (hs.clientWscale === undefined || hs.serverWscale === undefined) {
				return 0;
			}
			// RFC 7323 §2.3 (the tracker caps too; kept here so no caller can make 2^255)
			return Math.min(clientSide ? hs.clientWscale : hs.serverWscale, MAX_WSCALE_SHIFT);
		};
		const fwdIsClient = info.fromClient;
		const fwdScale = fwdIsClient === undefined ? undefined : scaleOf(fwdIsClient);
		const revScale = fwdIsClient === undefined ? undefined : scaleOf(!fwdIsClient);

		// A pure ACK (no data, no SYN/FIN/RST) prints its seq only with -vv: the rules comparing it
		// with nextseq then assume seq == nextseq (the normal case) and say so.
		const seqEqNext = seqKnown ? fwd.nextseq !== undefined && seq === fwd.nextseq : fwd.seen;

		// ZERO WINDOW PROBE
		let skipToFinishedFwd = false;
		if (seglen === 1 && seqKnown && fwd.nextseq !== undefined && seq === fwd.nextseq && rev.window === 0) {
			f |= WS.zeroWindowProbe;
			skipToFinishedFwd = true;
		}
		if (!skipToFinishedFwd) {
			// ZERO WINDOW
			if (window === 0 && !sfr) {
				f |= WS.zeroWindow;
			}
			// LOST PACKET
			if (syn && seqKnown && fwd.nextseq === undefined && fwd.seen) {
				// a SYN-ACK after packets of this side that printed no seq (a challenge ACK): tshark
				// compares it with their hidden seq
				undecidable |= WS.lostSegment;
				pushReason(reasons, 'earlier packets of this side printed no seq (-vv does)');
				fwd.hiddenBase = true;
			}
			if (seqKnown && fwd.nextseq !== undefined && gt32(seq, fwd.nextseq) && !rst) {
				f |= WS.lostSegment;
				lostExpected = fwd.nextseq;
				if (fwd.seqlessSinceNext) {
					// tshark may have placed this gap on one of the pure ACKs before (their seq is not printed)
					undecidable |= WS.lostSegment;
					pushReason(reasons, 'pure ACKs before it print no seq (-vv does): the gap may already show on one of them');
				}
			} else if (!seqKnown && fwd.nextseq !== undefined && !sfr) {
				// a pure ACK whose seq jumped (bytes of this side not captured) cannot be told from one that did not
				undecidable |= WS.lostSegment;
				pushReason(reasons, 'pure ACK without seq (-vv prints it): a gap before it cannot be seen');
			}
			// KEEP ALIVE (seq known: decidable)
			if ((seglen === 0 || seglen === 1) && seqKnown && fwd.nextseq !== undefined && seq === u32(fwd.nextseq - 1) && !sfr) {
				f |= WS.keepAlive;
			}
			// KEEP ALIVE, guessed: a repeated pure ACK without seq after an idle period with nothing outstanding.
			const repeatsAck = seglen === 0 && !sfr && ack !== undefined && fwd.lastack !== undefined && ack === fwd.lastack;
			if (!seqKnown && repeatsAck && window !== 0 && window === fwd.window && !(rev.lastFlags & WS.keepAlive)) {
				const idle = time !== undefined && prevPacketTime !== undefined && time - prevPacketTime >= KEEPALIVE_IDLE_S;
				const nothingOutstanding = rev.nextseq === undefined || ack === rev.nextseq;
				const sackNews = (tcp.sack?.length ?? 0) > 0;
				if (idle && nothingOutstanding && !sackNews) {
					f |= WS.keepAlive;
					keepAliveGuessed = true;
				}
			}
			// WINDOW UPDATE (Wireshark: any raw change)
			if (seglen === 0 && window !== 0 && fwd.window !== undefined && window !== fwd.window && seqEqNext
				&& ack !== undefined && ack === fwd.lastack && !sfr) {
				f |= WS.windowUpdate;
			}
			// WINDOW FULL (Wireshark: exact equality, rev scale known)
			if (seglen > 0 && seqKnown && !sfr && revScale !== undefined && rev.window !== undefined && rev.lastack !== undefined) {
				const shift = rev.windowFromSyn ? 0 : revScale;
				const edge = u32(rev.lastack + rev.window * 2 ** shift);
				if (u32(seq + seglen) === edge) {
					f |= WS.windowFull;
				}
			} else if (seglen > 0 && seqKnown && !sfr && revScale === undefined && rev.window !== undefined && rev.lastack !== undefined) {
				undecidable |= WS.windowFull;
				pushReason(reasons, 'window scale unknown (SYNs not captured)');
			}
			// KEEP ALIVE ACK
			if (seglen === 0 && window !== 0 && window === fwd.window && seqEqNext && ack !== undefined && ack === fwd.lastack
				&& (rev.lastFlags & WS.keepAlive) && !sfr) {
				f |= WS.keepAliveAck;
				if (rev.lastKeepAliveGuessed) {
					keepAliveGuessed = true;
				}
				skipToFinishedFwd = true;
			}
			// ZERO WINDOW PROBE ACK
			if (!skipToFinishedFwd && seglen === 0 && window === 0 && window === fwd.window && seqEqNext && ack !== undefined
				&& fwd.lastack !== undefined && (ack === fwd.lastack || ack === u32(fwd.lastack + 1))
				&& (rev.lastFlags & WS.zeroWindowProbe) && !sfr) {
				f |= WS.zeroWindowProbeAck;
				skipToFinishedFwd = true;
			}
			// DUPLICATE ACK
			if (!skipToFinishedFwd && !(f & WS.keepAlive) && seglen === 0 && window !== 0 && window === fwd.window && seqEqNext
				&& ack !== undefined && ack === fwd.lastack && !sfr) {
				fwd.dupacknum++;
				f |= WS.duplicateAck;
				dupAckNum = fwd.dupacknum;
				ambiguousDup = !seqKnown;
			}
		}

		// finished_fwd: a changed ack resets the dup-ACK count
		if (ack !== fwd.lastack) {
			fwd.lastnondupackLine = record.line;
			fwd.lastnondupackSpan = tcp.ack;
			fwd.dupacknum = 0;
		}

		// ACKED LOST PACKET (tshark 4.0: flag, then move the peer's "max seq to be acked" up to its
		// next expected seq so the same gap is not reported again; and, as observed on real captures,
		// not again while the peer stays silent: later ACKs of the same silence are not flagged)
		let ackLostBy: number | undefined;
		if (ack !== undefined && rev.hiddenBase) {
			// the peer's first packet printed no seq (a challenge ACK before its SYN-ACK): tshark
			// measures this ack against that hidden seq
			undecidable |= WS.ackLostSegment;
			pushReason(reasons, 'the peer\'s earlier packet printed no seq (-vv does): what tshark expects acked is not in the text');
			rev.hiddenBase = false;
		} else if (ack !== undefined && rev.maxseqtobeacked !== undefined && gt32(ack, rev.maxseqtobeacked) && !rev.ackLostQuiet) {
			ackLostBy = diff32(ack, rev.maxseqtobeacked);
			f |= WS.ackLostSegment;
			rev.maxseqtobeacked = rev.nextseq;
			rev.ackLostQuiet = true;
		}

		// RETRANSMISSION / FAST RETRANSMISSION / OUT-OF-ORDER / SPURIOUS
		let original: SentSegment | undefined;
		let retrUndecided: FindingCode[] = [];
		if ((seglen > 0 || syn || fin) && seqKnown && !(f & WS.keepAlive)) {
			let notAdvanced = fwd.nextseq !== undefined && lt32(seq, fwd.nextseq);
			// A segment starting one byte before nextseq after a zero-window probe adds new data.
			if (seglen > 1 && fwd.nextseq !== undefined && seq === u32(fwd.nextseq - 1)) {
				notAdvanced = false;
			}
			const synfin = syn || fin ? 1 : 0;
			if (seglen > 0 && rev.lastack !== undefined && rev.lastack !== 0 && le32(u32(seq + seglen), rev.lastack)) {
				f |= WS.spuriousRetransmission;
			} else if (notAdvanced) {
				const fastPossible = rev.dupacknum >= 2 && rev.lastack === seq;
				const oooPossible = fwd.nextseq !== u32(seq + seglen + synfin);
				const haveTimes = time !== undefined;
				const sinceAck = haveTimes && rev.lastackTime !== undefined ? time - rev.lastackTime : undefined;
				const sinceNext = haveTimes && fwd.nextseqTime !== undefined ? time - fwd.nextseqTime : undefined;
				const irtt = conn.handshake.rttMs;
				const oooThres = irtt !== undefined && irtt > 0 ? irtt / 1000 : 0.003;
				if (fastPossible && sinceAck !== undefined && sinceAck < 0.020) {
					f |= WS.fastRetransmission;
				} else if (oooPossible && sinceNext !== undefined && sinceNext < oooThres) {
					f |= WS.outOfOrder;
				} else {
					f |= WS.retransmission;
					if (!haveTimes && (fastPossible || oooPossible)) {
						undecidable |= RETR_FAMILY;
						pushReason(reasons, 'fast retransmission / out-of-order need timestamps (-t prints none)');
						retrUndecided = [];
						if (fastPossible) { retrUndecided.push('tcp.fast-retransmission'); }
						if (oooPossible) { retrUndecided.push('tcp.out-of-order'); }
					}
				}
			}
			if (f & RETR_FAMILY) {
				original = findSent(fwd, seq, u32(seq + seglen + synfin));
			}
			if (f & RETRANSMITTED) {
				fwd.stats.retransmittedBytes += seglen;
				cs.stats.retransmittedBytes += seglen;
			}
		}

		// ---- our readings that Wireshark does not have (computed on the state before this packet)
		const zeroProbe0 = isZeroByteZeroWindowProbe(fwd, rev, { seq, seglen, sfr, ack });
		const zeroProbe0Ack = !zeroProbe0 && seglen === 0 && !sfr && window === 0 && rev.lastZeroProbe0
			&& ack !== undefined && ack === fwd.lastack;
		const shrink = syn || rst ? undefined : windowShrink(fwd, ack, window, fwdScale);

		// ---- state updates (Wireshark's order)
		// A reset with seq 0 answers a segment without ACK (RFC 9293 §3.10.7.1: <SEQ=0><ACK=SEG.SEQ+SEG.LEN>):
		// it holds no place in its sender's sequence space (Wireshark too: its nextseq 0 means unset)
		if (seqKnown && !(rst && seq === 0)) {
			let nextseq = u32(seq + seglen);
			if (seglen > 0 || syn || fin) {
				if (syn || fin) {
					nextseq = u32(nextseq + 1);
				}
				if (!(f & RETR_FAMILY)) {
					remember(fwd, { start: seq, end: nextseq, line: tcp.line, at: tcp.seq ?? tcp.flags ?? tcp.src, time });
				}
			}
			fwd.seqlessSinceNext = false;
			if ((fwd.nextseq === undefined || gt32(nextseq, fwd.nextseq)) && !(f & WS.zeroWindowProbe)) {
				fwd.nextseq = nextseq;
				fwd.nextseqTime = time;
				fwd.nextseqLine = tcp.line;
			}
			if ((fwd.maxseqtobeacked === undefined || seq === fwd.maxseqtobeacked) && !(f & WS.zeroWindowProbe)) {
				fwd.maxseqtobeacked = fwd.nextseq;
			}
			if (syn && !flags.ack && (f & RETR_FAMILY) && fwd.maxseqtobeacked !== undefined && fwd.nextseq !== undefined && lt32(fwd.maxseqtobeacked, fwd.nextseq)) {
				// the same SYN again: what this side sent beyond its in-order bytes (a reset whose seq was
				// the peer's ack, a jump) is not its stream; tshark 4.0 falls back the same way
				fwd.nextseq = fwd.maxseqtobeacked;
			}
		}
		if (!seqKnown && fwd.nextseq !== undefined) {
			fwd.seqlessSinceNext = true;
		}
		const ackSame = ack !== undefined && fwd.lastack !== undefined && ack === fwd.lastack;
		const prevWindow = fwd.window;
		const prevWindowFromSyn = fwd.windowFromSyn;
		const prevWindowSpan = fwd.windowSpan;
		const prevAckSpan = fwd.lastackSpan;
		fwd.window = window;
		fwd.windowFromSyn = syn;
		fwd.windowSpan = tcp.win;
		fwd.lastack = ack;
		fwd.lastackTime = time;
		fwd.lastackSpan = tcp.ack;
		fwd.lastFlags = f;
		fwd.lastKeepAliveGuessed = keepAliveGuessed && (f & WS.keepAlive) !== 0;
		fwd.lastZeroProbe0 = zeroProbe0;
		if (syn) {
			fwd.edge = undefined; // a SYN's window is never scaled: edges are compared from the first ACK on
		} else if (!rst && ack !== undefined) {
			fwd.edge = { ack, window, at: tcp.win };
		}
		fwd.lastTime = time;
		fwd.seen = true;
		fwd.ackLostQuiet = false;

		// ---- tshark's field quirks: fast and spurious also carry the generic retransmission field
		let wsFields = f;
		if (f & (WS.fastRetransmission | WS.spuriousRetransmission)) {
			wsFields |= WS.retransmission;
		}
		if (keepAliveGuessed || ambiguousDup) {
			// our reading is scored; the readings the text cannot rule out are not
			undecidable |= ambiguousDup ? WS.keepAlive | WS.keepAliveAck : WS.duplicateAck;
			pushReason(reasons, 'pure ACK without seq: duplicate ACK and 0-byte keep-alive look alike (-vv prints the seq)');
		}

		// ---- our diagnostics
		const edge = seglen > 0 && seqKnown && !sfr && revScale !== undefined && rev.window !== undefined && rev.lastack !== undefined
			? u32(rev.lastack + rev.window * 2 ** (rev.windowFromSyn ? 0 : revScale)) : undefined;
		emitFindings(ctx, {
			f, seq, seglen, time, syn, window, ack,
			original, retrUndecided, dupAckNum, keepAliveGuessed, ambiguousDup,
			prevWindow, prevWindowFromSyn, prevWindowSpan, prevAckSpan, fwdScale, edge, ackLostBy,
			seqKnown, ackSame, seqEqNext, lostExpected, zeroProbe0, zeroProbe0Ack, shrink,
		});
		return { findings: ctx.findings, verdict: { flags: wsFields, undecidable, reasons, dupAckNum } };
	}
}

function truncatedIpMessage(t: IpTruncation, printed: number | undefined, carried: number): string {
	if (t.inTunnel) {
		return `The IP packet inside the tunnel claims ${t.missing} bytes more than this outer packet carried: the outer packet was most likely fragmented, and its other fragments (which tcpdump does not reassemble) carry them. "length ${printed ?? '?'}" is counted as printed (Wireshark reassembles the fragments).`;
	}
	return `The IP header claims ${t.missing} bytes more than the layer below delivered as this packet: "length ${printed ?? '?'}" counts bytes its link layer did not carry as part of it. `
		+ `Counted as ${carried} byte${carried === 1 ? '' : 's'}, what the link layer carried (Wireshark: Len=${carried}); no retransmission or out-of-order finding is built on the others.`;
}

function pushReason(reasons: string[], r: string): void {
	if (!reasons.includes(r)) {
		reasons.push(r);
	}
}

function remember(d: DirState, s: SentSegment): void {
	if (d.sent.length < RING) {
		d.sent.push(s);
	} else {
		d.sent[d.sentNext] = s;
	}
	d.sentNext = (d.sentNext + 1) % RING;
}

/** The most recent remembered segment overlapping [start, end). */
function findSent(d: DirState, start: number, end: number): SentSegment | undefined {
	const n = d.sent.length;
	for (let k = 1; k <= n; k++) {
		const s = d.sent[(d.sentNext - k + n) % n];
		if (s && lt32(s.start, end === start ? u32(end + 1) : end) && gt32(s.end, start)) {
			return s;
		}
	}
	return undefined;
}

function printedSeq(tcp: TcpSegment): string {
	return tcp.seq ? printedSeqField(tcp.seq) : '';
}

function printedSeqField(s: SeqField): string {
	return s.end === undefined ? String(s.start) : `${s.start}:${s.end}`;
}

// ---------------------------------------------------------------------------------------------
// Findings

interface Ctx {
	readonly conn: Connection;
	readonly record: PacketRecord;
	readonly tcp: TcpSegment;
	readonly fwd: DirState;
	readonly rev: DirState;
	readonly findings: Finding[];
}

interface Judged {
	f: number;
	seq: number | undefined;
	seglen: number;
	time: number | undefined;
	syn: boolean;
	window: number;
	ack: number | undefined;
	original: SentSegment | undefined;
	retrUndecided: FindingCode[];
	dupAckNum: number | undefined;
	keepAliveGuessed: boolean;
	ambiguousDup: boolean;
	prevWindow: number | undefined;
	prevWindowFromSyn: boolean;
	prevWindowSpan: Spanned | undefined;
	prevAckSpan: Spanned | undefined;
	fwdScale: number | undefined;
	edge: number | undefined;
	ackLostBy: number | undefined;
	seqKnown: boolean;
	/** Same ack as this direction's previous packet. */
	ackSame: boolean;
	seqEqNext: boolean;
	/** Where the segment should have started (absolute), when a gap was found. */
	lostExpected: number | undefined;
	/** A 0-byte zero-window probe (Linux), and the peer's win-0 answer to one. */
	zeroProbe0: boolean;
	zeroProbe0Ack: boolean;
	/** The right edge moved left: by how much, against which earlier window. */
	shrink: Shrink | undefined;
}

interface Shrink {
	/** Bytes (raw window units when the scale is unknown) the right edge moved left. */
	by: number;
	sameAck: boolean;
	/** Effective windows before and now, in bytes (raw when the scale is unknown). */
	before: number;
	now: number;
	previousWindow: number;
	previousAt: Spanned;
	scale: number | undefined;
}

/**
 * A Linux zero-window probe: no data, no SYN/FIN/RST, the same ack, right after the peer advertised
 * `win 0` (on a packet without SYN/FIN/RST), with seq one below the next expected (Linux sends snd_una − 1). Wireshark's rules see a
 * keep-alive (or, without the seq, a duplicate ACK); the closed window says what it is for. Without
 * `-vv` the seq is not printed, and the repeated ACK right after `win 0` is the evidence.
 */
function isZeroByteZeroWindowProbe(fwd: DirState, rev: DirState, p: { seq: number | undefined; seglen: number; sfr: boolean; ack: number | undefined }): boolean {
	// the peer's latest packet must be a zero window in Wireshark's sense: a FIN or RST with win 0
	// closes nothing (RSTs carry win 0 as a rule)
	if (p.seglen !== 0 || p.sfr || !(rev.lastFlags & WS.zeroWindow) || p.ack === undefined || p.ack !== fwd.lastack) {
		return false;
	}
	if (p.seq === undefined) {
		return fwd.nextseq !== undefined || fwd.seen;
	}
	return (fwd.nextseq !== undefined && p.seq === u32(fwd.nextseq - 1))
		|| (rev.lastack !== undefined && p.seq === u32(rev.lastack - 1));
}

/**
 * Did this packet move the right edge of its sender's advertised window (ack + window) to the left?
 * With the scale known, edges are compared in bytes and a move of less than one window unit (2^scale
 * bytes) is rounding, not a shrink; with the scale unknown only the same ack can be compared (raw
 * windows). A window closing to 0 is `tcp.zero-window`'s; an ack going backwards is reordering.
 */
function windowShrink(fwd: DirState, ack: number | undefined, window: number, scale: number | undefined): Shrink | undefined {
	const prev = fwd.edge;
	if (!prev || ack === undefined || window === 0) {
		return undefined;
	}
	const acked = diff32(ack, prev.ack);
	if (acked < 0) {
		return undefined;
	}
	if (scale === undefined) {
		return acked === 0 && window < prev.window
			? { by: prev.window - window, sameAck: true, before: prev.window, now: window, previousWindow: prev.window, previousAt: prev.at, scale }
			: undefined;
	}
	const unit = 2 ** scale;
	const moved = acked + (window - prev.window) * unit;
	return moved <= -unit
		? { by: -moved, sameAck: acked === 0, before: prev.window * unit, now: window * unit, previousWindow: prev.window, previousAt: prev.at, scale }
		: undefined;
}

function add(ctx: Ctx, code: FindingCode, span: Span | undefined, message: string, opts?: {
	related?: RelatedLocation[]; alternatives?: FindingCode[]; severity?: Severity;
}): void {
	const tcp = ctx.tcp;
	const alternatives = opts?.alternatives ?? [];
	ctx.findings.push({
		code,
		severity: opts?.severity ?? FINDINGS[code].severity,
		span: span ?? tcp.flags?.span ?? tcp.src.span,
		packet: ctx.record.index,
		connection: ctx.conn.index,
		message,
		related: opts?.related ?? [],
		certainty: alternatives.length > 0 ? 'ambiguous' : 'certain',
		alternatives,
	});
}

/** Converts an absolute sequence number into this line's printed numbering (relative or absolute). */
function printedNumber(tcp: TcpSegment, absSeq: number | undefined, abs: number): number {
	if (!tcp.seq || absSeq === undefined) {
		return abs;
	}
	const offset = u32(absSeq - tcp.seq.start);
	return u32(abs - offset);
}

function ms(dt: number): string {
	const v = dt * 1000;
	return v >= 100 ? `${Math.round(v)} ms` : `${Number(v.toFixed(1))} ms`;
}

function lineRef(line: number): string {
	return `line ${line + 1}`;
}

function emitFindings(ctx: Ctx, j: Judged): void {
	const { tcp, fwd, rev } = ctx;
	const f = j.f;
	// made only when a finding needs them: most packets have none
	const seqSpan = () => tcp.seq?.span;
	const seqText = () => printedSeq(tcp);
	const ackSpan = () => tcp.ack?.span;
	const winSpan = () => tcp.win?.span;

	// Retransmission family: one code, after supersession. SYNs are the tracker's (handshake.*;
	// a simultaneous open's SYN-ACKs are not retransmissions).
	if ((f & RETR_FAMILY) && !j.syn) {
		const o = j.original;
		const related: RelatedLocation[] = o ? [{ span: sentSpan(o), message: `first sent here (seq ${sentPrinted(o)})` }] : [];
		const when = o ? `was already sent on ${lineRef(o.line)}`
			: `lies below data already seen${fwd.nextseqLine !== undefined ? ` (up to ${lineRef(fwd.nextseqLine)})` : ''}`;
		const later = o && o.time !== undefined && j.time !== undefined ? `; sent again ${ms(j.time - o.time)} later` : '';
		if (f & WS.spuriousRetransmission) {
			const ackAt = rev.lastackSpan?.span;
			const ackPrinted = rev.lastack !== undefined ? printedNumber(tcp, j.seq, rev.lastack) : undefined;
			if (ackAt) {
				related.push({ span: ackAt, message: `the peer had acknowledged up to ${ackPrinted ?? '?'} here` });
			}
			add(ctx, 'tcp.spurious-retransmission', seqSpan(),
				`seq ${seqText()} ${when}${later}, and the peer had already acknowledged it (ack ${ackPrinted ?? '?'}${ackAt ? ` on ${lineRef(ackAt.line)}` : ''}): spurious retransmission`,
				{ related });
		} else if (f & WS.fastRetransmission) {
			add(ctx, 'tcp.fast-retransmission', seqSpan(),
				`seq ${seqText()} ${when}${later}, right after ${rev.dupacknum} duplicate ACKs asked for it: fast retransmission`,
				{ related });
		} else if (f & WS.outOfOrder) {
			add(ctx, 'tcp.out-of-order', seqSpan(),
				`seq ${seqText()} is older than data already sent${fwd.nextseqLine !== undefined ? ` (up to ${lineRef(fwd.nextseqLine)})` : ''} and came shortly after it: out-of-order`,
				{ related });
		} else {
			const undecided = j.retrUndecided;
			if (undecided.length > 0) {
				add(ctx, 'tcp.retransmission', seqSpan(),
					`seq ${seqText()} ${when}: retransmission (or ${undecided.map((c) => FINDINGS[c].title.replace(/^TCP /, '').toLowerCase()).join(' or ')}; not decidable without timestamps, run tcpdump without -t)`,
					{ related, alternatives: undecided });
			} else {
				add(ctx, 'tcp.retransmission', seqSpan(), `seq ${seqText()} ${when}${later}: retransmission`, { related });
			}
		}
	}

	if (f & WS.lostSegment) {
		const gap = j.lostExpected !== undefined && j.seq !== undefined
			? ` ${diff32(j.seq, j.lostExpected) >>> 0} byte(s) after the previous segment ended (expected seq ${printedNumber(tcp, j.seq, j.lostExpected)})` : ' after a gap';
		add(ctx, 'tcp.lost-segment', seqSpan(),
			`seq ${seqText()} starts${gap}: the bytes before it were not captured (common at capture start, with one-way capture, or when lines were removed)`);
	}

	if ((f & WS.ackLostSegment) && !j.syn) {
		const printedAck = tcp.ack?.value;
		const seen = printedAck !== undefined && j.ack !== undefined && j.ackLostBy !== undefined
			? u32(printedAck - j.ackLostBy) : undefined;
		add(ctx, 'tcp.ack-lost-segment', ackSpan(),
			`ack ${printedAck ?? '?'} acknowledges data beyond what the other side was seen sending in order (up to ${seen ?? '?'}): ACKed unseen segment (common at capture start, or when lines were removed)`);
	}

	if (f & WS.zeroWindow) {
		add(ctx, 'tcp.zero-window', winSpan(), 'win 0: the receiver\'s buffer is full; the sender must stop until the window opens');
	}
	if (f & WS.zeroWindowProbe) {
		add(ctx, 'tcp.zero-window-probe', seqSpan(), `seq ${seqText()}, 1 byte sent into the peer's zero window to see whether it has opened`);
	}
	if (j.zeroProbe0) {
		const related: RelatedLocation[] = rev.windowSpan ? [{ span: rev.windowSpan.span, message: 'the peer\'s zero window' }] : [];
		const peerWin = rev.windowSpan ? ` (win 0 on ${lineRef(rev.windowSpan.span.line)})` : '';
		if (j.seqKnown) {
			add(ctx, 'tcp.zero-window-probe', seqSpan() ?? ackSpan(),
				`seq ${seqText()}, no data, one byte below the next expected sequence number, right after the peer closed its window${peerWin}: a zero-window probe as Linux sends them (tshark: TCP Keep-Alive)`,
				{ related });
		} else {
			add(ctx, 'tcp.zero-window-probe', ackSpan(),
				`repeats ack ${tcp.ack?.value ?? '?'} with no data right after the peer closed its window${peerWin}: a zero-window probe as Linux sends them (seq one below the next expected; run tcpdump with -vv to print it), not a duplicate ACK`,
				{ related, alternatives: ['tcp.duplicate-ack'] });
		}
	}
	if ((f & WS.zeroWindowProbeAck) || j.zeroProbe0Ack) {
		add(ctx, 'tcp.zero-window-probe-ack', winSpan(), 'answers the zero-window probe: the window is still 0');
	}

	// Window full, our rule: the segment reaches (or overshoots) the right edge of the peer's window.
	// A zero-window probe goes past a closed window on purpose: not "window full".
	if (j.edge !== undefined && j.seq !== undefined && !j.syn && !tcp.flags?.fin && !tcp.flags?.rst
		&& !(f & WS.zeroWindowProbe) && rev.window !== 0) {
		const end = u32(j.seq + j.seglen);
		const over = diff32(end, j.edge);
		if (over >= 0) {
			const related: RelatedLocation[] = rev.windowSpan ? [{ span: rev.windowSpan.span, message: `the peer's window (win ${rev.window})` }] : [];
			add(ctx, 'tcp.window-full', seqSpan(),
				over === 0
					? `seq ${seqText()} ends exactly at the right edge of the peer's window (${printedNumber(tcp, j.seq, j.edge)}): the window is full`
					: `seq ${seqText()} overshoots the peer's window edge (${printedNumber(tcp, j.seq, j.edge)}) by ${over} byte(s)`,
				{ related });
		}
	}

	// Window update, our rule: effective (scaled) windows grew with the same ack (a shrink is
	// tcp.window-shrunk, below).
	if (j.seglen === 0 && !j.syn && !tcp.flags?.fin && !tcp.flags?.rst && j.window !== 0 && j.prevWindow !== undefined
		&& j.ackSame && j.seqEqNext && !j.zeroProbe0 && !(f & (WS.keepAlive | WS.keepAliveAck | WS.zeroWindowProbeAck))) {
		const scale = j.fwdScale ?? 0;
		const now = j.window * 2 ** scale;
		const before = j.prevWindow * 2 ** (j.prevWindowFromSyn ? 0 : scale);
		const related: RelatedLocation[] = j.prevWindowSpan ? [{ span: j.prevWindowSpan.span, message: `previous window (win ${j.prevWindow})` }] : [];
		const unit = j.fwdScale === undefined ? ' (raw; scale unknown)' : scale > 0 ? ` bytes (win × ${2 ** scale})` : ' bytes';
		if (now > before) {
			add(ctx, 'tcp.window-update', winSpan(), `window grew from ${before} to ${now}${unit} with the same ack: window update`, { related });
		}
	}

	// Window shrunk: the right edge (ack + window) moved left, with the same ack or a later one.
	const sh = j.shrink;
	if (sh) {
		const related: RelatedLocation[] = [{ span: sh.previousAt.span, message: `previous window (win ${sh.previousWindow})` }];
		const unit = sh.scale === undefined ? ' (raw; scale unknown)' : sh.scale > 0 ? ` bytes (win × ${2 ** sh.scale})` : ' bytes';
		const rfc = 'RFC 9293 §3.8.6: a receiver SHOULD NOT shrink the window';
		add(ctx, 'tcp.window-shrunk', winSpan(), sh.sameAck
			? `window shrank from ${sh.before} to ${sh.now}${unit} with the same ack: the right edge moved left by ${sh.by}${sh.scale === undefined ? '' : ' bytes'} (${rfc})`
			: `ack ${tcp.ack?.value ?? '?'} + win ${j.window}${unit === ' bytes' ? '' : ` (${sh.now} bytes)`} puts the right edge ${sh.by} bytes left of where ${lineRef(sh.previousAt.span.line)} put it (win ${sh.previousWindow}): the window shrank more than the ack advanced (${rfc})`,
			{ related });
	}

	// RFC 7323 §2.3: a shift above 14 is used as 14 (the tracker does; Wireshark does the same).
	if (j.syn && tcp.wscale !== undefined && tcp.wscale > MAX_WSCALE_SHIFT) {
		const opt = tcp.options.find((o) => o.kind === 'wscale');
		add(ctx, 'tcp.window-scale-invalid', opt?.span,
			`wscale ${tcp.wscale} asks for a window scale shift above ${MAX_WSCALE_SHIFT}, the maximum (RFC 7323 §2.3): the shift is taken as ${MAX_WSCALE_SHIFT} (windows × ${2 ** MAX_WSCALE_SHIFT})`);
	}

	if ((f & WS.keepAlive) && !j.zeroProbe0) {
		if (j.keepAliveGuessed) {
			add(ctx, 'tcp.keep-alive', ackSpan(),
				'repeats the previous ACK after an idle period with nothing outstanding: most likely a 0-byte keep-alive (seq one below the next expected); without the seq it could also be a duplicate ACK (run tcpdump with -vv to decide)',
				{ alternatives: ['tcp.duplicate-ack'] });
		} else {
			add(ctx, 'tcp.keep-alive', seqSpan() ?? ackSpan(),
				`seq ${seqText() || '?'} is one byte below the next expected sequence number: keep-alive probe`);
		}
	}
	if (f & WS.keepAliveAck) {
		if (j.keepAliveGuessed) {
			add(ctx, 'tcp.keep-alive-ack', ackSpan(), 'repeats its ACK right after the peer\'s (likely) keep-alive: keep-alive ACK (run tcpdump with -vv to decide)',
				{ alternatives: ['tcp.duplicate-ack'] });
		} else {
			add(ctx, 'tcp.keep-alive-ack', ackSpan(), 'answers the peer\'s keep-alive with the same ACK: keep-alive ACK');
		}
	}
	if ((f & WS.duplicateAck) && !j.zeroProbe0) {
		const ref = fwd.lastnondupackLine !== undefined ? ` of ${lineRef(fwd.lastnondupackLine)}` : '';
		const related: RelatedLocation[] = fwd.lastnondupackSpan ? [{ span: fwd.lastnondupackSpan.span, message: 'the original ACK' }] : [];
		const sack = (tcp.sack?.length ?? 0) > 0;
		const gapInPeer = (rev.lastFlags & (WS.lostSegment | WS.outOfOrder)) !== 0;
		const base = `ack ${tcp.ack?.value ?? '?'}, win ${j.window} again, no data: duplicate ACK #${j.dupAckNum ?? '?'}${ref}`;
		if (j.ambiguousDup && !sack && !gapInPeer) {
			add(ctx, 'tcp.duplicate-ack', ackSpan(),
				`${base}; a pure ACK prints no seq, so it could also be a 0-byte keep-alive or keep-alive ACK (run tcpdump with -vv to decide)`,
				{ related, alternatives: ['tcp.keep-alive', 'tcp.keep-alive-ack'] });
		} else {
			add(ctx, 'tcp.duplicate-ack', ackSpan(), sack ? `${base}, with SACK blocks` : base, { related });
		}
	}
}
