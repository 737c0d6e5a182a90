/**
 * Groups TCP packets into connections and follows each handshake, one packet at a time.
 *
 * - Both directions of a 4-tuple form one connection; a bare SYN with a new ISN on a known 4-tuple
 *   starts a new one (port reuse, Wireshark's `tcp.analysis.reused_ports`).
 * - The client is the SYN's sender; without a SYN (capture started mid-stream) roles stay unknown,
 *   unless a SYN-ACK shows them.
 * - tcpdump's relative numbers are replayed per 4-tuple (sequence.ts) into absolute ones; whether
 *   the text was printed with `-S` is decided from the numbers themselves.
 * - Handshake findings (`handshake.*`) come from here; `tcp.*` analysis is delegated.
 */
import { formatSeconds } from '../explain/duration';
import { FINDINGS } from '../explain/findings';
import { add32, diff32, newSeqBases, numberingEvidence, printsRelative, replay, sub32, type SeqBases } from './sequence';
import type {
	Connection, Finding, FindingCode, Handshake, Numbering, PacketRecord, RelatedLocation, Span, TcpSegment,
} from '../types';

/** What the tracker hands each TCP packet to, after connection and handshake bookkeeping. */
export interface PacketAnalyzer {
	onPacket(conn: Connection, record: PacketRecord): Finding[];
	finish(): Finding[];
	/** Drops a connection's state (a live stream forgets finished connections). */
	forget?(connection: number): void;
}

export interface TrackerOptions {
	/** Keep every packet index in `Connection.packets` (default true; a live stream turns it off). */
	readonly retainPackets?: boolean;
	readonly analyzer?: PacketAnalyzer;
	/**
	 * For live streams: forget connections once finished (reset, or FIN both ways, and 10,000
	 * packets have gone by) or idle for 200,000 packets, so memory stays bounded by the open
	 * connections. Called with each connection just before it is forgotten. Forgotten connections
	 * are not kept in `connections`.
	 */
	readonly onForget?: (conn: Connection) => void;
	/**
	 * For live streams (with `onForget`): a connection has closed. `lastAck` true: reset, or FIN
	 * both ways and the ACK of the second FIN; false: FIN both ways, the last ACK not (yet) seen,
	 * in which case a call with true follows if that ACK comes.
	 */
	readonly onClosed?: (conn: Connection, lastAck: boolean) => void;
}

/** Packets to wait after a connection finished before forgetting it (a last ACK may follow). */
const FORGET_FINISHED_AFTER = 10000;
/** Packets without news after which a connection is taken as gone. */
const FORGET_IDLE_AFTER = 200000;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface HandshakeDraft extends Mutable<Handshake> {
	syns: number[];
	synAcks: number[];
}

/** Where an earlier packet is, for related locations and messages, without keeping the packet. */
interface PacketRef {
	index: number;
	line: number;
	time: number | undefined;
	span: Span;
}

interface ConnState {
	conn: Omit<Mutable<Connection>, 'handshake'> & { handshake: HandshakeDraft };
	/** Endpoint text of the client (SYN sender) once known. */
	client: string | undefined;
	firstSyn: PacketRef | undefined;
	lastSyn: PacketRef | undefined;
	/** The server's own bare SYN in a simultaneous open. */
	serverSyn: PacketRef | undefined;
	synAck: PacketRef | undefined;
	lastSynAck: PacketRef | undefined;
	/** The client's SYN-ACK in a simultaneous open. */
	clientSynAck: PacketRef | undefined;
	finalAckSeen: boolean;
	synAckValid: boolean;
	/** Packets read when this connection last had one (live streams forget idle ones). */
	lastSeen: number;
	/** FIN seen from endpoints[0] / endpoints[1]; a reset seen. */
	fin0: boolean;
	fin1: boolean;
	rst: boolean;
	/** Packets read when it finished (reset, or FIN both ways). */
	finishedAt: number | undefined;
	/** FIN both ways, waiting for the ACK of the second FIN; which side sent that FIN. */
	awaitingLastAck: boolean;
	lastFinFromFirst: boolean;
	/** The client answered a bad SYN-ACK with a reset. */
	clientReset: boolean;
	/** End (exclusive, absolute) of the server's highest segment so far: a final ACK may ack its data. */
	serverNext: number | undefined;
	lastHandshakePacket: PacketRef | undefined;
	/** The 4-tuple's first-seen endpoint: direction 0 goes from it. */
	tupleFirst: string;
	/** ISN of direction 0 (from `tupleFirst`) and of direction 1. */
	isn0: number | undefined;
	isn1: number | undefined;
	/** Per side (side0 from `tupleFirst`): what it sent before its SYN-ACKs. */
	side0: SideState;
	side1: SideState;
	/** The connection's latest packet that was not itself a copy: what a `-i any` copy would repeat. */
	lastOriginal: CopySignature | undefined;
}

/** What one side of a connection sent before a SYN-ACK: for port-reuse detection on SYN-ACKs. */
interface SideState {
	/** Its first packet without SYN. */
	before: { line: number; seq: number | undefined; span: Span } | undefined;
	/** ISN of its latest SYN-ACK, and where it was printed. */
	synAckIsn: number | undefined;
	synAckSpan: Span | undefined;
}

