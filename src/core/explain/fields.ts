/**
 * General explanations of the fields of a tcpdump TCP line, as data. The hover builder adds this
 * packet's own numbers around them.
 */
import type { Direction, TimestampForm } from '../types';

export type FieldKind =
	| 'packetNumber' | 'timestamp' | 'address' | 'port' | 'flags' | 'seq' | 'ack' | 'win' | 'urg'
	| 'options' | 'length' | 'interface' | 'direction' | 'df' | 'ipHeader';

export interface FieldInfo {
	readonly name: string;
	readonly summary: string;
}

export const FIELDS = {
	packetNumber: { name: 'Packet number', summary: 'tcpdump -# numbers the packets it read, from 1. With --skip or --print-sampling the numbers have gaps.' },
	timestamp: { name: 'Timestamp', summary: 'When the capturing host saw the packet (not when it was sent).' },
	address: { name: 'Address', summary: 'tcpdump prints address.port; the port is after the last dot.' },
	port: { name: 'Port', summary: 'Without -n, tcpdump prints the service name from the services database instead of the number.' },
	flags: { name: 'TCP flags', summary: 'The control bits of the TCP header.' },
	seq: { name: 'Sequence number', summary: 'Each byte a side sends has a 32-bit sequence number; the two directions count independently, each from its own initial sequence number (ISN).' },
	ack: { name: 'Acknowledgment number', summary: 'Cumulative: "I have received everything before this number; send this byte next."' },
	win: { name: 'Receive window', summary: 'How many bytes beyond its ack the sender of this packet can still receive. tcpdump prints the raw 16-bit field, never scaled.' },
	urg: { name: 'Urgent pointer', summary: 'Offset from seq of the end of urgent data; only meaningful with the URG flag.' },
	options: { name: 'TCP options', summary: 'Options in the TCP header, in the order the sender put them.' },
	length: { name: 'Payload length', summary: 'Bytes of TCP payload, not counting TCP/IP headers. SYN and FIN occupy a sequence number but carry no payload byte.' },
	interface: { name: 'Interface', summary: 'With -i any (Linux cooked capture v2) tcpdump prints the interface each packet was seen on. The name is looked up on the machine that printed the text; "?" when unknown there.' },
	direction: { name: 'Direction', summary: 'Which way the packet went, from the capturing host\'s point of view.' },
	df: { name: 'Don\'t fragment (IP)', summary: 'The IPv4 DF bit: routers must not fragment this packet; path MTU discovery relies on it. An IP-layer flag, not TCP. tcpdump up to 3.7 printed it as (DF) after the TCP part; today it shows with -v as flags [DF].' },
	ipHeader: { name: 'IP header (-v)', summary: 'With -v tcpdump prints the IP header fields in parentheses before the addresses.' },
} as const satisfies Record<FieldKind, FieldInfo>;

/** Where the addresses go after a `-v` IP header: the two versions differ. */
export const IP_HEADER_LAYOUT = {
	v4: 'With -v tcpdump prints the IPv4 header fields in parentheses; the addresses and the TCP part then move to the next line, indented by 4 spaces.',
	v6: 'With -v tcpdump prints the IPv6 header fields in parentheses, and the addresses follow on the same line.',
} as const;

/** The fields of tcpdump's `-v` IP header (print-ip.c, print-ip6.c), by the word tcpdump prints. */
export const IP_HEADER_FIELDS: Readonly<Record<string, FieldInfo>> = {
	tos: { name: 'Type of service', summary: 'The DSCP (upper 6 bits, the traffic class) and ECN bits (lower 2: ECT(0), ECT(1), CE = congestion experienced).' },
	ttl: { name: 'Time to live', summary: 'Hops left before a router drops the packet. Senders start at 64 (Linux, macOS) or 128 (Windows), so a received TTL tells roughly how many routers it crossed.' },
	id: { name: 'IP identification', summary: 'Groups the fragments of one datagram. With DF set it carries no meaning; Linux sends 0 or a per-connection counter.' },
	offset: { name: 'Fragment offset', summary: 'Where this fragment belongs in the original datagram, in bytes; 0 for an unfragmented packet.' },
	flags: { name: 'IP flags', summary: 'DF: don\'t fragment (path MTU discovery); MF: more fragments follow; none: neither.' },
	proto: { name: 'Protocol', summary: 'What the IPv4 packet carries: TCP (6), UDP (17), ICMP (1).' },
	length: { name: 'Total length', summary: 'The whole IPv4 packet in bytes: IP header (20 without options) + TCP header (20-60) + payload.' },
	options: { name: 'IP options', summary: 'IPv4 header options (rare: record route, timestamps, router alert).' },
	hlim: { name: 'Hop limit', summary: 'IPv6\'s time to live: hops left before a router drops the packet.' },
	'next-header': { name: 'Next header', summary: 'What the IPv6 packet carries (or the next extension header): TCP (6), UDP (17), ICMPv6 (58).' },
	'payload length': { name: 'Payload length', summary: 'Bytes after the 40-byte IPv6 header: TCP header + payload.' },
	class: { name: 'Traffic class', summary: 'IPv6\'s DSCP and ECN bits, as the IPv4 tos byte.' },
	flowlabel: { name: 'Flow label', summary: 'Marks the packets of one flow for IPv6 routers; Linux sets it per connection.' },
};

export interface TimestampFormInfo {
	/** The tcpdump option that prints this form. */
	readonly option: string;
	readonly summary: string;
}

export const TIMESTAMP_FORMS = {
	time: { option: 'default (no -t option)', summary: 'Local time of day on the machine that printed it, HH:MM:SS.fraction; no date and no time zone.' },
	datetime: { option: '-tttt', summary: 'Local date and time on the machine that printed it; no time zone.' },
	epoch: { option: '-tt', summary: 'Seconds since 1970-01-01 00:00:00 UTC (Unix time).' },
	delta: { option: '-ttt or -ttttt', summary: 'A delta: since the previous printed packet (-ttt) or since the first packet (-ttttt). Days are lost above 24 h.' },
} as const satisfies Record<TimestampForm, TimestampFormInfo>;

/** The two delta forms print alike (` 00:00:00.000110`); the capture reader decides which from the whole text. */
export const DELTA_FORMS = {
	previous: { option: '-ttt', summary: 'Time since the previous printed packet. tcpdump prints HH:MM:SS.fraction; days are lost above 24 h.' },
	first: { option: '-ttttt', summary: 'Time since the first printed packet. tcpdump prints HH:MM:SS.fraction; days are lost above 24 h.' },
} as const satisfies Record<'previous' | 'first', TimestampFormInfo>;

export const DIRECTIONS = {
	In: 'In: received by this host.',
	Out: 'Out: sent by this host.',
	B: 'B: a broadcast.',
	M: 'M: a multicast.',
	P: 'P: addressed to another host (seen in promiscuous mode).',
} as const satisfies Record<Direction, string>;

/** Why tcpdump printed relative numbers and what they are relative to (format spec §11). */
export const RELATIVE_NUMBERS = 'tcpdump prints sequence numbers relative to a base it stores per connection at the first packet with the ACK flag (normally the SYN-ACK, which is itself printed absolute; a later SYN-ACK re-seeds it). Bare SYNs and packets without ACK are always printed absolute. Use -S for absolute numbers everywhere.';
