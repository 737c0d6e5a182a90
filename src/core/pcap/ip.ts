/**
 * IPv4 and IPv6 as tcpdump 4.99 prints them (print-ip.c, print-ip6.c): the `IP`/`IP6` word (not
 * under -e), the -v header, fragments, IPv6 extension headers, then the transport layer.
 */
import { Printer, Truncated, hex2, ipv4String, ipv6String } from './printer';
import type { TcpSequenceTable } from './tcp';
import { printTcp, shouldBe } from './tcp';
import { printIcmp, printIcmp6, printUdp } from './transport';

/** What the transport printers need from the network layer. */
export interface IpInfo {
	version: 4 | 6;
	src: string;
	dst: string;
	srcOffset: number;
	dstOffset: number;
	/** Offset of the IP header (for the pseudo-header). */
	ipOffset: number;
	/** IPv4: the header has options (source route changes the pseudo-header's destination). */
	headerLength: number;
	/** IPv6: the fixed header's next header is the transport (else tcpdump prints ports only). */
	nextHeaderIsTcp: boolean;
	fragmented: boolean;
}

const PROTO_NAMES: Record<number, string> = {
	0: 'Options', 1: 'ICMP', 2: 'IGMP', 4: 'IPIP', 6: 'TCP', 8: 'EGP', 9: 'IGRP', 17: 'UDP', 33: 'DCCP', 41: 'IPv6',
	43: 'Routing', 44: 'Fragment', 46: 'RSVP', 47: 'GRE', 50: 'ESP', 51: 'AH', 55: 'Mobile IP', 58: 'ICMPv6',
	59: 'NONE', 60: 'Destination Options', 62: 'Mobile IP (old)', 88: 'EIGRP', 89: 'OSPF', 103: 'PIM', 108: 'Compressed IP',
	112: 'VRRP', 113: 'PGM', 132: 'SCTP', 135: 'Mobility', 240: 'pfsync',
};

export function protoName(n: number): string {
	return PROTO_NAMES[n] ?? 'unknown';
}

/** One's-complement sum of big-endian 16-bit words. */
function sum16(data: Uint8Array, start: number, length: number, initial = 0): number {
	let s = initial;
	const end = start + length;
	let i = start;
	for (; i + 1 < end; i += 2) {
		s += data[i]! << 8 | data[i + 1]!;
	}
	if (i < end) {
		s += data[i]! << 8;
	}
	while (s > 0xffff) {
		s = (s & 0xffff) + (s >>> 16);
	}
	return s;
}

/** 0 when the checksum is right; otherwise what in_cksum returned (as tcpdump's shouldbe expects it). */
function finish(s: number): number {
	return ~s & 0xffff;
}

/** IPv4: the final destination of a source route option, as ip_finddst does. */
function finalDestination(p: Printer, ip: IpInfo): number {
	let cp = ip.ipOffset + 20;
	let length = ip.headerLength - 20;
	while (length > 0) {
		const tt = p.data[cp]!;
		let len: number;
		if (tt === 0) {
			break;
		} else if (tt === 1) {
			len = 1;
		} else {
			len = p.data[cp + 1] ?? 0;
			if (len < 2) {
				break;
			}
		}
		if (length < len) {
			break;
		}
		if ((tt === 137 || tt === 131) && len >= 7) {
			return cp + len - 4;
		}
		cp += len;
		length -= len;
	}
	return ip.dstOffset;
}

/** The transport checksum over the pseudo-header and `length` bytes at `off`: 0 when correct. */
export function transportChecksum(p: Printer, ip: IpInfo, off: number, length: number, proto: number): number {
	const d = p.data;
	let s: number;
	if (ip.version === 4) {
		const dst = ip.headerLength > 20 ? finalDestination(p, ip) : ip.dstOffset;
		s = sum16(d, ip.srcOffset, 4);
		s = sum16(d, dst, 4, s);
		s += proto + (length & 0xffff);
	} else {
		s = sum16(d, ip.srcOffset, 16);
		s = sum16(d, ip.dstOffset, 16, s);
		s += (length >>> 16) + (length & 0xffff) + proto;
	}
	return finish(sum16(d, off, length, s));
}

/** A checksum field and its shouldbe, for `(incorrect -> 0x…)` texts. */
export { shouldBe };

const FRAG_FLAGS: [number, string][] = [[0x2000, '+'], [0x4000, 'DF'], [0x8000, 'rsvd']];

export interface IpContext {
	table: TcpSequenceTable;
}