/** What makes two lines the same segment: the TCP header as sent, plus where and when it was seen. */
interface CopySignature {
	ref: PacketRef;
	src: string;
	flags: string;
	absSeq: number | undefined;
	absSeqEnd: number | undefined;
	absAck: number | undefined;
	win: number | undefined;
	length: number | undefined;
	tsVal: number | undefined;
	tsEcr: number | undefined;
	options: number;
	sackBlocks: number;
	interfaceName: string | undefined;
	direction: string | undefined;
}

/** Two copies of one packet are this close in time at most (forwarding between interfaces included). */
const COPY_WINDOW_S = 0.001;

/** RFC 7323 §2.3: a window scale shift above 14 is used as 14. */
export const MAX_WSCALE_SHIFT = 14;

/** The shift a `wscale` option puts in force (RFC 7323 §2.3: at most 14). */
export function windowShift(wscale: number | undefined): number | undefined {
	return wscale === undefined ? undefined : Math.min(wscale, MAX_WSCALE_SHIFT);
}

interface TupleState {
	/** The tuple's first endpoint (direction 0). */
	first: string;
	/** Its link key (VLAN tags, VXLAN VNI), when the text shows one. */
	key: string | undefined;
	/** `key|sender` of the packets seen in it (at most 2 kept): a one-way tag joins the other direction. */
	senders: Set<string>;
	bases: SeqBases;
	current: ConnState;
}

export class ConnectionTracker {
	readonly connections: Connection[] = [];
	/** How the capture printed numbers, from the first decisive packet (`-S` or not). */
	numbering: Numbering = 'unknown';
	/** 4-tuples by their two endpoints, the smaller one first (no key string built per packet). */
	private readonly tuples = new Map<string, Map<string, TupleState>>();
	/** Tuples of the same endpoint pair under different link keys (VLAN/VNI), only for pairs seen with one. */
	private readonly keyedPairs = new Map<string, TupleState[]>();
	/** Connections not forgotten, by index. */
	private readonly live = new Map<number, ConnState>();
	private readonly onForget: ((conn: Connection) => void) | undefined;
	private readonly onClosed: ((conn: Connection, lastAck: boolean) => void) | undefined;
	/** Connections finished, oldest first, waiting to be forgotten (live streams only). */
	private readonly finished: ConnState[] = [];
	private packetCount = 0;
	private connectionCount = 0;
	private readonly retainPackets: boolean;
	private readonly analyzer: PacketAnalyzer | undefined;
	private lastTime: number | undefined;

	constructor(options: TrackerOptions = {}) {
		this.retainPackets = options.retainPackets ?? true;
		this.analyzer = options.analyzer;
		this.onForget = options.onForget;
		this.onClosed = options.onClosed;
	}

	/** Connections not forgotten (all of them, unless `onForget` is set). */
	liveConnections(): Connection[] {
		return [...this.live.values()].map(st => st.conn);
	}

	/** Every connection seen, forgotten ones included. */
	get count(): number {
		return this.connectionCount;
	}

