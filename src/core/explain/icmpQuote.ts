/**
 * What an ICMP error says about the TCP segment it quotes (`-v`: the ICMP line, then the quoted IP
 * header and `a.p > b.q: Flags [.], seq …`), as plain text. tcpdump's wording (`print-icmp.c`,
 * `print-icmp6.c`) is matched by `reason`; the hover builder adds this packet's values.
 */

export interface IcmpReason {
	/** Matches the ICMP message tcpdump printed after `ICMP ` / `ICMP6, ` (bounded, linear). */
	readonly match: RegExp;
	/** Who sends such an error: a router on the path, or the destination host itself. */
	readonly sender: 'router' | 'host';
	/** Why the segment was refused, from the message's numbers (`m` is the match). */
	readonly why: (m: RegExpExecArray) => string;
	/** What the sender of the segment does about it (general text). */
	readonly teaching: string;
}

export const ICMP_REASONS: readonly IcmpReason[] = [
	{
		match: /unreachable - need to frag \(mtu (\d{1,6})\)/,
		sender: 'router',
		why: m => `need to frag, its next-hop MTU is ${m[1]}: the packet was larger and its DF bit forbade fragmenting it`,
		teaching: 'Path MTU discovery (RFC 1191): the sender lowers its packet size to the MTU given (the TCP segments then carry at most MTU − 40 bytes with plain IPv4 and TCP headers) and sends the data again.',
	},
	{
		match: /packet too big, mtu (\d{1,6})/,
		sender: 'router',
		why: m => `packet too big, its next-hop MTU is ${m[1]} (IPv6 routers never fragment)`,
		teaching: 'IPv6 path MTU discovery (RFC 8201): the sender lowers its packet size to the MTU given and sends the data again.',
	},
	{
		match: /tcp port \S{1,40} unreachable|unreachable port/,
		sender: 'host',
		why: () => 'port unreachable: nothing listens on that TCP port there',
		teaching: 'A host usually answers a TCP segment for a closed port with a reset; an ICMP port unreachable instead often comes from a firewall rejecting the connection.',
	},
	{
		match: /protocol \d{1,3} unreachable/,
		sender: 'host',
		why: () => 'protocol unreachable: that host does not speak TCP',
		teaching: 'The destination does not run the protocol the IP header names.',
	},
	{
		match: /admin prohibited|administratively prohibited|unreachable prohibited/,
		sender: 'router',
		why: () => 'administratively prohibited: a filter on the path rejected it',
		teaching: 'A firewall or an access list on the path drops such packets and says so (RFC 1812 §5.2.7.1).',
	},
	{
		match: /net \S{1,64} unreachable|unreachable route|no route/,
		sender: 'router',
		why: () => 'network unreachable: the router has no route to it',
		teaching: 'The router knows no path to the destination network; TCP keeps retrying until its own timer gives up (RFC 1122 §4.2.3.9: a soft error).',
	},
	{
		match: /host \S{1,64} unreachable|unreachable address/,
		sender: 'router',
		why: () => 'host unreachable: the last router could not deliver it (no ARP or neighbour answer)',
		teaching: 'The destination is down or absent from its LAN; TCP keeps retrying until its own timer gives up (RFC 1122 §4.2.3.9: a soft error).',
	},
	{
		match: /time exceeded|ttl exceeded|hop limit/,
		sender: 'router',
		why: () => 'time exceeded: its TTL ran out on the way (a routing loop, or a traceroute probe)',
		teaching: 'Each router lowers the TTL (hop limit) by one and drops the packet at 0, telling the sender.',
	},
];

export const ICMP_QUOTE_TEXTS = {
	title: 'TCP header quoted by an ICMP error',
	generic: 'the ICMP error names no reason this hover knows',
	notTraffic: 'This line is part of the ICMP message (the first bytes of the refused packet, sent back to its sender), not a packet of the connection: it is shown, not analysed.',
	notFound: 'the segment itself is not in the text (sent before the capture started, or not captured here)',
} as const;

/** The reason for an ICMP message text (what follows `ICMP `), or undefined. */
export function icmpReason(message: string): { reason: IcmpReason; match: RegExpExecArray } | undefined {
	for (const reason of ICMP_REASONS) {
		const match = reason.match.exec(message);
		if (match) {
			return { reason, match };
		}
	}
	return undefined;
}