/** ip_print. `length` is what the link layer passes (frame length minus link header). */
export function printIpv4(p: Printer, ctx: IpContext, off: number, length: number): void {
	p.protocol = 'ip';
	const o = p.options;
	if (!o.linkHeader) {
		p.print('IP ');
	}
	if (length < 20) {
		p.print(`truncated-ip ${length}`);
		return;
	}
	p.check(off, 1);
	const d = p.data;
	const version = d[off]! >> 4;
	if (version !== 4) {
		// 4.99.3 prints the wrong version and stops
		p.print(version === 6 ? 'IP6, wrong link-layer encapsulation (invalid)' : `IP${version} (invalid)`);
		return;
	}
	p.check(off, 20);
	const hlen = (d[off]! & 0x0f) * 4;
	if (hlen < 20) {
		p.print(`bad-hlen ${hlen}`);
		return;
	}
	const len = p.u16(off + 2);
	if (length < len) {
		p.print(`truncated-ip - ${len - length} bytes missing! `);
	}
	// 4.99.3 is built without GUESS_TSO: a zero total length is `bad-len 0`, never "presumed TSO"
	if (len < hlen) {
		p.print(`bad-len ${len}`);
		return;
	}
	p.pushSnapEnd(off + len);
	const payload = len - hlen;
	const ipOff = p.u16(off + 6);
	const proto = d[off + 9]!;
	const src = ipv4String(d, off + 12);
	const dst = ipv4String(d, off + 16);
	if (o.verbose > 0) {
		const tos = d[off + 1]!;
		p.print(`(tos 0x${tos.toString(16)}`);
		p.print(['', ',ECT(1)', ',ECT(0)', ',CE'][tos & 3]!);
		const ttl = d[off + 8]!;
		if (ttl >= 1) {
			p.print(`, ttl ${ttl}`);
		}
		const fl = FRAG_FLAGS.filter(([bit]) => ipOff & bit).map(([, t]) => t).join(', ') || 'none';
		p.print(`, id ${p.u16(off + 4)}, offset ${(ipOff & 0x1fff) * 8}, flags [${fl}], proto ${protoName(proto)} (${proto})`);
		p.print(`, length ${p.u16(off + 2)}`);
		let truncated = false;
		if (hlen > 20) {
			p.print(', options (');
			truncated = !ipOptions(p, off + 20, hlen - 20);
			if (truncated) {
				p.print(' [truncated-option]');
			}
			p.print(')');
		}
		if (p.has(off, hlen)) {
			const sum = finish(sum16(d, off, hlen));
			if (sum !== 0) {
				const field = p.u16(off + 10);
				p.print(`, bad cksum ${field.toString(16)} (->${shouldBe(field, sum).toString(16)})!`);
			}
		}
		p.print(')\n    ');
		if (truncated) {
			p.print(`${src} > ${dst}: `);
			throw new Truncated();
		}
	}
	if ((ipOff & 0x1fff) === 0) {
		if (proto !== 6 && proto !== 17 && proto !== 132 && proto !== 33) {
			p.print(`${src} > ${dst}: `);
		}
		if (!p.has(off, hlen)) {
			p.print(` [remaining caplen(${Math.max(0, p.snapEnd - off)}) < header length(${hlen})]`);
			throw new Truncated();
		}
		const info: IpInfo = {
			version: 4, src, dst, srcOffset: off + 12, dstOffset: off + 16, ipOffset: off, headerLength: hlen,
			nextHeaderIsTcp: proto === 6, fragmented: (ipOff & 0x2000) !== 0,
		};
		demux(p, ctx, off + hlen, payload, info, proto);
	} else {
		// a later fragment: no transport header to print (-n gives the number, not the name)
		p.print(`${src} > ${dst}: ip-proto-${proto}`);
	}
}

/** ip_optprint; false when truncated. */
function ipOptions(p: Printer, cp: number, length: number): boolean {
	const names: Record<number, string> = { 0: 'EOL', 1: 'NOP', 68: 'timestamp', 130: 'security', 7: 'RR', 137: 'SSRR', 131: 'LSRR', 148: 'RA', 82: 'traceroute' };
	let sep = '';
	while (length > 0) {
		p.print(sep);
		sep = ',';
		if (!p.has(cp, 1)) {
			return false;
		}
		const code = p.data[cp]!;
		p.print(names[code] ?? `unknown ${code}`);
		let optLen: number;
		if (code === 0 || code === 1) {
			optLen = 1;
		} else {
			if (!p.has(cp + 1, 1)) {
				return false;
			}
			optLen = p.data[cp + 1]!;
			if (optLen < 2) {
				p.print(` [bad length ${optLen}]`);
				return true;
			}
		}
		if (optLen > length) {
			p.print(` [bad length ${optLen}]`);
			return true;
		}
		if (!p.has(cp, optLen)) {
			return false;
		}
		if (code === 0) {
			return true;
		}
		if (code === 7 || code === 137 || code === 131) {
			if (optLen < 3) {
				p.print(` [bad length ${optLen}]`);
			} else {
				if ((optLen + 1) & 3) {
					p.print(` [bad length ${optLen}]`);
				}
				const ptr = p.data[cp + 2]! - 1;
				if (ptr < 3 || (ptr + 1) & 3 || ptr > optLen + 1) {
					p.print(` [bad ptr ${p.data[cp + 2]}]`);
				}
				for (let l = 3; l < optLen; l += 4) {
					if (!p.has(cp + l, 4)) {
						return false;
					}
					p.print(` ${ipv4String(p.data, cp + l)}`);
					if (ptr > l) {
						p.print(',');
					}
				}
			}
		} else if (code === 148) {
			if (optLen < 4) {
				p.print(` [bad length ${optLen}]`);
			} else {
				const v = p.data[cp + 2]! << 8 | p.data[cp + 3]!;
				if (v !== 0) {
					p.print(` value ${v}`);
				}
			}
		} else if (code === 68) {
			// the timestamp option's body is rare enough to leave to tcpdump
			p.noClaim = true;
		}
		cp += optLen;
		length -= optLen;
	}
	return true;
}