	/** Adds one TCP packet (record.tcp set). Returns the findings it produced. */
	add(record: PacketRecord): Finding[] {
		const tcp = record.tcp;
		if (!tcp) {
			return [];
		}
		if (record.time !== undefined) {
			this.lastTime = record.time;
		}
		const findings: Finding[] = [];
		const a = tcp.src.text;
		const b = tcp.dst.text;
		const key = record.linkKey;
		// the same endpoints on another VLAN or VXLAN VNI (when the text shows it) are another connection
		const low = key === undefined ? (a < b ? a : b) : `${key} ${a < b ? a : b}`;
		const high = a < b ? b : a;
		let peers = this.tuples.get(low);
		if (!peers) {
			peers = new Map();
			this.tuples.set(low, peers);
		}
		let tuple = peers.get(high);
		const f = tcp.flags;
		const bareSyn = f !== undefined && f.syn && !f.ack;
		if (!tuple && (key !== undefined || this.keyedPairs.has(pairOf(a, b)))) {
			// tagged one way only (a mirror port tags one direction): the other direction's connection,
			// if this direction has not been seen in it yet
			tuple = this.otherKeyed(a, b, key);
			if (tuple) {
				peers.set(high, tuple);
			}
		}
		const fresh = !tuple;
		if (!tuple) {
			tuple = { first: a, bases: newSeqBases(), current: this.newConnection(a, b, a, key), key, senders: new Set() };
			peers.set(high, tuple);
			if (key !== undefined || this.keyedPairs.has(pairOf(a, b))) {
				const list = this.keyedPairs.get(pairOf(a, b));
				if (list) {
					list.push(tuple);
				} else {
					this.keyedPairs.set(pairOf(a, b), [tuple]);
				}
			}
		}
		if (tuple.senders.size < 2) {
			tuple.senders.add(`${key ?? ''}|${a}`);
		}
		if (!fresh && bareSyn && tcp.seq && this.startsNewConnection(tuple.current, a, tcp.seq.start)) {
			const previous = tuple.current;
			tuple.current = this.newConnection(a, b, tuple.first, key);
			findings.push(this.finding('tcp.reused-ports', record, tcp.seq.span, tuple.current.conn.index,
				`New SYN (ISN ${tcp.seq.start}) on ${a} > ${b}, which connection ${previous.conn.index + 1} already used` +
				(previous.firstSyn ? ` with ISN ${previous.conn.handshake.clientIsn ?? '?'} (line ${previous.firstSyn.line + 1})` : '') +
				': the port pair is reused by a new connection.',
				previous.firstSyn ? [{ span: previous.firstSyn.span, message: 'the earlier connection\'s SYN' }] : []));
		}
		const st = tuple.current;
		const conn = st.conn;
		this.packetCount++;
		st.lastSeen = this.packetCount;
		if (this.retainPackets) {
			conn.packets.push(record.index);
		}
		const dir: 0 | 1 = a === tuple.first ? 0 : 1;

		// Numbers: decide -S from the first packet tcpdump would print relative, then replay.
		if (conn.numbering === 'unknown' && printsRelative(tuple.bases, tcp)) {
			const evidence = numberingEvidence(tuple.bases, dir, tcp);
			if (evidence) {
				conn.numbering = evidence;
				if (this.numbering === 'unknown') {
					this.numbering = evidence;
				}
			} else if (this.numbering !== 'unknown') {
				conn.numbering = this.numbering;
			}
		}
		const mode = conn.numbering !== 'unknown' ? conn.numbering : this.numbering !== 'unknown' ? this.numbering : 'relative';
		const isnThis = dir === 0 ? st.isn0 : st.isn1;
		const pureAckSeq = isnThis === undefined ? undefined : add32(isnThis, 1);
		const r = replay(tuple.bases, dir, tcp, mode, pureAckSeq);
		// a copy of the previous packet (`-i any`) is reported once and kept out of the handshake
		const duplicateOf = this.copyOf(st, record, tcp, r, findings);
		if (f && duplicateOf === undefined) {
			this.followHandshake(st, record, tcp, a, r.absAck, findings);
		}
		if (duplicateOf === undefined && st.client !== undefined && a !== st.client && r.absSeqEnd !== undefined && r.seqBaseKnown
			&& (st.serverNext === undefined || diff32(r.absSeqEnd, st.serverNext) > 0)) {
			st.serverNext = r.absSeqEnd;
		}
		// after the handshake step, so that a SYN's own packet already knows its roles and ISN
		const isnOwn = dir === 0 ? st.isn0 : st.isn1;
		const isnPeer = dir === 0 ? st.isn1 : st.isn0;
		record.tcpInfo = {
			connection: conn.index,
			fromClient: st.client === undefined ? undefined : a === st.client,
			fromFirst: a === conn.endpoints[0],
			absSeq: r.absSeq,
			absSeqEnd: r.absSeqEnd,
			absAck: r.absAck,
			seqBaseKnown: r.seqBaseKnown,
			ackBaseKnown: r.ackBaseKnown,
			relSeq: r.absSeq !== undefined && isnOwn !== undefined && r.seqBaseKnown ? sub32(r.absSeq, isnOwn) : undefined,
			relAck: r.absAck !== undefined && isnPeer !== undefined && r.ackBaseKnown ? sub32(r.absAck, isnPeer) : undefined,
		};
		if (duplicateOf !== undefined) {
			record.tcpInfo.duplicateOf = duplicateOf;
		}

		if (this.analyzer) {
			try {
				for (const x of this.analyzer.onPacket(conn, record)) {
					findings.push(x);
				}
			} catch {
				// analysis must never break reading; the packet simply gets no tcp.* findings
			}
		}
		if (this.onForget) {
			this.noteEnd(st, f, fromFirstEndpoint(st, a));
			this.forgetOld(findings);
		}
		return findings;
	}

	/** Live streams: remembers when a connection finished (reset, or FIN both ways). */
	private noteEnd(st: ConnState, f: TcpSegment['flags'], fromFirst: boolean): void {
		if (!f) {
			return;
		}
		if (st.finishedAt !== undefined) {
			if (st.awaitingLastAck && (f.rst || (f.ack && !f.fin && fromFirst !== st.lastFinFromFirst))) {
				st.awaitingLastAck = false;
				this.onClosed?.(st.conn, true);
			}
			return;
		}
		if (f.rst) {
			st.rst = true;
		}
		if (f.fin) {
			if (fromFirst) {
				st.fin0 = true;
			} else {
				st.fin1 = true;
			}
		}
		if (st.rst || (st.fin0 && st.fin1)) {
			st.finishedAt = this.packetCount;
			this.finished.push(st);
			st.awaitingLastAck = !st.rst;
			st.lastFinFromFirst = fromFirst;
			this.onClosed?.(st.conn, st.rst);
		}
	}

