/**
 * What each TCP option tcpdump prints means (`print-tcp.c` `tcp_option_values[]`), as data.
 * Numbers of this packet are added by the hover builder; these texts stay general.
 */
import type { TcpOptionKind } from '../types';
import type { TermInfo } from './tcpFlags';

export const TCP_OPTIONS = {
	mss: { name: 'Maximum Segment Size', summary: 'The largest segment payload the sender of this option will accept (sent in SYNs only). It caps each segment, independently of the window. Without it a peer must assume 536 bytes (IPv4) or 1220 (IPv6).', rfc: 'RFC 9293 §3.7.1' },
	wscale: { name: 'Window Scale', summary: 'The shift count the sender applies to the windows it advertises later: effective window = win × 2^shift. In force only if both SYNs carry it; the window of a SYN or SYN-ACK is never scaled. At most 14.', rfc: 'RFC 7323 §2' },
	sackOK: { name: 'SACK permitted', summary: 'The sender can receive selective acknowledgments. SACK is used only if both SYNs carry sackOK.', rfc: 'RFC 2018 §2' },
	sack: { name: 'Selective ACK blocks', summary: 'Blocks of data received above the cumulative ack, so the peer resends only the holes. Each block {left:right} covers left … right−1 (right is the first byte after the block); tcpdump makes the edges relative like seq and ack.', rfc: 'RFC 2018 §3' },
	TS: { name: 'Timestamps', summary: '`val` is the sender\'s timestamp clock, `ecr` echoes the last `val` received from the peer (0 in a first SYN). Used to measure RTT and to protect against wrapped sequence numbers (PAWS).', rfc: 'RFC 7323 §3' },
	nop: { name: 'No-Operation', summary: 'One byte of padding, so the next option starts on a 4-byte boundary. Carries no information.', rfc: 'RFC 9293 §3.2' },
	eol: { name: 'End of Option List', summary: 'Marks the end of the options; the rest of the header is padding.', rfc: 'RFC 9293 §3.2' },
	tfo: { name: 'TCP Fast Open', summary: 'A `cookiereq` asks the server for a cookie; a `cookie` lets the client send data in the SYN, saving one round trip. (tcpdump prints two spaces after `tfo`.)', rfc: 'RFC 7413' },
	'exp-tfo': { name: 'TCP Fast Open (experimental kind 254)', summary: 'The pre-standard encoding of TCP Fast Open (option 254, magic 0xf989); same meaning as `tfo`.', rfc: 'RFC 7413 §4.1.1, RFC 6994' },
	mptcp: { name: 'Multipath TCP', summary: 'Multipath TCP signalling (capable, join, data sequence mapping…): one connection spread over several paths.', rfc: 'RFC 8684' },
	md5: { name: 'TCP MD5 signature', summary: 'An MD5 signature over the segment, mostly used to protect BGP sessions.', rfc: 'RFC 2385' },
	'tcp-ao': { name: 'TCP Authentication Option', summary: 'Authenticates the segment with a MAC (successor of the MD5 option).', rfc: 'RFC 5925' },
	uto: { name: 'User Timeout', summary: 'Asks the peer to use this user timeout: how long sent data may stay unacknowledged before the connection is dropped.', rfc: 'RFC 5482' },
	unknown: { name: 'Unknown option', summary: 'tcpdump does not know this option kind and prints it as `unknown-KIND` with its bytes in hex.', rfc: 'IANA TCP option kinds' },
	other: { name: 'Other option', summary: 'An option tcpdump decodes but tcpdump Lens has no explanation for yet.', rfc: 'IANA TCP option kinds' },
} as const satisfies Record<TcpOptionKind, TermInfo>;

/** Default MSS when a SYN carries no `mss` option (RFC 9293 §3.7.1, RFC 8200 §5). */
export const DEFAULT_MSS_IPV4 = 536;
export const DEFAULT_MSS_IPV6 = 1220;

/** The largest window scale shift (RFC 7323 §2.3); a larger one is used as 14. */
export const MAX_WSCALE = 14;
