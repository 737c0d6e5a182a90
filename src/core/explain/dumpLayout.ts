/**
 * Header layouts, to name the bytes of a `-x`/`-X` (from the IP header) or `-xx`/`-XX` (from the
 * link header) hex dump: [first byte, last byte + 1, field] relative to the header's start.
 */
export type FieldRange = readonly [number, number, string];

export const ETHERNET_FIELDS: readonly FieldRange[] = [[0, 6, 'destination MAC'], [6, 12, 'source MAC'], [12, 14, 'EtherType']];
export const VLAN_FIELDS: readonly FieldRange[] = [[0, 2, 'VLAN tag: priority, DEI and VLAN ID'], [2, 4, 'EtherType after the tag']];
export const SLL2_FIELDS: readonly FieldRange[] = [[0, 2, 'protocol (EtherType)'], [2, 4, 'reserved'], [4, 8, 'interface index'], [8, 10, 'ARPHRD type'], [10, 11, 'packet type (direction)'], [11, 12, 'address length'], [12, 20, 'link-layer source address']];
export const IPV4_FIELDS: readonly FieldRange[] = [
	[0, 1, 'version and header length'], [1, 2, 'type of service (DSCP, ECN)'], [2, 4, 'total length'], [4, 6, 'identification'],
	[6, 8, 'flags and fragment offset'], [8, 9, 'TTL'], [9, 10, 'protocol'], [10, 12, 'header checksum'],
	[12, 16, 'source address'], [16, 20, 'destination address'], [20, 60, 'IP options'],
];
export const IPV6_FIELDS: readonly FieldRange[] = [
	[0, 4, 'version, traffic class and flow label'], [4, 6, 'payload length'], [6, 7, 'next header'], [7, 8, 'hop limit'],
	[8, 24, 'source address'], [24, 40, 'destination address'],
];
export const TCP_FIELDS: readonly FieldRange[] = [
	[0, 2, 'source port'], [2, 4, 'destination port'], [4, 8, 'sequence number (absolute)'], [8, 12, 'acknowledgment number (absolute)'],
	[12, 13, 'data offset (header length)'], [13, 14, 'flags'], [14, 16, 'window (raw, unscaled)'], [16, 18, 'checksum'],
	[18, 20, 'urgent pointer'], [20, 60, 'TCP options'],
];
export const UDP_FIELDS: readonly FieldRange[] = [[0, 2, 'source port'], [2, 4, 'destination port'], [4, 6, 'length'], [6, 8, 'checksum']];
export const ICMP_FIELDS: readonly FieldRange[] = [[0, 1, 'type'], [1, 2, 'code'], [2, 4, 'checksum'], [4, 8, 'rest of header (echo: identifier and sequence number)']];
export const ARP_FIELDS: readonly FieldRange[] = [
	[0, 2, 'hardware type'], [2, 4, 'protocol type'], [4, 5, 'hardware address length'], [5, 6, 'protocol address length'],
	[6, 8, 'operation (1 request, 2 reply)'], [8, 14, 'sender MAC'], [14, 18, 'sender IPv4 address'], [18, 24, 'target MAC'], [24, 28, 'target IPv4 address'],
];

export const DUMP_TEXTS = {
	hex: 'tcpdump -x/-X prints the packet from the network-layer header (IP, ARP) on, -xx/-XX from the link-layer header on: 16 bytes a line, in groups of two, the offset on the left.',
	ascii: 'With -X/-XX tcpdump prints the same 16 bytes as ASCII on the right: printable characters as themselves, every other byte as a dot.',
	asciiOnly: 'tcpdump -A prints each packet (minus its link-level header) in ASCII: printable characters as themselves, every other byte as a dot; line breaks in the data start new lines, so the IP and TCP headers show as a few unreadable characters before the payload.',
	decode: 'A continuation line: tcpdump\'s verbose decode of this packet (-v), or payload text.',
} as const;