	/** Live streams: forgets connections finished long enough ago, and (now and then) idle ones. */
	private forgetOld(findings: Finding[]): void {
		while (this.finished.length > 0 && (this.finished[0]?.finishedAt ?? 0) + FORGET_FINISHED_AFTER < this.packetCount) {
			const st = this.finished.shift();
			if (st && this.live.get(st.conn.index) === st) {
				this.forget(st);
			}
		}
		if (this.packetCount % 4096 === 0) {
			for (const st of this.live.values()) {
				if (st.finishedAt === undefined && st.lastSeen + FORGET_IDLE_AFTER < this.packetCount) {
					const incomplete = this.incompleteFinding(st);
					if (incomplete) {
						findings.push(incomplete);
					}
					this.forget(st);
				}
			}
		}
	}

	private forget(st: ConnState): void {
		this.onForget?.(st.conn);
		this.live.delete(st.conn.index);
		const [a, b] = st.conn.endpoints;
		const key = st.conn.endpointKey;
		const low = key === undefined ? (a < b ? a : b) : `${key} ${a < b ? a : b}`;
		const peers = this.tuples.get(low);
		if (peers?.get(a < b ? b : a)?.current === st) {
			peers.delete(a < b ? b : a);
			if (peers.size === 0) {
				this.tuples.delete(low);
			}
		}
		this.analyzer?.forget?.(st.conn.index);
	}

	/** The capture ended: handshakes still open are incomplete. */
	finish(): Finding[] {
		const findings: Finding[] = [];
		for (const st of this.live.values()) {
			const incomplete = this.incompleteFinding(st);
			if (incomplete) {
				findings.push(incomplete);
			}
		}
		if (this.analyzer) {
			try {
				findings.push(...this.analyzer.finish());
			} catch {
				// see add()
			}
		}
		return findings;
	}

	/** `handshake.incomplete` for a connection whose handshake started and never completed. */
	private incompleteFinding(st: ConnState): Finding | undefined {
		const hs = st.conn.handshake;
		if (!st.firstSyn || hs.state === 'complete' || hs.state === 'refused' || hs.state === 'simultaneous' || hs.state === 'none') {
			return undefined;
		}
		let missing: string;
		if (!st.synAck) {
			missing = hs.syns.length > 1 ? `no SYN-ACK after ${hs.syns.length} SYNs` : 'no SYN-ACK after 1 SYN';
		} else if (!st.synAckValid) {
			missing = 'the SYN-ACK did not acknowledge the SYN' + (st.clientReset ? ', and the client reset the connection' : '');
		} else if (st.finalAckSeen) {
			missing = 'the final ACK did not acknowledge the SYN-ACK';
		} else {
			missing = 'no final ACK from the client';
		}
		const last = st.lastHandshakePacket ?? st.firstSyn;
		const gap = this.lastTime !== undefined && last.time !== undefined ? this.lastTime - last.time : undefined;
		const age = gap !== undefined && gap > 0 ? ` (the last handshake packet is ${formatSeconds(gap)} before the end of the text)` : '';
		hs.problem ??= missing;
		hs.state = hs.state === 'ack-mismatch' ? 'ack-mismatch' : 'incomplete';
		const related: RelatedLocation[] = last.index !== st.firstSyn.index ? [{ span: last.span, message: 'the last packet of the handshake' }] : [];
		return this.finding('handshake.incomplete', { index: st.firstSyn.index }, st.firstSyn.span, st.conn.index,
			`Handshake ${st.conn.client} → ${st.conn.server} never completed: ${missing}${age}.`,
			related);
	}

	private newConnection(a: string, b: string, tupleFirst: string, endpointKey: string | undefined): ConnState {
		const index = this.connectionCount++;
		const handshake: HandshakeDraft = {
			state: 'none', syn: undefined, synAck: undefined, ack: undefined, rst: undefined, syns: [], synAcks: [],
			clientIsn: undefined, serverIsn: undefined, clientMss: undefined, serverMss: undefined,
			clientWscale: undefined, serverWscale: undefined, clientSackOk: false, serverSackOk: false,
			clientTimestamps: false, serverTimestamps: false, synDataLength: 0,
			rttMs: undefined, synToSynAckMs: undefined, synAckToAckMs: undefined, problem: undefined,
		};
		const conn = { index, endpoints: [a, b] as [string, string], client: undefined, server: undefined, packets: [], numbering: 'unknown' as Numbering, handshake, ...(endpointKey === undefined ? {} : { endpointKey }) };
		const st: ConnState = {
			conn, client: undefined, firstSyn: undefined, lastSyn: undefined, serverSyn: undefined, synAck: undefined, lastSynAck: undefined,
			clientSynAck: undefined, finalAckSeen: false, synAckValid: false, serverNext: undefined, clientReset: false,
			lastSeen: this.packetCount, fin0: false, fin1: false, rst: false, finishedAt: undefined, awaitingLastAck: false, lastFinFromFirst: false, lastHandshakePacket: undefined, tupleFirst, isn0: undefined, isn1: undefined,
			side0: { before: undefined, synAckIsn: undefined, synAckSpan: undefined },
			side1: { before: undefined, synAckIsn: undefined, synAckSpan: undefined },
			lastOriginal: undefined,
		};
		if (!this.onForget) {
			this.connections.push(conn);
		}
		this.live.set(index, st);
		return st;
	}

