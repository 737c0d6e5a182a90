/**
 * The link layer tcpdump prints with `-e` (`print-ether.c`), the checksum it verifies with `-v`,
 * and the non-TCP protocols it decodes, as plain text. The hover builder adds this packet's values.
 */

/** EtherType values tcpdump names (`ethertype.h`), by the hex it prints in parentheses. */
export const ETHERTYPES: Readonly<Record<string, string>> = {
	'0x0800': 'IPv4',
	'0x86dd': 'IPv6',
	'0x0806': 'ARP (address resolution for IPv4)',
	'0x8035': 'RARP',
	'0x8100': 'an IEEE 802.1Q VLAN tag (the real EtherType follows the tag)',
	'0x88a8': 'an IEEE 802.1ad (QinQ) service VLAN tag',
	'0x8847': 'MPLS unicast',
	'0x8848': 'MPLS multicast',
	'0x8863': 'PPPoE discovery',
	'0x8864': 'PPPoE session',
	'0x88cc': 'LLDP',
	'0x888e': 'EAPOL (802.1X)',
};

export const LINK_TEXTS = {
	mac: 'A MAC address: 6 bytes; the first 3 are the maker\'s OUI unless the locally administered bit is set. Link-layer addresses change at every router hop: they name this Ethernet segment\'s sender and receiver, not the IP endpoints.',
	ethertype: 'The EtherType field (bytes 12–13 of the Ethernet header): which protocol the frame carries. tcpdump prints its name and the hex value.',
	frameLength: 'The length of the whole frame as captured on the wire: Ethernet header (14 bytes, + 4 per VLAN tag) + IP packet, without the 4-byte FCS.',
	vlan: 'An IEEE 802.1Q tag: `vlan` is the VLAN ID (12 bits, 1–4094), `p` the priority code point (0–7, class of service); a `DEI` word means drop-eligible.',
	vlanPriority: 'The 802.1Q priority code point (PCP), 0–7: the frame\'s class of service on the LAN (0 = best effort, which is the default; 1 is the lowest).',
} as const;

export const CHECKSUM_TEXTS = {
	correct: 'tcpdump recomputed the checksum over the pseudo-header (addresses, protocol, length), the header and the payload and it matches the value in the packet.',
	incorrect: 'The value in the packet does not match what tcpdump computed (after the arrow). On packets the capturing host SENT this is almost always checksum offload: the network card fills the checksum in after the capture point, so the captured copy still holds a placeholder (often the pseudo-header sum). On packets it RECEIVED it means damage on the way: the receiver drops the segment, so expect a retransmission.',
	offload: 'Checksum offload (TSO/GSO, tx-checksumming) makes outgoing packets look wrong in a capture on the sending host; `ethtool -K <if> tx off` turns it off if you need correct values, or capture on another host.',
} as const;

export const PROTOCOL_WORDS: Readonly<Record<string, string>> = {
	IP: 'An IPv4 packet: tcpdump prints IP when the link header is not shown (without -e).',
	IP6: 'An IPv6 packet: tcpdump prints IP6 when the link header is not shown (without -e).',
	ARP: 'ARP, the Address Resolution Protocol: maps an IPv4 address to a MAC address on the local link.',
	RARP: 'Reverse ARP: a host asks for its own IPv4 address (historic).',
	UDP: 'UDP: a datagram with ports and a checksum, no connection, no sequence numbers and no retransmission.',
	ICMP: 'ICMP: IPv4\'s control messages (echo for ping, destination unreachable, time exceeded for traceroute).',
	ICMP6: 'ICMPv6: IPv6\'s control messages, neighbour discovery included.',
};

/** ICMP message types tcpdump prints by name (`print-icmp.c`). */
export const ICMP_MESSAGES: Readonly<Record<string, string>> = {
	'echo request': 'ICMP type 8: a ping. The target answers with an echo reply carrying the same id, seq and data.',
	'echo reply': 'ICMP type 0: the answer to an echo request with the same id and seq; the time between them is the round-trip time.',
	unreachable: 'ICMP type 3 (destination unreachable): a router or the target could not deliver a packet; the code says why (port unreachable, host unreachable, fragmentation needed…).',
	'time exceeded': 'ICMP type 11: a router dropped a packet whose TTL reached 0 (traceroute relies on it).',
	redirect: 'ICMP type 5: a router tells the sender a better first hop for a destination.',
	'source quench': 'ICMP type 4: deprecated congestion signal (RFC 6633).',
};

export const ARP_TEXTS = {
	request: 'An ARP request, sent to the broadcast MAC: "who has this IPv4 address? tell this one". The owner answers with a reply.',
	reply: 'An ARP reply: "this IPv4 address is at this MAC", sent to the asker.',
	whoHas: 'The IPv4 address whose MAC the sender wants to learn.',
	tell: 'The asker\'s own IPv4 address: the reply goes to it.',
	isAt: 'The MAC address that owns the IPv4 address, as the replying host says.',
	length: 'The length of the ARP message: 28 bytes for IPv4 over Ethernet.',
	hardware: 'The hardware (link) address type and length (Ethernet: 6 bytes) and the protocol address type and length (IPv4: 4 bytes), printed with -v.',
} as const;

export const OTHER_TEXTS = {
	notAnalysed: 'tcpdump Lens follows TCP only: this packet is counted but not analysed.',
	notAnalysedUnlessTcp: 'tcpdump Lens follows the TCP packets inside; other protocols are counted but not analysed.',
	endpoint: 'tcpdump prints address.port for UDP and TCP (the port after the last dot) and the bare address for ICMP.',
	udpLength: 'The UDP payload length in bytes (the 8-byte UDP header not counted).',
	icmpId: 'The echo identifier: pairs requests and replies of one ping process.',
	icmpSeq: 'The echo sequence number: counts the pings of one process (not a TCP sequence number).',
	icmpLength: 'The length of the ICMP message in bytes (header and data).',
	decode: 'Text tcpdump\'s protocol printer decoded from the payload (by port or by content); tcpdump Lens shows it as printed.',
	truncated: 'tcpdump stopped decoding here: the packet was cut by the snap length (-s) or a header is malformed. What follows is not in the capture.',
	arrow: 'Source > destination: the packet goes from the address on the left to the one on the right.',
	banner: 'A line tcpdump writes before the packets (on standard error): how it was started, the link type and the snap length.',
	linkType: 'The link-layer header type of the capture (DLT): EN10MB is Ethernet, LINUX_SLL/LINUX_SLL2 the Linux cooked header of -i any, RAW bare IP.',
	payloadText: 'The rest of the line after the TCP header fields: tcpdump\'s decode of the payload by the protocol its port suggests (HTTP, DNS, …).',
} as const;
