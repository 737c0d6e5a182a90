/**
 * The TCP part of a line, as tcpdump 4.99 print-tcp.c prints it: flags, relative seq/ack by
 * tcpdump's own base table, win, urg, every option, `length N`, and the truncation and header
 * errors. Payload decoders (HTTP, BGP, …) are not ours: for their ports the line stops at
 * `length N` and the packet is claimed only up to there ('tcp-prefix').
 */
import { Printer, Truncated, hex2, hex4 } from './printer';
import { transportChecksum, type IpInfo } from './ip';
import { mptcpOption } from './mptcp';
import { printHttp } from './http';

/** Ports whose payload tcpdump 4.99 hands to an application printer (print-tcp.c, tail of tcp_print). */
const DECODED_BEFORE_HTTP = new Set([23, 25, 43, 179, 1723, 6379, 22, 139, 445, 10288, 6633, 6653, 21]);
const DECODED_PORTS = new Set([23, 25, 43, 179, 1723, 6379, 22, 139, 445, 10288, 6633, 6653, 21, 80, 8080, 554, 8554, 53, 639, 323, 646, 2049]);

const FLAG_LETTERS: [number, string][] = [[0x01, 'F'], [0x02, 'S'], [0x04, 'R'], [0x08, 'P'], [0x10, '.'], [0x20, 'U'], [0x40, 'E'], [0x80, 'W']];

const OPTION_NAMES: Record<number, string> = {
	0: 'eol', 1: 'nop', 2: 'mss', 3: 'wscale', 4: 'sackOK', 5: 'sack', 6: 'echo', 7: 'echoreply', 8: 'TS',
	11: 'cc', 12: 'ccnew', 13: '', 19: 'md5', 20: 'scps', 28: 'uto', 29: 'tcp-ao', 30: 'mptcp', 34: 'tfo', 254: 'exp',
};

/** tcp_flag_values printed without separators, `none` when no bit is set. */
export function tcpFlagText(flags: number): string {
	let s = '';
	for (const [bit, letter] of FLAG_LETTERS) {
		if (flags & bit) {
			s += letter;
		}
	}
	return s || 'none';
}

interface SeqBase {
	seq: number;
	ack: number;
}

/**
 * tcpdump's relative-number table: one entry per {addresses, ports} in a canonical order, seeded by
 * the first ACK-flag packet (or any SYN-ACK), never removed. Kept per renderer, as tcpdump keeps it per run.
 */
export class TcpSequenceTable {
	readonly #entries = new Map<string, SeqBase>();

	/** Returns the printed seq/ack and the bases (thseq, thack) and direction for SACK blocks. */
	relativise(key: string, rev: boolean, syn: boolean, seq: number, ack: number): { seq: number; ack: number; thseq: number; thack: number } {
		let th = this.#entries.get(key);
		if (!th || syn) {
			th = rev ? { ack: seq, seq: (ack - 1) >>> 0 } : { seq, ack: (ack - 1) >>> 0 };
			this.#entries.set(key, th);
		} else if (rev) {
			seq = (seq - th.ack) >>> 0;
			ack = (ack - th.seq) >>> 0;
		} else {
			seq = (seq - th.seq) >>> 0;
			ack = (ack - th.ack) >>> 0;
		}
		return { seq, ack, thseq: th.seq, thack: th.ack };
	}
}

function bytesKey(data: Uint8Array, offset: number, n: number): string {
	let s = '';
	for (let i = 0; i < n; i++) {
		s += hex2(data[offset + i]!);
	}
	return s;
}

function compareBytes(data: Uint8Array, a: number, b: number, n: number): number {
	for (let i = 0; i < n; i++) {
		const d = data[a + i]! - data[b + i]!;
		if (d !== 0) {
			return d;
		}
	}
	return 0;
}

/** A LENCHECK failure inside the option list: tcpdump jumps to `trunc`, which adds `>`. */
class OptionTruncated extends Truncated {}
/** A malformed option: `[bad opt]`, then `]`, and the line ends. */
class BadOption extends Error {}

/** fn_print_char: `M-` for 8-bit, `^X` for control characters. */
export function printableChar(c: number): string {
	let s = '';
	if (c > 0x7f) {
		c &= 0x7f;
		s += 'M-';
	}
	if (c < 0x20 || c === 0x7f) {
		c ^= 0x40;
		s += '^';
	}
	return s + String.fromCharCode(c);
}