	/** A bare SYN from `src` with `isn` on a tuple whose current connection is `st`: new connection? */
	private startsNewConnection(st: ConnState, src: string, isn: number): boolean {
		const hs = st.conn.handshake;
		if (st.client === undefined) {
			return true; // the 4-tuple was seen mid-stream; a SYN opens a new connection
		}
		if (src === st.client) {
			return hs.clientIsn !== isn;
		}
		// from the server: a simultaneous open (its own SYN), unless the handshake went further
		if (st.serverSyn) {
			return hs.serverIsn !== isn;
		}
		return st.synAck !== undefined || st.finalAckSeen;
	}

	private followHandshake(st: ConnState, record: PacketRecord, tcp: TcpSegment, src: string, absAck: number | undefined, findings: Finding[]): void {
		const f = tcp.flags;
		const hs = st.conn.handshake;
		const conn = st.conn;
		if (!f) {
			return;
		}
		const ref = (span: Span): PacketRef => ({ index: record.index, line: record.line, time: record.time, span });
		const flagsSpan = f.span;
		if (!f.syn) {
			const side = this.sideOf(st, src);
			side.before ??= { line: record.line, seq: tcp.seq?.start, span: flagsSpan };
		}
		if (f.syn && !f.ack) {
			const isn = tcp.seq?.start;
			if (isn === undefined) {
				return;
			}
			const seqRef = ref(tcp.seq?.span ?? flagsSpan);
			if (st.client === undefined) {
				st.client = src;
				conn.client = src;
				conn.server = otherEndpoint(conn, src);
				this.setIsn(st, src, isn);
				hs.clientIsn = isn;
				hs.syn = record.index;
				hs.syns.push(record.index);
				hs.clientMss = tcp.mss;
				hs.clientWscale = windowShift(tcp.wscale);
				hs.clientSackOk = tcp.sackOk;
				hs.clientTimestamps = tcp.tsVal !== undefined;
				hs.synDataLength = tcp.length ?? 0;
				hs.state = 'incomplete';
				st.firstSyn = seqRef;
				st.lastSyn = seqRef;
				st.lastHandshakePacket = seqRef;
			} else if (src === st.client && !st.firstSyn && st.synAck && hs.clientIsn === isn) {
				// the SYN captured after its own SYN-ACK (reordered in the capture, not a retransmission):
				// a complete handshake whose packets were captured out of order
				hs.syn = record.index;
				hs.syns.push(record.index);
				hs.clientMss = tcp.mss;
				hs.clientWscale = tcp.wscale;
				hs.clientSackOk = tcp.sackOk;
				hs.clientTimestamps = tcp.tsVal !== undefined;
				hs.synDataLength = tcp.length ?? 0;
				hs.state = 'incomplete';
				hs.capturedOutOfOrder = true;
				st.firstSyn = seqRef;
				st.lastSyn = seqRef;
				st.lastHandshakePacket = seqRef;
			} else if (src === st.client) {
				// same ISN (a new ISN was split off as port reuse before we got here)
				hs.syns.push(record.index);
				const first = st.firstSyn;
				const gap = first?.time !== undefined && record.time !== undefined ? record.time - first.time : undefined;
				findings.push(this.finding('handshake.syn-retransmission', record, seqRef.span, conn.index,
					`SYN sent again with the same ISN ${isn} (attempt ${hs.syns.length}` +
					(gap !== undefined ? `, ${formatSeconds(gap)} after the first` : '') +
					`): no SYN-ACK arrived in time${hs.syns.length === 2 && gap !== undefined && gap > 0.5 && gap < 1.5 ? ' (the first retransmission after ~1 s is the initial RTO, RFC 6298 §2)' : ''}.`,
					first ? [{ span: first.span, message: 'the first SYN' }] : []));
				st.lastSyn = seqRef;
				st.lastHandshakePacket = seqRef;
			} else if (!st.serverSyn && !st.synAck) {
				// simultaneous open: both sides sent a bare SYN (RFC 9293 §3.5)
				st.serverSyn = seqRef;
				this.setIsn(st, src, isn);
				hs.serverIsn = isn;
				hs.serverMss = tcp.mss;
				hs.serverWscale = windowShift(tcp.wscale);
				hs.serverSackOk = tcp.sackOk;
				hs.serverTimestamps = tcp.tsVal !== undefined;
				st.lastHandshakePacket = seqRef;
			} else if (st.serverSyn) {
				findings.push(this.finding('handshake.syn-retransmission', record, seqRef.span, conn.index,
					`SYN sent again with the same ISN ${isn} (simultaneous open).`, [{ span: st.serverSyn.span, message: 'the first SYN from this side' }]));
			}
			return;
		}
		if (f.syn && f.ack) {
			const seq = tcp.seq?.start;
			const ack = tcp.ack;
			if (seq === undefined || !ack) {
				return;
			}
			this.checkSynAckReuse(st, record, tcp, src, seq, findings);
			const ackRef = ref(ack.span);
			if (st.client === undefined) {
				// SYN not captured: the SYN-ACK shows the roles and both ISNs
				st.client = tcp.dst.text;
				conn.client = tcp.dst.text;
				conn.server = src;
				this.setIsn(st, src, seq);
				this.setIsn(st, tcp.dst.text, sub32(ack.value, 1));
				hs.serverIsn = seq;
				hs.clientIsn = sub32(ack.value, 1);
				hs.synAck = record.index;
				hs.synAcks.push(record.index);
				this.takeServerOptions(hs, tcp);
				st.synAck = ackRef;
				st.lastSynAck = ackRef;
				st.synAckValid = true;
				st.lastHandshakePacket = ackRef;
				return;
			}
			if (src === st.client) {
				if (st.serverSyn && !st.clientSynAck) {
					// the client's half of a simultaneous open
					st.clientSynAck = ackRef;
					st.lastHandshakePacket = ackRef;
					this.checkSynAckAck(st, record, tcp, 'server', findings);
					this.settleSimultaneous(st, record);
				}
				return;
			}
			// from the server
			if (st.synAck && hs.serverIsn === seq) {
				hs.synAcks.push(record.index);
				findings.push(this.finding('handshake.syn-retransmission', record, tcp.seq?.span ?? flagsSpan, conn.index,
					`SYN-ACK sent again with the same ISN ${seq} (attempt ${hs.synAcks.length}): the server got no final ACK in time, or the client's SYN was retransmitted.`,
					[{ span: st.synAck.span, message: 'the first SYN-ACK' }]));
				st.lastSynAck = ackRef;
				st.lastHandshakePacket = ackRef;
				return;
			}
			if (st.synAck) {
				return; // a second SYN-ACK with another ISN: leave it to tcp.* analysis
			}
			if (hs.state === 'refused') {
				// a SYN-ACK after the reset that refused the SYN (the client tried again, or the reset
				// was injected): the handshake is open again
				hs.state = 'incomplete';
				hs.rst = undefined;
				hs.problem = undefined;
			}
			this.setIsn(st, src, seq);
			hs.serverIsn = seq;
			hs.synAck = record.index;
			hs.synAcks.push(record.index);
			if (!st.serverSyn) {
				this.takeServerOptions(hs, tcp);
			}
			st.synAck = ackRef;
			st.lastSynAck = ackRef;
			st.lastHandshakePacket = ackRef;
			st.synAckValid = this.checkSynAckAck(st, record, tcp, 'client', findings);
			if (st.serverSyn) {
				this.settleSimultaneous(st, record);
			}
			return;
		}
		if (f.rst && src === st.client && st.synAck && !st.finalAckSeen && !st.synAckValid) {
			// RFC 9293 §3.10.7.3: a client answers an unacceptable SYN-ACK with RST seq = its ack
			st.lastHandshakePacket = ref(flagsSpan);
			st.clientReset = true;
			return;
		}
		if (f.rst && st.firstSyn && !st.synAck && src !== st.client && hs.state === 'incomplete' && this.refusesSyn(st, tcp, absAck)) {
			hs.state = 'refused';
			hs.rst = record.index;
			hs.problem = 'refused (RST)';
			const ackText = tcp.ack ? `, ack ${tcp.ack.value}` : '';
			findings.push(this.finding('handshake.refused', record, flagsSpan, conn.index,
				`Connection refused: ${src} answered the SYN (ISN ${hs.clientIsn}) with a reset (Flags [${f.text}]${ackText}). Nothing listens on port ${tcp.src.port}, or a firewall rejected it.`,
				st.firstSyn ? [{ span: st.firstSyn.span, message: 'the refused SYN' }] : []));
			st.lastHandshakePacket = ref(flagsSpan);
			return;
		}
		if (f.ack && !f.syn && src === st.client && st.synAck && !st.finalAckSeen && !st.serverSyn) {
			st.finalAckSeen = true;
			hs.ack = record.index;
			const ack = tcp.ack;
			if (!ack || absAck === undefined || hs.serverIsn === undefined) {
				return;
			}
			st.lastHandshakePacket = ref(ack.span);
			const expected = add32(hs.serverIsn, 1);
			// ISN + 1, or more when the server already sent data (TCP Fast Open answers at once)
			const acceptable = absAck === expected
				|| (st.serverNext !== undefined && diff32(absAck, expected) > 0 && diff32(absAck, st.serverNext) <= 0);
			if (!acceptable) {
				const printedRelative = conn.numbering !== 'absolute' && ack.value !== absAck;
				const shown = printedRelative ? `ack ${ack.value} (absolute ${absAck})` : `ack ${ack.value}`;
				const problem = `final ACK acks ${absAck}, expected ${expected}`;
				if (hs.state !== 'ack-mismatch') {
					hs.state = 'ack-mismatch';
					hs.problem = problem;
				}
				findings.push(this.finding('handshake.ack-mismatch', record, ack.span, conn.index,
					`${shown} should be server ISN ${hs.serverIsn} + 1 = ${expected}` +
					(printedRelative ? ' (printed relative: 1)' : '') + ': the handshake is not complete.',
					[{ span: st.synAck.span, message: `the SYN-ACK (server ISN ${hs.serverIsn})` }]));
				return;
			}
			if (hs.state === 'incomplete' && st.synAckValid) {
				hs.state = 'complete';
				this.setRtt(hs, st, record.time);
			}
		}
	}

