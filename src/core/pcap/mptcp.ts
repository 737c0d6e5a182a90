/** The MPTCP option summary (tcpdump 4.99 print-mptcp.c): `mptcp 12 capable v1 {0x…}`, `mptcp 8 dss ack …`. */
import { ipv4String, ipv6String, type Printer } from './printer';

const SUBTYPES = ['capable', 'join', 'dss', 'add-addr', 'rem-addr', 'prio', 'fail', 'fast-close', 'unknown'];
const ADDR_ECHO: Record<number, string> = { 6: 'v0-ip6', 4: 'v0-ip4', 1: 'v1-echo', 0: 'v1' };

function u64(p: Printer, off: number): bigint {
	p.check(off, 8);
	return p.view.getBigUint64(off);
}

/** Prints from `cp` (the option's kind byte), `len` bytes. False = tcpdump's `[bad opt]`. */
export function mptcpOption(p: Printer, cp: number, len: number, flags: number): boolean {
	p.protocol = 'mptcp';
	if (len < 3) {
		return false;
	}
	const subtype = Math.min(p.u8(cp + 2) >> 4, 8);
	p.print(` ${len} ${SUBTYPES[subtype]}`);
	const SYN = 0x02;
	const ACK = 0x10;
	switch (subtype) {
		case 0: {
			if (!((len === 12 || len === 4) && flags & SYN) && !((len === 20 || len === 22) && (flags & (SYN | ACK)) === ACK)) {
				return false;
			}
			const version = p.u8(cp + 2) & 0xf;
			if (version > 1) {
				p.print(` Unknown Version (${version})`);
				return true;
			}
			p.print(` v${version}`);
			if (p.u8(cp + 3) & 0x80) {
				p.print(' csum');
			}
			if (len === 12 || len >= 20) {
				p.print(` {0x${u64(p, cp + 4).toString(16)}`);
				if (len >= 20) {
					p.print(`,0x${u64(p, cp + 12).toString(16)}`);
				}
				p.print('}');
			}
			return true;
		}
		case 1: {
			if (!(len === 12 && flags & SYN) && !(len === 16 && (flags & (SYN | ACK)) === (SYN | ACK)) && !(len === 24 && flags & ACK)) {
				return false;
			}
			if (len !== 24) {
				if (p.u8(cp + 2) & 1) {
					p.print(' backup');
				}
				p.print(` id ${p.u8(cp + 3)}`);
			}
			if (len === 12) {
				p.print(` token 0x${p.u32(cp + 4).toString(16)} nonce 0x${p.u32(cp + 8).toString(16)}`);
			} else if (len === 16) {
				p.print(` hmac 0x${u64(p, cp + 4).toString(16)} nonce 0x${p.u32(cp + 12).toString(16)}`);
			} else {
				p.print(' hmac 0x');
				// tcpdump reads these 20 bytes without a bounds check; the option length guarantees them
				for (let i = 0; i < 20; i++) {
					p.print((p.data[cp + 4 + i] ?? 0).toString(16).padStart(2, '0'));
				}
			}
			return true;
		}
		case 2: {
			if (len < 4 || flags & SYN) {
				return false;
			}
			const f = p.u8(cp + 3);
			if (f & 0x10) {
				p.print(' fin');
			}
			let o = cp + 4;
			let left = len - 4;
			if (f & 0x01) {
				p.print(' ack ');
				if (f & 0x02) {
					if (left < 8) {
						return false;
					}
					p.print(u64(p, o).toString());
					o += 8;
					left -= 8;
				} else {
					if (left < 4) {
						return false;
					}
					p.print(String(p.u32(o)));
					o += 4;
					left -= 4;
				}
			}
			if (f & 0x04) {
				p.print(' seq ');
				if (f & 0x08) {
					if (left < 8) {
						return false;
					}
					p.print(u64(p, o).toString());
					o += 8;
					left -= 8;
				} else {
					if (left < 4) {
						return false;
					}
					p.print(String(p.u32(o)));
					o += 4;
					left -= 4;
				}
				if (left < 4) {
					return false;
				}
				p.print(` subseq ${p.u32(o)}`);
				o += 4;
				left -= 4;
				if (left < 2) {
					return false;
				}
				p.print(` len ${p.u16(o)}`);
				o += 2;
				left -= 2;
				if (left >= 2) {
					p.print(` csum 0x${p.u16(o).toString(16)}`);
					left -= 2;
				}
			}
			return left === 0;
		}
		case 3: {
			if (![8, 10, 16, 18, 20, 22, 28, 30].includes(len)) {
				return false;
			}
			p.print(` ${ADDR_ECHO[p.u8(cp + 2) & 0xf] ?? '[bad version/echo]'}`);
			p.print(` id ${p.u8(cp + 3)}`);
			if (len <= 18) {
				p.check(cp + 4, 4);
				p.print(` ${ipv4String(p.data, cp + 4)}`);
				if (len === 10 || len === 18) {
					p.print(`:${p.u16(cp + 8)}`);
				}
				if (len === 16) {
					p.print(` hmac 0x${u64(p, cp + 8).toString(16)}`);
				}
				if (len === 18) {
					p.print(` hmac 0x${u64(p, cp + 10).toString(16)}`);
				}
			} else {
				p.check(cp + 4, 16);
				p.print(` ${ipv6String(p.data, cp + 4)}`);
				if (len === 22 || len === 30) {
					p.print(`:${p.u16(cp + 20)}`);
				}
				if (len === 28) {
					p.print(` hmac 0x${u64(p, cp + 20).toString(16)}`);
				}
				if (len === 30) {
					p.print(` hmac 0x${u64(p, cp + 22).toString(16)}`);
				}
			}
			return true;
		}
		case 4: {
			if (len < 4) {
				return false;
			}
			p.print(' id');
			for (let i = 0; i < len - 3; i++) {
				p.print(` ${p.u8(cp + 3 + i)}`);
			}
			return true;
		}
		case 5:
			if (len !== 3 && len !== 4) {
				return false;
			}
			p.print(p.u8(cp + 2) & 1 ? ' backup' : ' non-backup');
			if (len === 4) {
				p.print(` id ${p.u8(cp + 3)}`);
			}
			return true;
		case 6:
			if (len !== 12) {
				return false;
			}
			p.print(` seq ${u64(p, cp + 4).toString()}`);
			return true;
		case 7:
			if (len !== 12) {
				return false;
			}
			p.print(` key 0x${u64(p, cp + 4).toString(16)}`);
			return true;
		default:
			return true;
	}
}