/** Prints the TCP segment at `off` (IP payload `length` bytes). */
export function printTcp(p: Printer, table: TcpSequenceTable, off: number, length: number, ip: IpInfo): void {
	p.protocol = 'tcp';
	const d = p.data;
	if (!p.has(off + 2, 2)) {
		p.print(`${ip.src} > ${ip.dst}:`);
		throw new Truncated();
	}
	const sport = p.u16(off);
	const dport = p.u16(off + 2);
	if (ip.nextHeaderIsTcp) {
		p.print(`${ip.src}.${sport} > ${ip.dst}.${dport}: `);
	} else {
		p.print(`${sport} > ${dport}: `);
	}
	p.check(off, 20);
	p.claim = 'tcp';
	const hlen = (d[off + 12]! >> 4) * 4;
	if (hlen < 20) {
		p.print(` tcp ${(length - hlen) >>> 0} [bad hdr length ${hlen} - too short, < 20]`);
		return;
	}
	let seq = p.u32(off + 4);
	let ack = p.u32(off + 8);
	const win = p.u16(off + 14);
	const urp = p.u16(off + 18);
	if (p.options.quiet) {
		p.print(`tcp ${(length - hlen) >>> 0}`);
		if (hlen > length) {
			p.print(` [bad hdr length ${hlen} - too long, > ${length}]`);
		}
		return;
	}
	const flags = d[off + 13]!;
	p.print(`Flags [${tcpFlagText(flags)}]`);
	let thseq = 0;
	let thack = 0;
	let rev = false;
	if (!p.options.absolute && flags & 0x10) {
		const n = ip.version === 4 ? 4 : 16;
		if (sport > dport) {
			rev = true;
		} else if (sport === dport && compareBytes(d, ip.srcOffset, ip.dstOffset, n) > 0) {
			rev = true;
		}
		const key = ip.version + (rev
			? bytesKey(d, ip.dstOffset, n) + bytesKey(d, ip.srcOffset, n) + (dport * 65536 + sport)
			: bytesKey(d, ip.srcOffset, n) + bytesKey(d, ip.dstOffset, n) + (sport * 65536 + dport));
		const r = table.relativise(key, rev, (flags & 0x02) !== 0, seq, ack);
		seq = r.seq;
		ack = r.ack;
		thseq = r.thseq;
		thack = r.thack;
	}
	if (hlen > length) {
		p.print(` [bad hdr length ${hlen} - too long, > ${length}]`);
		return;
	}
	if (p.options.verbose > 0 && !ip.fragmented && p.has(off, length)) {
		const sum = transportChecksum(p, ip, off, length, 6);
		const field = p.u16(off + 16);
		p.print(`, cksum 0x${hex4(field)}`);
		p.print(sum === 0 ? ' (correct)' : ` (incorrect -> 0x${hex4(shouldBe(field, sum))})`);
	}
	const payload = length - hlen;
	if (p.options.verbose > 1 || payload > 0 || flags & 0x07) {
		p.print(`, seq ${seq}`);
		if (payload > 0) {
			p.print(`:${(seq + payload) >>> 0}`);
		}
	}
	if (flags & 0x10) {
		p.print(`, ack ${ack}`);
	}
	p.print(`, win ${win}`);
	if (flags & 0x20) {
		p.print(`, urg ${urp}`);
	}
	if (hlen > 20) {
		p.print(', options [');
		try {
			printOptions(p, off + 20, hlen - 20, flags, rev, thseq, thack, p.has(off + hlen, payload));
		} catch (e) {
			if (e instanceof BadOption) {
				return;
			}
			throw e;
		}
		p.print(']');
	}
	p.print(`, length ${payload}`);
	if (payload === 0) {
		return;
	}
	if (!p.has(off, hlen)) {
		p.print(` [remaining caplen(${Math.max(0, p.snapEnd - off)}) < header length(${hlen})]`);
		throw new Truncated();
	}
	const body = off + hlen;
	if (flags & 0x04 && p.options.verbose > 0) {
		let n = payload;
		p.print(p.has(body, payload) ? ' [RST' : ' [!RST');
		if (n > 30) {
			n = 30;
			p.print('+');
		}
		p.print(' ');
		for (let i = body; n > 0 && i < p.snapEnd; i++, n--) {
			p.print(printableChar(d[i]!));
		}
		p.print(']');
		return;
	}
	const either = (ports: ReadonlySet<number>) => ports.has(sport) || ports.has(dport);
	if (!either(DECODED_BEFORE_HTTP) && (sport === 80 || dport === 80 || sport === 8080 || dport === 8080)) {
		printHttp(p, body, payload);
		return;
	}
	if (either(DECODED_PORTS)) {
		// tcpdump decodes this payload; we stop here (README: "Opening .pcap and .pcapng", gaps)
		p.claim = 'tcp-prefix';
	}
}

/** in_cksum_shouldbe: the checksum field value that would have been right. */
export function shouldBe(field: number, computed: number): number {
	let s = field + computed;
	s = (s & 0xffff) + (s >>> 16);
	s = (s & 0xffff) + (s >>> 16);
	return s;
}

