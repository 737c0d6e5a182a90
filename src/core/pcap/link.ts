/**
 * Link layers tcpdump Lens renders (print-ether.c, print-sll.c, print-null.c, print-raw.c) and ARP
 * (print-arp.c). Each returns the link header length, as tcpdump's if_printers do (for -x).
 */
import { Printer, Truncated, hex4, ipv4String, macString } from './printer';
import { printIpv4, printIpv6, type IpContext } from './ip';

export const LINKTYPE = {
	NULL: 0, ETHERNET: 1, RAW: 101, RAW_DLT: 12, LOOP: 108, LINUX_SLL: 113, IPV4: 228, IPV6: 229, LINUX_SLL2: 276,
} as const;

/** tcpdump's banner names (`link-type EN10MB (Ethernet)`), for the link types we render. */
export const LINKTYPE_NAMES: Record<number, string> = {
	0: 'NULL (BSD loopback)', 1: 'EN10MB (Ethernet)', 12: 'RAW (Raw IP)', 101: 'RAW (Raw IP)', 108: 'LOOP (OpenBSD loopback)',
	113: 'LINUX_SLL (Linux cooked v1)', 228: 'IPV4 (Raw IPv4)', 229: 'IPV6 (Raw IPv6)', 276: 'LINUX_SLL2 (Linux cooked v2)',
};

export function isSupportedLinkType(linkType: number): boolean {
	return linkType in LINKTYPE_NAMES;
}

const ETHERTYPES: Record<number, string> = {
	0x0800: 'IPv4', 0x86dd: 'IPv6', 0x0806: 'ARP', 0x8035: 'Reverse ARP', 0x8100: '802.1Q', 0x88a8: '802.1Q-QinQ',
	0x9100: '802.1Q-9100', 0x9200: '802.1Q-9200', 0x8847: 'MPLS unicast', 0x8848: 'MPLS multicast', 0x8863: 'PPPoE D',
	0x8864: 'PPPoE S', 0x88cc: 'LLDP', 0x888e: 'EAPOL', 0x8809: 'Slow Protocols', 0x88f7: 'PTP', 0x8906: 'FCoE',
	0x6558: 'TEB', 0x809b: 'Appletalk', 0x8137: 'IPX', 0x9000: 'Loopback', 0x88e5: 'MACsec', 0x893a: 'IEEE1905.1',
	0x22f0: 'AVTP', 0x8902: 'CFM', 0x88e7: 'PBB', 0x8892: 'PROFINET',
};

const isVlan = (t: number) => t === 0x8100 || t === 0x88a8 || t === 0x9100 || t === 0x9200;

function etherTypeText(p: Printer, type: number): string {
	return p.options.quiet ? ETHERTYPES[type] ?? `Unknown Ethertype (0x${hex4(type)})` : `ethertype ${ETHERTYPES[type] ?? 'Unknown'} (0x${hex4(type)})`;
}

function vlanText(tci: number): string {
	return `vlan ${tci & 0xfff}, p ${tci >> 13}${tci & 0x1000 ? ', DEI' : ''}`;
}

/** The network layer by ethertype (ethertype_print); false when unknown. */
function byEthertype(p: Printer, ctx: IpContext, type: number, off: number, length: number): boolean {
	switch (type) {
		case 0x0800:
			printIpv4(p, ctx, off, length);
			return true;
		case 0x86dd:
			printIpv6(p, ctx, off, length);
			return true;
		case 0x0806:
		case 0x8035:
			printArp(p, off, length);
			return true;
		default:
			return false;
	}
}

