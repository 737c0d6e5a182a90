/**
 * One-line summaries for UDP, ICMP and ICMPv6 (print-udp.c, print-icmp.c, print-icmp6.c): the
 * common cases only (plain UDP, echo, neighbour discovery); other types print tcpdump's generic
 * start and are not claimed identical.
 */
import { Printer, hex4, ipv6String } from './printer';
import { transportChecksum, shouldBe, type IpInfo } from './ip';
import { printDns } from './dns';

/** UDP ports tcpdump 4.99 hands to an application printer (print-udp.c): we do not decode them. */
const UDP_DECODED = new Set([
	7, 53, 67, 68, 69, 88, 111, 123, 137, 138, 161, 162, 177, 389, 464, 500, 512, 513, 514, 520, 521, 546, 547, 623, 646, 698, 1701,
	1812, 1813, 1645, 1646, 1985, 2049, 2123, 2152, 3222, 3503, 3784, 3785, 4341, 4342, 4500, 4784, 4789, 5246, 5247, 5353, 5060, 5061,
	6081, 6343, 6633, 6653, 8472, 9000, 9001, 161, 4754, 1900, 1719, 1720, 2055, 5355, 8080, 319, 320, 3380, 6081, 7946, 1434,
	49152, 49153, 6696, 6697, 5001, 5003, 520, 4739, 9995, 9996, 2401, 2427, 2727, 5632, 4125, 5454, 5678, 5683, 5684, 6000, 6001,
]);

/** Ports print-udp.c tests before the name server port. */
const UDP_BEFORE_DNS = [69, 111, 137, 138, 161, 162, 67, 68, 123, 88, 500, 4500, 3784, 4784];

export function printUdp(p: Printer, off: number, length: number, ip: IpInfo): void {
	p.protocol = 'udp';
	const addr = (sport?: number, dport?: number) => {
		if (sport === undefined || dport === undefined) {
			p.print(`${ip.src} > ${ip.dst}: `);
		} else {
			p.print(`${ip.src}.${sport} > ${ip.dst}.${dport}: `);
		}
	};
	if (!p.has(off + 2, 2)) {
		addr();
		p.print(' [|udp]');
		return;
	}
	const sport = p.u16(off);
	const dport = p.u16(off + 2);
	if (length < 8) {
		addr(sport, dport);
		p.print(`truncated-udp ${length}`);
		return;
	}
	let ulen = p.u16(off + 4);
	if (ulen === 0 && length > 65535) {
		ulen = length;
	}
	if (ulen < 8) {
		addr(sport, dport);
		p.print(`truncated-udplength ${ulen}`);
		return;
	}
	ulen -= 8;
	const payload = Math.min(ulen, length - 8);
	addr(sport, dport);
	p.claim = 'other';
	// IPv4 checksums from -vv on, IPv6 (mandatory there) from -v
	const v = p.options.verbose;
	if (v > 0 && !ip.fragmented && (ip.version === 6 || v > 1)) {
		const field = p.u16(off + 6);
		if (ip.version === 4 && field === 0) {
			p.print('[no cksum] ');
		} else if (p.has(off, payload + 8)) {
			const sum = transportChecksum(p, ip, off, payload + 8, 17);
			p.print(sum === 0 ? '[udp sum ok] ' : `[bad udp cksum 0x${hex4(field)} -> 0x${hex4(shouldBe(field, sum))}!] `);
		}
	}
	if ((sport === 53 || dport === 53) && !UDP_BEFORE_DNS.some(port => port === sport || port === dport)) {
		printDns(p, off + 8, payload);
		return;
	}
	// print-udp.c decodes many low ports (and these high ones): only plain UDP is ours
	if (UDP_DECODED.has(sport) || UDP_DECODED.has(dport) || sport < 1024 || dport < 1024) {
		p.print('UDP');
		p.claim = 'none';
		return;
	}
	p.print(ulen > length - 8 ? `UDP, bad length ${ulen} > ${length - 8}` : `UDP, length ${ulen}`);
}

export function printIcmp(p: Printer, off: number, length: number, ip: IpInfo): void {
	p.protocol = 'icmp';
	const type = p.u8(off);
	if (type === 8 || type === 0) {
		p.claim = 'other';
		p.print(`ICMP echo ${type === 8 ? 'request' : 'reply'}, id ${p.u16(off + 4)}, seq ${p.u16(off + 6)}, length ${length}`);
		if (p.options.verbose > 0 && !ip.fragmented && p.has(off, length)) {
			const sum = transportChecksumNoPseudo(p, off, length);
			if (sum !== 0) {
				const field = p.u16(off + 2);
				p.print(` (wrong icmp cksum ${field.toString(16)} (->${shouldBe(field, sum).toString(16)})!)`);
			}
		}
		return;
	}
	p.claim = 'none';
	p.print(`ICMP type ${type}, length ${length}`);
}

function transportChecksumNoPseudo(p: Printer, off: number, length: number): number {
	let s = 0;
	const d = p.data;
	let i = off;
	for (; i + 1 < off + length; i += 2) {
		s += d[i]! << 8 | d[i + 1]!;
	}
	if (i < off + length) {
		s += d[i]! << 8;
	}
	while (s > 0xffff) {
		s = (s & 0xffff) + (s >>> 16);
	}
	return ~s & 0xffff;
}

export function printIcmp6(p: Printer, off: number, length: number, ip: IpInfo): void {
	p.protocol = 'icmp6';
	const type = p.u8(off);
	if (p.options.verbose > 0) {
		// -v adds a checksum verdict and per-type option lines: leave to tcpdump
		p.claim = 'none';
	} else {
		p.claim = 'other';
	}
	switch (type) {
		case 128:
		case 129:
			p.print(`ICMP6, echo ${type === 128 ? 'request' : 'reply'}, id ${p.u16(off + 4)}, seq ${p.u16(off + 6)}, length ${length}`);
			return;
		case 135:
			p.check(off + 8, 16);
			p.print(`ICMP6, neighbor solicitation, who has ${ipv6String(p.data, off + 8)}, length ${length}`);
			return;
		case 136:
			p.check(off + 8, 16);
			p.print(`ICMP6, neighbor advertisement, tgt is ${ipv6String(p.data, off + 8)}, length ${length}`);
			return;
		case 133:
			p.print(`ICMP6, router solicitation, length ${length}`);
			return;
		default:
			p.claim = 'none';
			p.print(`ICMP6, type ${type}, length ${length}`);
			void ip;
	}
}
