/**
 * The core's data model. Pure data: no `vscode`, no Node built-ins.
 *
 * Positions are LSP-shaped and 0-based (`line`, `character` in UTF-16 code units), so the VS Code
 * adapter converts one-to-one and the CLI prints `line + 1`.
 */

/** A place in the document, 0-based. */
export interface Position {
	readonly line: number;
	readonly character: number;
}

/** A half-open range `[start, end)`. */
export interface Range {
	readonly start: Position;
	readonly end: Position;
}

/**
 * A token's place on one line: 0-based line and half-open column range `[start, end)`.
 * One small object per token keeps the parser's allocations low; `spanToRange` makes a Range.
 */
export interface Span {
	readonly line: number;
	readonly start: number;
	readonly end: number;
}

export function spanToRange(span: Span): Range {
	return { start: { line: span.line, character: span.start }, end: { line: span.line, character: span.end } };
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/**
 * How tcpdump printed the time (`-t…-ttttt`):
 * - `time`: default `17:16:09.924505` (local time of day, no date)
 * - `datetime`: `-tttt` `2014-12-09 17:16:09.924505`
 * - `epoch`: `-tt` `1418145369.924505`
 * - `delta`: `-ttt` / `-ttttt` ` 00:00:00.127522` (since the previous / the first packet; the capture decides which)
 */
export type TimestampForm = 'time' | 'datetime' | 'epoch' | 'delta';

export interface Timestamp {
	readonly span: Span;
	readonly form: TimestampForm;
	/** Seconds as printed: since midnight (`time`), since the Unix epoch (`datetime` read as UTC, `epoch`), or the delta (`delta`, negative for `-`). */
	readonly seconds: number;
}

export type Protocol = 'tcp' | 'udp' | 'icmp' | 'arp' | 'ip' | 'other';

export type Direction = 'In' | 'Out' | 'B' | 'M' | 'P';

/** `address.port` as tcpdump prints it; split at the LAST dot. */
export interface Endpoint {
	/** The whole token, e.g. `192.168.1.12.1051`, `2001:db8::1.443`, `host.example.com.https`. */
	readonly text: string;
	readonly address: string;
	readonly port: string;
	readonly span: Span;
	readonly addressSpan: Span;
	readonly portSpan: Span;
}

export interface TcpFlags {
	/** The letters as printed: `S.` (modern, inside `Flags [..]`), `S` or `.` (3.x style), `none`. */
	readonly text: string;
	/** The letters (without brackets). */
	readonly span: Span;
	readonly syn: boolean;
	readonly fin: boolean;
	readonly rst: boolean;
	readonly psh: boolean;
	/** Modern style: the `.` letter. 3.x style: implied by an `ack` field. */
	readonly ack: boolean;
	readonly urg: boolean;
	readonly ece: boolean;
	readonly cwr: boolean;
	/** AccECN `e` (tcpdump ≥ 4.99.7). */
	readonly ae: boolean;
}

/** A printed number and where it is. */
export interface NumberField {
	readonly value: number;
	/** The number itself (not the keyword). */
	readonly span: Span;
}

/** `seq S` or `seq S:E` (modern), `S:E(L)` (3.x). Values as printed (relative or absolute). */
export interface SeqField {
	readonly start: number;
	/** End, exclusive; present when tcpdump printed a range. */
	readonly end: number | undefined;
	/** The whole `S` or `S:E` token (3.x: `S:E(L)`). */
	readonly span: Span;
}

export type TcpOptionKind =
	| 'mss' | 'wscale' | 'sackOK' | 'sack' | 'TS' | 'nop' | 'eol' | 'tfo' | 'exp-tfo' | 'mptcp' | 'md5'
	| 'tcp-ao' | 'uto' | 'unknown' | 'other';

export interface TcpOption {
	readonly kind: TcpOptionKind;
	/** The option's text, e.g. `mss 1460`, `TS val 1131021154 ecr 0`, `sack 1 {5282:5283}`. */
	readonly text: string;
	readonly span: Span;
}

export interface SackBlock {
	/** Printed left edge (relativised like seq, unless `-S`). */
	readonly left: number;
	/** Printed right edge: the first byte after the block. */
	readonly right: number;
}

/** What the TCP part of one packet line says. */
export interface TcpSegment {
	/** `modern`: `Flags [S.], seq …`; `old`: tcpdump 3.x `S 1:1(0) ack 2 win 3 <mss 1460>`; `quiet`: `-q` `tcp 0`. */
	readonly style: 'modern' | 'old' | 'quiet';
	/** The line holding the TCP part (the second line of an IPv4 `-v` packet). */
	readonly line: number;
	readonly src: Endpoint;
	readonly dst: Endpoint;
	/** Absent only in `-q` output and when the header was cut before the flags. */
	readonly flags: TcpFlags | undefined;
	readonly seq: SeqField | undefined;
	readonly ack: NumberField | undefined;
	readonly win: NumberField | undefined;
	readonly urg: NumberField | undefined;
	readonly options: readonly TcpOption[];
	/** The whole option list including its brackets (`options [..]` or `<..>`). */
	readonly optionsSpan: Span | undefined;
	readonly mss: number | undefined;
	readonly wscale: number | undefined;
	readonly sackOk: boolean;
	readonly tsVal: number | undefined;
	readonly tsEcr: number | undefined;
	readonly sack: readonly SackBlock[] | undefined;
	readonly tfo: boolean;
	/** Payload bytes (`length L`, 3.x `(L)`, `-q` `tcp L`); undefined when the line was cut before it. */
	readonly length: number | undefined;
	readonly lengthSpan: Span | undefined;
	/** `[|tcp]`, `[bad opt]`, `bad hdr length`, … : parsed as far as it goes. */
	readonly truncated: boolean;
	/** tcpdump ≤ 3.7 printed the IPv4 don't-fragment bit as ` (DF)` after the TCP part. */
	readonly dfSpan?: Span;
}

/** One packet: its first line plus any continuation lines (hex, ASCII, `-v` decode). */
export interface PacketRecord {
	/** Position in `Capture.packets`. */
	readonly index: number;
	/** 0-based line of the packet line (for IPv4 `-v`, the `IP (tos …)` header line). */
	readonly line: number;
	/** 0-based last line of the record, continuation lines included. Updated while reading. */
	lastLine: number;
	readonly protocol: Protocol;
	readonly packetNumber: number | undefined;
	readonly packetNumberSpan: Span | undefined;
	readonly timestamp: Timestamp | undefined;
	/**
	 * Seconds on one clock for the whole capture, or undefined without timestamps (`-t`).
	 * Set by the capture reader: `-ttt` deltas are summed; a `time` going backwards crosses midnight.
	 */
	time: number | undefined;
	readonly interfaceName: string | undefined;
	readonly direction: Direction | undefined;
	/** Where `-i any` printed the interface name and the direction. */
	readonly interfaceSpan?: Span;
	readonly directionSpan?: Span;
	/** The `-v` IP header in parentheses (`(tos 0x0, ttl 64, …, length 60)`, `(hlim 64, next-header TCP (6) …)`), and its text. */
	readonly ipHeaderSpan?: Span;
	readonly ipHeaderText?: string;
	readonly tcp: TcpSegment | undefined;
	/**
	 * TCP headers quoted inside this packet (an ICMP error's copy of the segment it refused, `-v`):
	 * shown and explained, never analysed as traffic.
	 */
	readonly quotedTcp?: readonly TcpSegment[];
	/**
	 * `IP truncated-ip - N bytes missing!` (or `truncated-ip6`): the IP header claims N bytes more
	 * than the layer below carried, so the TCP `length` printed counts bytes that were not in this
	 * frame. `inTunnel`: the IP packet is inside an outer IP one (GRE, ERSPAN, VXLAN), whose other
	 * fragments may carry them; otherwise (Ethernet, VLAN, PPPoE) the link layer's payload ended before
	 * them (a PPPoE length shorter than the IP length).
	 */
	readonly ipTruncated?: IpTruncation;
	/**
	 * What the text shows besides the addresses that tells this packet's connection apart: VLAN tags
	 * (`-e`: `vlan 10`, QinQ `vlan 10 vlan 20`) and the VXLAN VNI of the outer line (`vni 4711`).
	 */
	readonly linkKey?: string;
	/** Set by connection tracking for TCP packets. */
	tcpInfo: TcpPacketInfo | undefined;
}

/** See `PacketRecord.ipTruncated`. */
export interface IpTruncation {
	readonly missing: number;
	readonly inTunnel: boolean;
	/** Where `truncated-ip - N bytes missing!` is printed. */
	readonly span: Span;
}

/** What connection tracking learned about one TCP packet. */
export interface TcpPacketInfo {
	/** Index into the connection list. */
	readonly connection: number;
	/** True when this packet goes client → server; undefined when roles are unknown (mid-stream). */
	readonly fromClient: boolean | undefined;
	/** True when it goes from the connection's first-seen endpoint (`Connection.endpoints[0]`). */
	readonly fromFirst: boolean;
	/** Absolute sequence number (start), when printed and recoverable. */
	absSeq: number | undefined;
	/** Absolute end (exclusive) when a range was printed. */
	absSeqEnd: number | undefined;
	/** Absolute ack, when printed and recoverable. */
	absAck: number | undefined;
	/**
	 * False when tcpdump printed this direction's numbers relative to a base the text never showed
	 * (a capture starting mid-stream with a pure ACK): `absSeq` is then only consistent with the
	 * peer's `absAck`, not the true absolute value.
	 */
	seqBaseKnown: boolean;
	/** The same for `absAck`: false when the peer's numbers are relative to a base the text never showed. */
	ackBaseKnown?: boolean;
	/** Relative seq (from this direction's ISN + 0: ISN+1 is 1), when the ISN is known. */
	relSeq: number | undefined;
	/** Relative ack (against the peer's ISN), when known. */
	relAck: number | undefined;
	/**
	 * Index of the packet this one repeats, when it is the same segment captured twice (`-i any`:
	 * `lo Out` then `lo In`, or two interfaces). Analysis skips such a copy.
	 */
	duplicateOf?: number;
}

export type HandshakeState = 'complete' | 'incomplete' | 'refused' | 'ack-mismatch' | 'simultaneous' | 'none';

export interface Handshake {
	readonly state: HandshakeState;
	/** Packet indices (into `Capture.packets`). */
	readonly syn: number | undefined;
	readonly synAck: number | undefined;
	readonly ack: number | undefined;
	/** The RST that refused the SYN. */
	readonly rst: number | undefined;
	/** Every SYN (no ACK) of this attempt, the first one first. */
	readonly syns: readonly number[];
	readonly synAcks: readonly number[];
	readonly clientIsn: number | undefined;
	readonly serverIsn: number | undefined;
	readonly clientMss: number | undefined;
	readonly serverMss: number | undefined;
	readonly clientWscale: number | undefined;
	readonly serverWscale: number | undefined;
	readonly clientSackOk: boolean;
	readonly serverSackOk: boolean;
	readonly clientTimestamps: boolean;
	readonly serverTimestamps: boolean;
	/** Bytes of data carried by the SYN (TCP Fast Open). */
	readonly synDataLength: number;
	/** Wireshark's iRTT: the most recent SYN → the ACK completing the handshake; valid handshakes with times only. */
	readonly rttMs: number | undefined;
	/** The most recent SYN → the SYN-ACK. */
	readonly synToSynAckMs: number | undefined;
	/** The SYN-ACK → the final ACK. */
	readonly synAckToAckMs: number | undefined;
	/** The SYN was captured after its SYN-ACK (the capture reordered them; the handshake is still valid). */
	readonly capturedOutOfOrder?: boolean;
	/** What went wrong, in words with the numbers (`SYN-ACK acks 1005, expected 1001`). */
	readonly problem: string | undefined;
}

/** How tcpdump printed this connection's seq/ack numbers. */
export type Numbering = 'relative' | 'absolute' | 'unknown';

export interface Connection {
	readonly index: number;
	/** Both endpoints in tcpdump's spelling, the first-seen packet's source first. */
	readonly endpoints: readonly [string, string];
	/**
	 * What else the text shows that tells this connection from another with the same endpoints:
	 * the VLAN tags (`-e`: `vlan 10`, QinQ `vlan 100 vlan 10`) or the VXLAN VNI of the outer line.
	 * Undefined when the text shows none.
	 */
	readonly endpointKey?: string;
	/** The SYN's sender; undefined when roles are unknown. */
	readonly client: string | undefined;
	readonly server: string | undefined;
	/** Packet indices in order. */
	readonly packets: number[];
	numbering: Numbering;
	handshake: Handshake;
}

export type FindingCode =
	| 'handshake.synack-ack-mismatch'
	| 'handshake.ack-mismatch'
	| 'handshake.incomplete'
	| 'handshake.refused'
	| 'handshake.syn-retransmission'
	| 'tcp.retransmission'
	| 'tcp.fast-retransmission'
	| 'tcp.spurious-retransmission'
	| 'tcp.out-of-order'
	| 'tcp.lost-segment'
	| 'tcp.ack-lost-segment'
	| 'tcp.duplicate-ack'
	| 'tcp.zero-window'
	| 'tcp.zero-window-probe'
	| 'tcp.zero-window-probe-ack'
	| 'tcp.window-full'
	| 'tcp.window-update'
	| 'tcp.keep-alive'
	| 'tcp.keep-alive-ack'
	| 'tcp.reused-ports'
	| 'tcp.window-shrunk'
	| 'tcp.window-scale-invalid'
	| 'capture.duplicate-packet'
	| 'capture.truncated-ip';

export interface RelatedLocation {
	readonly span: Span;
	readonly message: string;
}

export interface Finding {
	readonly code: FindingCode;
	readonly severity: Severity;
	/** The token that proves it (`ack 1005`, `win 0`, `seq 101:201`). */
	readonly span: Span;
	/** Packet index the finding is on. */
	readonly packet: number;
	readonly connection: number | undefined;
	/** With this packet's own numbers. */
	readonly message: string;
	readonly related: readonly RelatedLocation[];
	readonly certainty: 'certain' | 'ambiguous';
	/** Other codes the text cannot rule out (ambiguous findings). */
	readonly alternatives: readonly FindingCode[];
}

/** A line that looked like a TCP packet line but could not be read. */
export interface UnreadableLine {
	readonly line: number;
	readonly reason: string;
}