export function printEthernet(p: Printer, ctx: IpContext, origLength: number): number {
	p.protocol = 'ether';
	const caplen = p.data.length;
	const e = p.options.linkHeader;
	if (caplen < 14) {
		throw new Truncated();
	}
	if (origLength < 14) {
		p.print(`[length ${origLength} < 14] (invalid)`);
		return caplen;
	}
	let length = origLength - 14;
	let hdrlen = 14;
	const addresses = `${macString(p.data, 6)} > ${macString(p.data, 0)}, `;
	if (e) {
		p.print(addresses);
	}
	let type = p.u16(12);
	let off = 14;
	if (type <= 1500) {
		p.claim = 'none';
		if (e) {
			p.print(`802.3, length ${origLength}: `);
		}
		p.print('LLC');
		return hdrlen;
	}
	if (e) {
		p.print(`${etherTypeText(p, type)}, length ${origLength}: `);
	}
	while (isVlan(type)) {
		if (p.data.length - off < 4) {
			p.protocol = 'vlan';
			throw new Truncated();
		}
		if (length < 4) {
			p.print(`[length ${length} < 4] (invalid)`);
			return hdrlen;
		}
		if (e) {
			p.print(`${vlanText(p.u16(off))}, `);
		}
		type = p.u16(off + 2);
		if (e && type > 1500) {
			p.print(`${etherTypeText(p, type)}, `);
		}
		off += 4;
		length -= 4;
		hdrlen += 4;
	}
	if (type <= 1500) {
		p.claim = 'none';
		p.print('LLC');
		return hdrlen;
	}
	if (!byEthertype(p, ctx, type, off, length)) {
		p.claim = 'none';
		if (!e) {
			p.print(addresses + `${etherTypeText(p, type)}, length ${origLength}: `);
		}
	}
	return hdrlen;
}

const SLL_TYPES: Record<number, string> = { 0: 'In', 1: 'B', 2: 'M', 3: 'P', 4: 'Out' };

function cookedEthertype(type: number): string {
	if (type <= 1500) {
		return type === 1 ? '802.3' : type === 4 ? '802.2' : `ethertype Unknown (0x${hex4(type)})`;
	}
	return `ethertype ${ETHERTYPES[type] ?? 'Unknown'} (0x${hex4(type)})`;
}

/** Linux cooked v1 (-i any before libpcap 1.10). */
export function printSll(p: Printer, ctx: IpContext, origLength: number): number {
	p.protocol = 'sll';
	if (p.data.length < 16) {
		throw new Truncated();
	}
	const o = p.options;
	const type = p.u16(0);
	const proto = p.u16(14);
	if (o.linkHeader) {
		p.print(`${(SLL_TYPES[type] ?? '?').padStart(3)} `);
		if (p.u16(4) === 6) {
			p.print(`${macString(p.data, 6)} `);
		}
		if (!o.quiet) {
			p.print(`${cookedEthertype(proto)}, length ${origLength}: `);
		}
	}
	return cookedPayload(p, ctx, proto, 16, origLength - 16, 'sll');
}

function cookedPayload(p: Printer, ctx: IpContext, proto: number, off: number, length: number, _name: string): number {
	let hdrlen = off;
	while (proto === 0x8100) {
		if (p.data.length - off < 4) {
			p.protocol = 'vlan';
			throw new Truncated();
		}
		if (p.options.linkHeader) {
			p.print(`${vlanText(p.u16(off))}, `);
		}
		proto = p.u16(off + 2);
		if (proto <= 1500) {
			proto = 4;
		}
		if (!p.options.quiet) {
			p.print(`ethertype ${ETHERTYPES[proto] ?? 'Unknown'}, `);
		}
		off += 4;
		length -= 4;
		hdrlen += 4;
	}
	if (proto <= 1500 || !byEthertype(p, ctx, proto, off, length)) {
		p.claim = 'none';
	}
	return hdrlen;
}

/** Linux cooked v2 (`-i any` since libpcap 1.10): interface name and direction on every line. */
export function printSll2(p: Printer, ctx: IpContext, origLength: number): number {
	p.protocol = 'sll2';
	if (p.data.length < 20) {
		throw new Truncated();
	}
	const o = p.options;
	const proto = p.u16(0);
	const ifIndex = p.u32(4);
	const name = o.interfaceName?.(ifIndex) ?? '?';
	p.print(`${name.padEnd(5)} ${(SLL_TYPES[p.u8(10)] ?? '?').padEnd(3)} `);
	if (o.linkHeader) {
		p.print(`ifindex ${ifIndex} `);
		if (p.u8(11) === 6) {
			p.print(`${macString(p.data, 12)} `);
		}
		if (!o.quiet) {
			p.print(`${cookedEthertype(proto)}, length ${origLength}: `);
		}
	}
	return cookedPayload(p, ctx, proto, 20, origLength - 20, 'sll2');
}

