/**
 * Every finding code, as data: default severity, a title, a one-line explanation, and the
 * Wireshark expert field it corresponds to. The README's "Diagnostics" table and the settings
 * schema are checked against this table by unit tests.
 */
import type { FindingCode, Severity } from '../types';

export interface FindingInfo {
	readonly severity: Severity;
	/** Short title, as Wireshark's Info-column label or our own. */
	readonly title: string;
	/** One sentence a network engineer would want to read first. */
	readonly explanation: string;
	/** The `tcp.analysis.*` field, or undefined when tshark has no such check. */
	readonly wireshark: string | undefined;
}

export const FINDINGS = {
	'handshake.synack-ack-mismatch': {
		severity: 'error',
		title: 'SYN-ACK does not acknowledge the SYN',
		explanation: 'A SYN-ACK must acknowledge the client ISN + 1 (plus the length of any data the SYN carried); any other value means the server answered a different SYN or the packet was altered on the way.',
		wireshark: undefined,
	},
	'handshake.ack-mismatch': {
		severity: 'error',
		title: 'Final ACK does not acknowledge the SYN-ACK',
		explanation: 'The third packet of the handshake must acknowledge the server ISN + 1; otherwise the handshake is not complete.',
		wireshark: undefined,
	},
	'handshake.incomplete': {
		severity: 'warning',
		title: 'Handshake never completed',
		explanation: 'The SYN got no SYN-ACK, or no valid final ACK followed before the end of the text.',
		wireshark: undefined,
	},
	'handshake.refused': {
		severity: 'warning',
		title: 'Connection refused (RST)',
		explanation: 'The SYN was answered by a reset: nothing listens on that port, or a firewall rejected it.',
		wireshark: 'tcp.connection.rst',
	},
	'handshake.syn-retransmission': {
		severity: 'information',
		title: 'SYN retransmitted',
		explanation: 'The same SYN (same ISN) was sent again because no answer arrived within the retransmission timeout.',
		wireshark: 'tcp.analysis.retransmission',
	},
	'tcp.retransmission': {
		severity: 'information',
		title: 'TCP Retransmission',
		explanation: 'This segment carries sequence numbers that were already sent: a (suspected) retransmission.',
		wireshark: 'tcp.analysis.retransmission',
	},
	'tcp.fast-retransmission': {
		severity: 'information',
		title: 'TCP Fast Retransmission',
		explanation: 'Retransmitted right after duplicate ACKs asked for exactly this sequence number (RFC 5681 fast retransmit).',
		wireshark: 'tcp.analysis.fast_retransmission',
	},
	'tcp.spurious-retransmission': {
		severity: 'information',
		title: 'TCP Spurious Retransmission',
		explanation: 'This data had already been acknowledged by the peer: the retransmission was unnecessary.',
		wireshark: 'tcp.analysis.spurious_retransmission',
	},
	'tcp.out-of-order': {
		severity: 'warning',
		title: 'TCP Out-Of-Order',
		explanation: 'An older segment arrived shortly after a newer one: reordering on the path, not a timeout.',
		wireshark: 'tcp.analysis.out_of_order',
	},
	'tcp.lost-segment': {
		severity: 'warning',
		title: 'TCP Previous segment not captured',
		explanation: 'This segment starts after a gap: bytes before it were not captured (common at capture start, or when lines were removed).',
		wireshark: 'tcp.analysis.lost_segment',
	},
	'tcp.ack-lost-segment': {
		severity: 'warning',
		title: 'TCP ACKed unseen segment',
		explanation: 'This ACK covers bytes that never appeared in the capture (common at capture start).',
		wireshark: 'tcp.analysis.ack_lost_segment',
	},
	'tcp.duplicate-ack': {
		severity: 'information',
		title: 'TCP Dup ACK',
		explanation: 'The same ACK with the same window again, carrying no data: the receiver is still waiting for the same byte.',
		wireshark: 'tcp.analysis.duplicate_ack',
	},
	'tcp.zero-window': {
		severity: 'warning',
		title: 'TCP ZeroWindow',
		explanation: 'The receiver advertises a window of 0: its buffer is full and the sender must stop.',
		wireshark: 'tcp.analysis.zero_window',
	},
	'tcp.zero-window-probe': {
		severity: 'information',
		title: 'TCP ZeroWindowProbe',
		explanation: 'A segment sent into a zero window to find out whether it has opened again: one byte of new data, or (as Linux does) no data with seq one below the next expected.',
		wireshark: 'tcp.analysis.zero_window_probe',
	},
	'tcp.zero-window-probe-ack': {
		severity: 'information',
		title: 'TCP ZeroWindowProbeAck',
		explanation: 'The answer to a zero-window probe: the window is still closed.',
		wireshark: 'tcp.analysis.zero_window_probe_ack',
	},
	'tcp.window-full': {
		severity: 'warning',
		title: 'TCP Window Full',
		explanation: 'This segment fills the receiver\'s advertised window to its right edge: the sender must now wait for an ACK.',
		wireshark: 'tcp.analysis.window_full',
	},
	'tcp.window-update': {
		severity: 'hint',
		title: 'TCP Window Update',
		explanation: 'A pure ACK whose only news is a larger window (a smaller one is tcp.window-shrunk).',
		wireshark: 'tcp.analysis.window_update',
	},
	'tcp.keep-alive': {
		severity: 'information',
		title: 'TCP Keep-Alive',
		explanation: 'A segment one byte behind the next expected sequence number: a keep-alive probe checking that the peer is still there.',
		wireshark: 'tcp.analysis.keep_alive',
	},
	'tcp.keep-alive-ack': {
		severity: 'information',
		title: 'TCP Keep-Alive ACK',
		explanation: 'The answer to a keep-alive probe.',
		wireshark: 'tcp.analysis.keep_alive_ack',
	},
	'tcp.reused-ports': {
		severity: 'information',
		title: 'TCP Port numbers reused',
		explanation: 'A new connection started on the same address and port pair as an earlier one in this capture.',
		wireshark: 'tcp.analysis.reused_ports',
	},
	'tcp.window-shrunk': {
		severity: 'information',
		title: 'TCP Window Shrunk',
		explanation: 'The right edge of the advertised window (ack + window) moved left: the receiver took back space it had offered, which RFC 9293 §3.8.6 says it SHOULD NOT do.',
		wireshark: undefined,
	},
	'tcp.window-scale-invalid': {
		severity: 'warning',
		title: 'Window scale shift exceeds 14',
		explanation: 'A SYN asked for a window scale shift above 14; RFC 7323 §2.3 caps the shift at 14, so 14 is used (as Wireshark does).',
		wireshark: 'tcp.options.wscale.shift.invalid',
	},
	'capture.duplicate-packet': {
		severity: 'hint',
		title: 'Packet captured twice',
		explanation: 'The same segment appears twice within a millisecond on two interfaces or directions (tcpdump -i any sees a loopback packet leave and arrive): one packet, not a retransmission.',
		wireshark: undefined,
	},
	'capture.truncated-ip': {
		severity: 'hint',
		title: 'IP packet truncated',
		explanation: 'tcpdump printed "truncated-ip - N bytes missing!": the IP header claims more bytes than the layer below delivered as this packet, so the TCP length printed counts bytes that were not carried as part of it. Outside a tunnel the analysis counts only the bytes the link layer carried (as Wireshark does) and builds no retransmission or out-of-order finding on the others; inside a tunnel the outer packet\'s other fragments most likely carry them, and the length counts as printed.',
		wireshark: undefined,
	},
} as const satisfies Record<FindingCode, FindingInfo>;

export const FINDING_CODES = Object.keys(FINDINGS) as FindingCode[];