	/**
	 * A reset from the server refuses the SYN only if the client in SYN-SENT accepts it: with the
	 * ACK bit, its ack must be ISN + 1 (+ the SYN's data); otherwise the client drops it and waits on
	 * (RFC 9293 §3.10.7.3). `seq 0, ack ISN` (zeek's rst-inject-rae) is such an unacceptable reset.
	 */
	private refusesSyn(st: ConnState, tcp: TcpSegment, absAck: number | undefined): boolean {
		const isn = st.conn.handshake.clientIsn;
		if (!tcp.flags?.ack || absAck === undefined || isn === undefined) {
			return true;
		}
		return absAck === add32(isn, 1) || absAck === add32(isn, 1 + st.conn.handshake.synDataLength);
	}

	/** A tuple of the same endpoints under another link key in which only the other direction was seen. */
	private otherKeyed(a: string, b: string, key: string | undefined): TupleState | undefined {
		const list = this.keyedPairs.get(pairOf(a, b)) ?? this.unkeyedAsList(a, b);
		for (const t of list) {
			if (t.key !== key && t.senders.size === 1 && ![...t.senders].some(x => x.endsWith(`|${a}`))) {
				return t;
			}
		}
		return undefined;
	}

	private unkeyedAsList(a: string, b: string): TupleState[] {
		const t = this.tuples.get(a < b ? a : b)?.get(a < b ? b : a);
		return t ? [t] : [];
	}