const AF_NAMES: Record<number, string> = { 2: 'IPv4', 24: 'IPv6', 28: 'IPv6', 30: 'IPv6', 7: 'OSI', 16: 'Appletalk', 23: 'IPX' };

/** BSD loopback: a 4-byte address family, host byte order (NULL) or network order (LOOP). */
export function printNull(p: Printer, ctx: IpContext, origLength: number, networkOrder: boolean): number {
	p.protocol = networkOrder ? 'loop' : 'null';
	if (p.data.length < 4) {
		throw new Truncated();
	}
	let family = p.view.getUint32(0, !networkOrder);
	if (!networkOrder && (family & 0xffff0000) !== 0) {
		family = p.view.getUint32(0, false);
	}
	const header = () => p.print(p.options.quiet
		? `${AF_NAMES[family] ?? `Unknown AF ${family}`}, length ${origLength}: `
		: `AF ${AF_NAMES[family] ?? 'Unknown'} (${family}), length ${origLength}: `);
	if (p.options.linkHeader) {
		header();
	}
	if (family === 2) {
		printIpv4(p, ctx, 4, origLength - 4);
	} else if (family === 24 || family === 28 || family === 30) {
		printIpv6(p, ctx, 4, origLength - 4);
	} else {
		p.claim = 'none';
		if (!p.options.linkHeader) {
			header();
		}
	}
	return 4;
}

/** Raw IP (DLT_RAW, LINKTYPE_IPV4/IPV6): no link header; `ip: ` under -e. */
export function printRaw(p: Printer, ctx: IpContext, origLength: number, linkType: number): number {
	p.protocol = 'raw';
	// print.c maps DLT_RAW, DLT_IPV4 and DLT_IPV6 all to raw_if_print: the version nibble decides
	void linkType;
	if (p.options.linkHeader) {
		p.print('ip: ');
	}
	if (origLength < 1) {
		p.print(`truncated-ip ${origLength}`);
		return 0;
	}
	const v = p.u8(0) & 0xf0;
	if (v === 0x40) {
		printIpv4(p, ctx, 0, origLength);
	} else if (v === 0x60) {
		printIpv6(p, ctx, 0, origLength);
	} else {
		p.claim = 'none';
		p.print(`unknown ip ${v >> 4}`);
	}
	return 0;
}

const ARP_OPS: Record<number, string> = { 1: 'Request', 2: 'Reply', 3: 'Reverse Request', 4: 'Reverse Reply', 8: 'Inverse Request', 9: 'Inverse Reply', 10: 'NACK Reply' };

/** ARP for Ethernet/IPv4 (the common case); other hardware or -v is left to tcpdump. */
export function printArp(p: Printer, off: number, length: number): void {
	p.protocol = 'arp';
	const hrd = p.u16(off);
	const pro = p.u16(off + 2);
	const hln = p.u8(off + 4);
	const pln = p.u8(off + 5);
	const op = p.u16(off + 6);
	const sha = off + 8;
	const spa = sha + hln;
	const tha = spa + pln;
	const tpa = tha + hln;
	if (!p.has(tpa, pln)) {
		p.print('[|ARP]');
		return;
	}
	if (!p.options.linkHeader) {
		p.print('ARP, ');
	}
	if (hrd !== 1 || pro !== 0x0800 || pln !== 4 || hln !== 6 || p.options.verbose > 0 || (op !== 1 && op !== 2)) {
		p.claim = 'none';
		p.print(`${ARP_OPS[op] ?? `Unknown (${op})`}, length ${length}`);
		return;
	}
	p.claim = 'other';
	if (op === 1) {
		p.print(`Request who-has ${ipv4String(p.data, tpa)}`);
		let nonzero = false;
		for (let i = 0; i < 6; i++) {
			nonzero ||= p.data[tha + i] !== 0;
		}
		if (nonzero) {
			p.print(` (${macString(p.data, tha)})`);
		}
		p.print(` tell ${ipv4String(p.data, spa)}`);
	} else {
		p.print(`Reply ${ipv4String(p.data, spa)} is-at ${macString(p.data, sha)}`);
	}
	p.print(`, length ${length}`);
}
