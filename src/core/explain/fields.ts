/**
 * General explanations of the fields of a tcpdump TCP line, as data. The hover builder adds this
 * packet's own numbers around them.
 */
import type { Direction, TimestampForm } from '../types';

export type FieldKind =
	| 'packetNumber' | 'timestamp' | 'address' | 'port' | 'flags' | 'seq' | 'ack' | 'win' | 'urg'
	| 'options' | 'length';

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
} as const satisfies Record<FieldKind, FieldInfo>;

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

export const DIRECTIONS = {
	In: 'In: received by this host.',
	Out: 'Out: sent by this host.',
	B: 'B: a broadcast.',
	M: 'M: a multicast.',
	P: 'P: addressed to another host (seen in promiscuous mode).',
} as const satisfies Record<Direction, string>;

/** Why tcpdump printed relative numbers and what they are relative to (format spec §11). */
export const RELATIVE_NUMBERS = 'tcpdump prints sequence numbers relative to a base it stores per connection at the first packet with the ACK flag (normally the SYN-ACK, which is itself printed absolute; a later SYN-ACK re-seeds it). Bare SYNs and packets without ACK are always printed absolute. Use -S for absolute numbers everywhere.';