/** ip6_print. */
export function printIpv6(p: Printer, ctx: IpContext, off: number, length: number): void {
	p.protocol = 'ip6';
	const o = p.options;
	const d = p.data;
	if (length < 40) {
		p.print(`IP6 truncated-ip6 ${length}`);
		return;
	}
	if (!o.linkHeader) {
		p.print('IP6 ');
	}
	p.check(off, 40);
	const version = d[off]! >> 4;
	if (version !== 6) {
		p.print(`version error: ${version} != 6`);
		return;
	}
	const payloadLen = p.u16(off + 4);
	// 4.99.3 takes the payload length as it is: 0 (jumbo, BIG TCP) leaves no room for the transport
	let len = payloadLen + 40;
	if (payloadLen !== 0 && length < len) {
		p.print(`truncated-ip6 - ${len - length} bytes missing!`);
	}
	let nh = d[off + 6]!;
	if (o.verbose > 0) {
		const flow = p.u32(off);
		p.print('(');
		if (flow & 0x0ff00000) {
			p.print(`class 0x${hex2((flow & 0x0ff00000) >>> 20)}, `);
		}
		if (flow & 0x000fffff) {
			p.print(`flowlabel 0x${(flow & 0x000fffff).toString(16).padStart(5, '0')}, `);
		}
		p.print(`hlim ${d[off + 7]}, next-header ${protoName(nh)} (${nh}) payload length: ${payloadLen}) `);
	}
	p.pushSnapEnd(off + len);
	const src = ipv6String(d, off + 8);
	const dst = ipv6String(d, off + 24);
	const info: IpInfo = {
		version: 6, src, dst, srcOffset: off + 8, dstOffset: off + 24, ipOffset: off, headerLength: 40,
		nextHeaderIsTcp: nh === 6, fragmented: false,
	};
	let cp = off;
	let advance = 40;
	while (cp < p.snapEnd && advance > 0) {
		if (len < advance) {
			throw new Truncated();
		}
		cp += advance;
		len -= advance;
		if (cp === off + 40 && nh !== 6 && nh !== 17 && nh !== 33 && nh !== 132) {
			p.print(`${src} > ${dst}: `);
		}
		switch (nh) {
			case 0:
			case 60: {
				// hop-by-hop / destination options: tcpdump prints their option list; not ours yet
				p.noClaim = true;
				p.print(nh === 0 ? 'HBH ' : 'DSTOPT ');
				advance = (p.u8(cp + 1) + 1) * 8;
				nh = p.u8(cp);
				break;
			}
			case 44: {
				const offlg = p.u16(cp + 2);
				const fragOff = offlg & 0xfff8;
				const fragLen = payloadLen + 40 - (cp - off) - 8;
				if (o.verbose > 0) {
					p.print(`frag (0x${p.u32(cp + 4).toString(16).padStart(8, '0')}:${fragOff}|${fragLen})`);
				} else {
					p.print(`frag (${fragOff}|${fragLen})`);
				}
				info.fragmented = true;
				if (fragOff !== 0) {
					return;
				}
				p.print(' ');
				advance = 8;
				nh = p.u8(cp);
				if (p.snapEnd <= cp + advance) {
					return;
				}
				break;
			}
			case 43:
				p.noClaim = true;
				p.print('srcrt ');
				advance = (p.u8(cp + 1) + 1) * 8;
				nh = p.u8(cp);
				break;
			default:
				demux(p, ctx, cp, len, info, nh);
				return;
		}
	}
}

function demux(p: Printer, ctx: IpContext, off: number, length: number, ip: IpInfo, proto: number): void {
	switch (proto) {
		case 6:
			printTcp(p, ctx.table, off, length, ip);
			return;
		case 17:
			printUdp(p, off, length, ip);
			return;
		case 1:
			if (ip.version === 4) {
				printIcmp(p, off, length, ip);
			} else {
				p.print('[ICMP requires IPv4]');
			}
			return;
		case 58:
			printIcmp6(p, off, length, ip);
			return;
		default:
			p.claim = 'none';
			p.print(` ip-proto-${proto} ${length}`);
	}
}