function printOptions(p: Printer, cp: number, hlen: number, flags: number, rev: boolean, thseq: number, thack: number, payloadCaptured: boolean): void {
	let ch = '';
	const lencheck = (l: number) => {
		if (l > hlen) {
			throw new BadOption();
		}
		if (!p.has(cp, l)) {
			throw new OptionTruncated();
		}
	};
	try {
		while (hlen > 0) {
			p.print(ch);
			const opt = p.u8(cp);
			cp++;
			let len: number;
			if (opt === 0 || opt === 1) {
				len = 1;
			} else {
				len = p.u8(cp);
				cp++;
				if (len < 2 || len > hlen) {
					throw new BadOption();
				}
				hlen--;
			}
			hlen--;
			let datalen = 0;
			p.print(OPTION_NAMES[opt] ?? `unknown-${opt}`);
			switch (opt) {
				case 2:
					datalen = 2;
					lencheck(datalen);
					p.print(` ${p.u16(cp)}`);
					break;
				case 3:
					datalen = 1;
					lencheck(datalen);
					p.print(` ${p.u8(cp)}`);
					break;
				case 5:
					datalen = len - 2;
					if (datalen % 8 !== 0) {
						p.print(' invalid sack');
					} else {
						p.print(` ${datalen / 8} `);
						for (let i = 0; i < datalen; i += 8) {
							lencheck(i + 4);
							let s = p.u32(cp + i);
							lencheck(i + 8);
							let e = p.u32(cp + i + 4);
							const base = rev ? thseq : thack;
							s = (s - base) >>> 0;
							e = (e - base) >>> 0;
							p.print(`{${s}:${e}}`);
						}
					}
					break;
				case 11: case 12: case 13: case 6: case 7:
					datalen = 4;
					lencheck(datalen);
					p.print(` ${p.u32(cp)}`);
					break;
				case 8:
					datalen = 8;
					lencheck(datalen);
					p.print(` val ${p.u32(cp)} ecr ${p.u32(cp + 4)}`);
					break;
				case 19: {
					datalen = 16;
					lencheck(datalen);
					// tcpdump built with libcrypto (Debian's is) and no -M secret
					p.print(payloadCaptured ? " shared secret not supplied with -M, can't check - " : " snaplen too short, can't check - ");
					for (let i = 0; i < 16; i++) {
						p.print(hex2(p.u8(cp + i)));
					}
					break;
				}
				case 20:
					datalen = 2;
					lencheck(datalen);
					p.print(` cap ${hex2(p.u8(cp))} id ${p.u8(cp + 1)}`);
					break;
				case 29:
					datalen = len - 2;
					if (datalen < 2) {
						p.print(' (invalid)');
					} else {
						lencheck(1);
						p.print(` keyid ${p.u8(cp)}`);
						lencheck(2);
						p.print(` rnextkeyid ${p.u8(cp + 1)}`);
						if (datalen > 2) {
							p.print(' mac 0x');
							for (let i = 2; i < datalen; i++) {
								lencheck(i + 1);
								p.print(hex2(p.u8(cp + i)));
							}
						}
					}
					break;
				case 0: case 1: case 4:
					break;
				case 28: {
					datalen = 2;
					lencheck(datalen);
					let uto = p.u16(cp);
					p.print(` 0x${uto.toString(16)}`);
					uto = uto & 1 ? (uto >> 1) * 60 : uto >> 1;
					p.print(` ${uto}`);
					break;
				}
				case 30: {
					datalen = len - 2;
					lencheck(datalen);
					const saved = p.snapEnd;
					p.snapEnd = Math.min(cp - 2 + len, p.snapEnd);
					let ok: boolean;
					try {
						ok = mptcpOption(p, cp - 2, len, flags);
					} finally {
						p.snapEnd = saved;
					}
					if (!ok) {
						throw new BadOption();
					}
					break;
				}
				case 34:
					datalen = len - 2;
					lencheck(datalen);
					p.print(' ');
					fastOpen(p, cp, datalen, false);
					break;
				case 254: {
					datalen = len - 2;
					lencheck(datalen);
					if (datalen < 2) {
						throw new BadOption();
					}
					const magic = p.u16(cp);
					p.print('-');
					if (magic === 0xf989) {
						fastOpen(p, cp + 2, datalen - 2, true);
					} else {
						p.print(hex4(magic));
					}
					break;
				}
				default:
					datalen = len - 2;
					if (datalen) {
						p.print(' 0x');
					}
					for (let i = 0; i < datalen; i++) {
						lencheck(i + 1);
						p.print(hex2(p.u8(cp + i)));
					}
					break;
			}
			cp += datalen;
			hlen -= datalen;
			datalen++;
			if (opt !== 0 && opt !== 1) {
				datalen++;
			}
			if (datalen !== len) {
				p.print(`[len ${len}]`);
			}
			ch = ',';
			if (opt === 0) {
				break;
			}
		}
	} catch (e) {
		if (e instanceof BadOption) {
			p.print('[bad opt]');
			if (ch !== '') {
				p.print(']');
			}
			throw e;
		}
		if (e instanceof OptionTruncated) {
			p.print(' [|tcp]');
			if (ch !== '') {
				p.print('>');
			}
			throw new BadOption();
		}
		throw e;
	}
}

function fastOpen(p: Printer, cp: number, datalen: number, exp: boolean): void {
	if (exp) {
		p.print('tfo');
	}
	if (datalen === 0) {
		p.print(' cookiereq');
	} else if (datalen % 2 !== 0 || datalen < 4 || datalen > 16) {
		p.print(' (invalid)');
	} else {
		p.print(' cookie ');
		for (let i = 0; i < datalen; i++) {
			p.print(hex2(p.u8(cp + i)));
		}
	}
}