	private sideOf(st: ConnState, src: string): SideState {
		return src === st.tupleFirst ? st.side0 : st.side1;
	}

	/**
	 * A SYN-ACK whose ISN differs from the one this side used before on the same ports (its earlier
	 * SYN-ACK, or any earlier packet: a challenge ACK or a reset to a stale connection): a new
	 * incarnation of the connection, `tcp.reused-ports` (tshark 4.0 flags it too, without a new
	 * stream). A repeated SYN-ACK with the same ISN is a retransmission, not reuse.
	 */
	private checkSynAckReuse(st: ConnState, record: PacketRecord, tcp: TcpSegment, src: string, seq: number, findings: Finding[]): void {
		const side = this.sideOf(st, src);
		const lastIsn = side.synAckIsn;
		const before = side.before;
		side.synAckIsn = seq;
		let why: string | undefined;
		let related: RelatedLocation[] = [];
		if (lastIsn !== undefined) {
			if (lastIsn !== seq && side.synAckSpan) {
				why = `an earlier SYN-ACK from ${src} on these ports had ISN ${lastIsn} (line ${side.synAckSpan.line + 1})`;
				related = [{ span: side.synAckSpan, message: `the earlier SYN-ACK (ISN ${lastIsn})` }];
			}
		} else if (before && before.seq !== seq) {
			why = `${src} had already sent a packet on these ports without a SYN (line ${before.line + 1}: a challenge ACK or a reset to an older connection)`;
			related = [{ span: before.span, message: 'the earlier packet from this side' }];
		}
		side.synAckSpan = tcp.seq?.span ?? side.synAckSpan;
		if (why && tcp.seq) {
			findings.push(this.finding('tcp.reused-ports', record, tcp.seq.span, st.conn.index,
				`SYN-ACK with ISN ${seq}, but ${why}: the port pair is used by a new connection.`, related));
		}
	}

	/**
	 * `capture.duplicate-packet`: this line repeats the connection's previous packet (same header,
	 * absolute numbers, TCP timestamps) within COPY_WINDOW_S, seen on another interface or in the
	 * other direction of `-i any` (`lo Out`, then `lo In`). Returns the first copy's packet index.
	 * Lines without an interface or direction (not `-i any`) are never taken as copies.
	 */
	private copyOf(st: ConnState, record: PacketRecord, tcp: TcpSegment, r: { absSeq: number | undefined; absSeqEnd: number | undefined; absAck: number | undefined }, findings: Finding[]): number | undefined {
		if (record.interfaceName === undefined && record.direction === undefined) {
			st.lastOriginal = undefined; // not -i any: neither a copy nor the original of one (and nothing allocated)
			return undefined;
		}
		const here: CopySignature = {
			ref: { index: record.index, line: record.line, time: record.time, span: tcp.flags?.span ?? tcp.src.span },
			src: tcp.src.text, flags: tcp.flags?.text ?? '', absSeq: r.absSeq, absSeqEnd: r.absSeqEnd, absAck: r.absAck,
			win: tcp.win?.value, length: tcp.length, tsVal: tcp.tsVal, tsEcr: tcp.tsEcr, options: tcp.options.length,
			sackBlocks: tcp.sack?.length ?? 0, interfaceName: record.interfaceName, direction: record.direction,
		};
		const prev = st.lastOriginal;
		const seenOnAny = (x: CopySignature) => x.interfaceName !== undefined || x.direction !== undefined;
		const gap = prev?.ref.time !== undefined && record.time !== undefined ? record.time - prev.ref.time : undefined;
		const same = prev !== undefined && seenOnAny(prev) && seenOnAny(here)
			&& (prev.interfaceName !== here.interfaceName || prev.direction !== here.direction)
			&& (gap === undefined || (gap >= 0 && gap <= COPY_WINDOW_S))
			&& prev.src === here.src && prev.flags === here.flags && prev.absSeq === here.absSeq && prev.absSeqEnd === here.absSeqEnd
			&& prev.absAck === here.absAck && prev.win === here.win && prev.length === here.length && prev.tsVal === here.tsVal
			&& prev.tsEcr === here.tsEcr && prev.options === here.options && prev.sackBlocks === here.sackBlocks;
		if (!same || !prev) {
			st.lastOriginal = here;
			return undefined;
		}
		const where = (x: CopySignature) => [x.interfaceName, x.direction].filter((v) => v !== undefined && v !== '').join(' ') || '?';
		// epoch stamps (-tt) as doubles carry ~0.2 µs of noise; tcpdump prints whole µs
		const when = gap === undefined ? 'no timestamps to compare' : `${formatSeconds(Math.round(gap * 1e6) / 1e6)} later`;
		findings.push(this.finding('capture.duplicate-packet', record, here.ref.span, st.conn.index,
			`The same segment as line ${prev.ref.line + 1} (${where(prev)}), seen again on ${where(here)} (${when}): one packet captured twice (tcpdump -i any sees it on each interface or direction it passes), not a retransmission.`,
			[{ span: prev.ref.span, message: `the first copy (${where(prev)})` }]));
		return prev.ref.index;
	}

