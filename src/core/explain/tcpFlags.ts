/**
 * What each TCP flag letter means, as tcpdump prints it (`print-tcp.c` `tcp_flag_values[]`).
 * Plain text: the hover renderer owns markdown.
 *
 * Modern style (tcpdump ≥ 4.0): `Flags [S.]`, letters in the order F S R P . U E W e.
 * 3.x style (before 2007): `S 768512:768512(0) ack 1 win 4096`: ACK is never a letter, it is implied
 * by the `ack` field, and `.` means "none of S/F/R/P/W/E".
 */

/** The letters tcpdump prints inside `Flags [..]` (modern) or before the sequence range (3.x). */
export type TcpFlagChar = 'F' | 'S' | 'R' | 'P' | '.' | 'U' | 'E' | 'W' | 'e';

/** A TCP header term explained: its name, what it does in a sentence or two, and where it is defined. */
export interface TermInfo {
	readonly name: string;
	readonly summary: string;
	readonly rfc: string;
}

export const TCP_FLAGS = {
	F: { name: 'FIN', summary: 'The sender has no more data to send: it closes its direction of the connection. A FIN occupies one sequence number.', rfc: 'RFC 9293 §3.1, §3.6' },
	S: { name: 'SYN', summary: 'Opens a connection: carries the sender\'s initial sequence number (ISN). A SYN occupies one sequence number, so it is acknowledged by ISN + 1.', rfc: 'RFC 9293 §3.1, §3.5' },
	R: { name: 'RST', summary: 'Resets the connection at once: no more data in either direction. Sent when nothing listens on the port, or to abort.', rfc: 'RFC 9293 §3.5.2' },
	P: { name: 'PSH', summary: 'Push: the receiver should hand the data to the application now instead of waiting for more.', rfc: 'RFC 9293 §3.1' },
	'.': { name: 'ACK', summary: 'The acknowledgment field is significant: the `ack` number says which byte the sender expects next. Every packet after the opening SYN has it.', rfc: 'RFC 9293 §3.1' },
	U: { name: 'URG', summary: 'Urgent: the `urg` field points at urgent data (rarely used today; telnet and rlogin used it for interrupts).', rfc: 'RFC 9293 §3.1, RFC 6093' },
	E: { name: 'ECE', summary: 'ECN-Echo: in a SYN it offers Explicit Congestion Notification; later it tells the peer that a router marked a packet "congestion experienced".', rfc: 'RFC 3168 §6.1' },
	W: { name: 'CWR', summary: 'Congestion Window Reduced: the sender reacted to an ECN-Echo by slowing down. With E in a SYN it offers ECN.', rfc: 'RFC 3168 §6.1' },
	e: { name: 'AE', summary: 'Accurate ECN bit (AccECN): together with CWR and ECE it counts congestion marks (printed by tcpdump ≥ 4.99.7).', rfc: 'RFC 9768' },
} as const satisfies Record<TcpFlagChar, TermInfo>;

/** `.` in the 3.x style: not ACK. */
export const OLD_STYLE_DOT: TermInfo = {
	name: 'no flag',
	summary: 'In the 3.x style `.` means none of S/F/R/P/W/E is set. ACK is never printed as a letter there: it is implied by the `ack` field.',
	rfc: 'tcpdump 3.x print-tcp.c',
};

/** `Flags [none]`: no bit at all. */
export const NO_FLAGS: TermInfo = {
	name: 'no flags',
	summary: 'No TCP flag bit is set. Legitimate TCP never sends this; scanners (a "null scan") and broken middleboxes do.',
	rfc: 'RFC 9293 §3.1',
};

/** Well-known combinations, keyed by the modern letters (3.x lines are normalised to them first). */
export const FLAG_COMBINATIONS: Readonly<Record<string, string>> = {
	S: 'SYN: the first packet of the three-way handshake (client → server).',
	'S.': 'SYN-ACK: the second packet of the handshake; the server sends its own ISN and acknowledges the client\'s SYN.',
	'.': 'pure ACK (when length is 0): acknowledges data or completes the handshake.',
	'P.': 'data with PSH: the application wrote this and the sender pushed it out.',
	'F.': 'FIN-ACK: the sender closes its side, acknowledging what it received so far.',
	'FP.': 'the last data of this direction, pushed, together with the FIN.',
	R: 'RST without ACK: a reset (e.g. a client rejecting an unacceptable SYN-ACK).',
	'R.': 'RST-ACK: a reset that acknowledges; the usual answer to a SYN for a closed port ("connection refused").',
	SEW: 'ECN-setup SYN: the client offers Explicit Congestion Notification.',
	'S.E': 'ECN-setup SYN-ACK: the server accepts ECN.',
	none: 'no flags at all: never legitimate TCP.',
};

/** In a simultaneous open there is no client and no server (RFC 9293 §3.5, figure 8). */
export const SIMULTANEOUS_COMBINATIONS: Readonly<Record<string, string>> = {
	S: 'SYN: this side opens the connection; the other side sent its own SYN too (a simultaneous open).',
	'S.': 'SYN-ACK: in a simultaneous open each side repeats its own ISN and acknowledges the other\'s SYN.',
};

export function isTcpFlagChar(c: string): c is TcpFlagChar {
	return Object.prototype.hasOwnProperty.call(TCP_FLAGS, c);
}
