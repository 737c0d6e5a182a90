/**
 * tcpdump's DNS one-liner over UDP (print-domain.c, default verbosity): queries
 * `10753+ A? www.example.org. (33)`, responses `10753 1/0/0 A 203.0.113.10 (64)`. Types with an
 * rdata we do not print make the packet unclaimed; the renderer says so through `p.noClaim`.
 */
import { Printer, Truncated, ipv4String, ipv6String } from './printer';
import { printableChar } from './tcp';

const TYPES: Record<number, string> = {
	1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 13: 'HINFO', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV', 35: 'NAPTR',
	39: 'DNAME', 41: 'OPT', 43: 'DS', 46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY', 50: 'NSEC3', 64: 'SVCB', 65: 'HTTPS',
	99: 'SPF', 252: 'AXFR', 255: 'ANY', 257: 'CAA',
};
const OPS = ['', ' inv_q', ' stat', ' op3', ' notify', ' update', ' op6', ' op7', ' op8', ' updateA', ' updateD', ' updateDA', ' updateM', ' updateMA', ' zoneInit', ' zoneRef'];
const RCODES = ['', ' FormErr', ' ServFail', ' NXDomain', ' NotImp', ' Refused', ' YXDomain', ' YXRRSet', ' NXRRSet', ' NotAuth', ' NotZone', ' Resp11', ' Resp12', ' Resp13', ' Resp14', ' NoChange'];

/** Name at `cp` (with compression pointers relative to `msg`); returns the end of the name in place. */
function name(p: Printer, msg: number, cp: number, print: boolean): number {
	let out = '';
	let end = -1;
	let jumps = 0;
	for (;;) {
		const len = p.u8(cp);
		if ((len & 0xc0) === 0xc0) {
			const target = msg + ((len & 0x3f) << 8 | p.u8(cp + 1));
			if (end < 0) {
				end = cp + 2;
			}
			if (++jumps > 128 || target >= cp) {
				// a loop or a forward pointer: leave such packets to tcpdump
				p.noClaim = true;
				throw new Truncated();
			}
			cp = target;
			continue;
		}
		if (len & 0xc0) {
			p.noClaim = true;
			throw new Truncated();
		}
		cp++;
		if (len === 0) {
			break;
		}
		p.check(cp, len);
		for (let i = 0; i < len; i++) {
			const c = p.data[cp + i]!;
			out += c === 0x2e || c === 0x5c ? '\\' + String.fromCharCode(c) : printableChar(c);
		}
		out += '.';
		cp += len;
	}
	if (print) {
		p.print(out || '.');
	}
	return end >= 0 ? end : cp;
}

export function printDns(p: Printer, off: number, length: number): void {
	p.protocol = 'domain';
	if (length < 12) {
		p.noClaim = true;
		p.print(`[|domain]`);
		return;
	}
	const id = p.u16(off);
	const b1 = p.u8(off + 2);
	const b2 = p.u8(off + 3);
	const qd = p.u16(off + 4);
	const an = p.u16(off + 6);
	const ns = p.u16(off + 8);
	const ar = p.u16(off + 10);
	const opcode = (b1 >> 3) & 0xf;
	let cp = off + 12;
	if (b1 & 0x80) {
		p.print(`${id}${OPS[opcode]}${RCODES[b2 & 0xf]}${b1 & 0x04 ? '*' : ''}${b2 & 0x80 ? '' : '-'}${b1 & 0x02 ? '|' : ''}${b2 & 0x20 ? '$' : ''}`);
		if (qd !== 1) {
			p.print(` [${qd}q]`);
		}
		const vv = p.options.verbose > 1;
		if (vv && qd) {
			p.print(' q:');
		}
		for (let i = 0; i < qd; i++) {
			if (vv) {
				if (i > 0) {
					p.print(',');
				}
				cp = question(p, off, cp);
			} else {
				cp = name(p, off, cp, false) + 4;
			}
		}
		p.print(` ${an}/${ns}/${ar}`);
		cp = records(p, off, cp, an);
		if (vv) {
			if (ns) {
				p.print(' ns:');
				cp = records(p, off, cp, ns);
			}
			if (ar) {
				p.print(' ar:');
				records(p, off, cp, ar);
			}
		}
	} else {
		p.print(`${id}${OPS[opcode]}${b1 & 0x01 ? '+' : ''}${b2 & 0x10 ? '%' : ''}`);
		const weird = (b1 << 8 | b2) & 0x6cf;
		if (weird) {
			p.print(` [b2&3=0x${weird.toString(16)}]`);
		}
		if (opcode === 1) {
			if (qd) {
				p.print(` [${qd}q]`);
			}
			if (an !== 1) {
				p.print(` [${an}a]`);
			}
		} else {
			if (an) {
				p.print(` [${an}a]`);
			}
			if (qd !== 1) {
				p.print(` [${qd}q]`);
			}
		}
		if (ns) {
			p.print(` [${ns}n]`);
		}
		if (ar) {
			p.print(` [${ar}au]`);
		}
		for (let i = 0; i < qd; i++) {
			cp = question(p, off, cp);
		}
		if (p.options.verbose > 1 && (an || ns || ar)) {
			// the other sections of a query: rare, left to tcpdump
			p.noClaim = true;
		}
	}
	p.print(` (${length})`);
}

/** ns_qprint: ` A? www.example.org.` */
function question(p: Printer, msg: number, cp: number): number {
	const after = name(p, msg, cp, false);
	p.check(after, 4);
	const type = p.u16(after);
	const cls = p.u16(after + 2);
	p.print(` ${TYPES[type] ?? `Type${type}`}`);
	if (cls !== 1) {
		p.noClaim = true;
		p.print(` (Class ${cls})`);
	}
	p.print('? ');
	name(p, msg, cp, true);
	return after + 4;
}

function records(p: Printer, msg: number, cp: number, count: number): number {
	for (let i = 0; i < count; i++) {
		if (i > 0) {
			if (cp >= p.snapEnd) {
				throw new Truncated();
			}
			p.print(',');
		}
		cp = answer(p, msg, cp);
	}
	return cp;
}

function answer(p: Printer, msg: number, cp: number): number {
	if (p.options.verbose > 0) {
		p.print(' ');
		cp = name(p, msg, cp, true);
	} else {
		cp = name(p, msg, cp, false);
	}
	p.check(cp, 10);
	const type = p.u16(cp);
	const cls = p.u16(cp + 2);
	const len = p.u16(cp + 8);
	if (cls !== 1 && type !== 41) {
		p.noClaim = true;
		p.print(` (Class ${cls})`);
	}
	cp += 10;
	const rp = cp + len;
	p.print(` ${TYPES[type] ?? `Type${type}`}`);
	if (rp > p.snapEnd) {
		throw new Truncated();
	}
	switch (type) {
		case 1:
			p.check(cp, 4);
			p.print(` ${ipv4String(p.data, cp)}`);
			break;
		case 28:
			p.check(cp, 16);
			p.print(` ${ipv6String(p.data, cp)}`);
			break;
		case 2: case 5: case 12: case 39:
			p.print(' ');
			name(p, msg, cp, true);
			break;
		case 15:
			p.print(' ');
			name(p, msg, cp + 2, true);
			p.print(` ${p.u16(cp)}`);
			break;
		case 6: case 41:
			break;
		default:
			// TXT, SRV, and the rest: tcpdump prints more than we do
			p.noClaim = true;
	}
	return rp;
}