	/** Checks a SYN-ACK's ack against the peer's ISN + 1 (+ SYN data). */
	private checkSynAckAck(st: ConnState, record: PacketRecord, tcp: TcpSegment, peer: 'client' | 'server', findings: Finding[]): boolean {
		const hs = st.conn.handshake;
		const ack = tcp.ack;
		const peerIsn = peer === 'client' ? hs.clientIsn : hs.serverIsn;
		if (!ack || peerIsn === undefined) {
			return false;
		}
		const expected = add32(peerIsn, 1);
		const dataLength = peer === 'client' ? hs.synDataLength : 0;
		const withData = add32(expected, dataLength);
		if (ack.value === expected || ack.value === withData) {
			return true;
		}
		const synRef = peer === 'client' ? st.firstSyn : st.serverSyn;
		const problem = `SYN-ACK acks ${ack.value}, expected ${expected}`;
		hs.state = 'ack-mismatch';
		hs.problem ??= problem;
		findings.push(this.finding('handshake.synack-ack-mismatch', record, ack.span, st.conn.index,
			`ack ${ack.value} should be ${peer} ISN ${peerIsn} + 1 = ${expected}` +
			(dataLength > 0 ? ` (or ${withData} to accept the SYN's ${dataLength} data bytes)` : '') +
			`: this SYN-ACK does not acknowledge the SYN${ack.value === withData ? '' : ` (off by ${ack.value - expected})`}.`,
			synRef ? [{ span: synRef.span, message: `the SYN (${peer} ISN ${peerIsn})` }] : []));
		return false;
	}

	private settleSimultaneous(st: ConnState, record: PacketRecord): void {
		const hs = st.conn.handshake;
		if (st.synAck && st.clientSynAck && hs.state !== 'ack-mismatch') {
			st.synAckValid = true;
			hs.state = 'simultaneous';
			const first = st.lastSyn;
			if (first?.time !== undefined && record.time !== undefined) {
				hs.rttMs = (record.time - first.time) * 1000;
			}
		}
	}

	private takeServerOptions(hs: HandshakeDraft, tcp: TcpSegment): void {
		hs.serverMss = tcp.mss;
		hs.serverWscale = windowShift(tcp.wscale);
		hs.serverSackOk = tcp.sackOk;
		hs.serverTimestamps = tcp.tsVal !== undefined;
	}

	private setIsn(st: ConnState, endpoint: string, isn: number): void {
		if (endpoint === st.tupleFirst) {
			st.isn0 = isn;
		} else {
			st.isn1 = isn;
		}
	}

	private setRtt(hs: HandshakeDraft, st: ConnState, ackTime: number | undefined): void {
		const syn = st.lastSyn?.time;
		const synAck = st.lastSynAck?.time;
		if (syn === undefined || ackTime === undefined) {
			return;
		}
		hs.rttMs = (ackTime - syn) * 1000;
		if (synAck !== undefined) {
			hs.synToSynAckMs = (synAck - syn) * 1000;
			hs.synAckToAckMs = (ackTime - synAck) * 1000;
		}
	}

	private finding(code: FindingCode, record: { index: number }, span: Span, connection: number, message: string, related: RelatedLocation[]): Finding {
		return {
			code, severity: FINDINGS[code].severity, span, packet: record.index, connection, message, related,
			certainty: 'certain', alternatives: [],
		};
	}
}

function pairOf(a: string, b: string): string {
	return a < b ? `${a} ${b}` : `${b} ${a}`;
}

function fromFirstEndpoint(st: ConnState, src: string): boolean {
	return src === st.conn.endpoints[0];
}

function otherEndpoint(conn: Connection, endpoint: string): string {
	return conn.endpoints[0] === endpoint ? conn.endpoints[1] : conn.endpoints[0];
}

/** Moved to explain/duration.ts (the one duration format); re-exported for existing callers. */
export { formatSeconds };
