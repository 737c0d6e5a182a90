/**
 * tcpdump's HTTP one-liner (print-http.c + print-txtproto.c): `: HTTP` after `length N`, then
 * `: GET / HTTP/1.1` when the payload starts with a request or status line; with -v
 * `, length: N` and every text line on its own tab-indented line.
 */
import type { Printer } from './printer';

const METHODS = new Set([
	'GET', 'PUT', 'COPY', 'HEAD', 'LOCK', 'MOVE', 'POLL', 'POST', 'BCOPY', 'BMOVE', 'MKCOL', 'TRACE', 'LABEL', 'MERGE',
	'DELETE', 'SEARCH', 'UNLOCK', 'REPORT', 'UPDATE', 'NOTIFY', 'BDELETE', 'CONNECT', 'OPTIONS', 'CHECKIN', 'PROPFIND',
	'CHECKOUT', 'BPROPFIND', 'BPROPPATCH', 'PROPPATCH', 'MKACTIVITY', 'MKWORKSPACE', 'UNCHECKOUT', 'VERSION-CONTROL',
	'BASELINE-CONTROL',
]);

const printable = (c: number) => c >= 0x20 && c <= 0x7e;

/** fetch_token: the index after the token and its trailing blanks, 0 when there is no token. */
function fetchToken(p: Printer, start: number, idx: number, len: number): { idx: number; token: string } {
	let token = '';
	for (; idx < len; idx++) {
		if (!p.has(start + idx, 1)) {
			return { idx: 0, token };
		}
		const c = p.data[start + idx]!;
		if (c > 0x7f) {
			return { idx: 0, token };
		}
		if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) {
			break;
		}
		if (!printable(c)) {
			return { idx: 0, token };
		}
		if (token.length + 2 > 129) {
			return { idx: 0, token };
		}
		token += String.fromCharCode(c);
	}
	if (token.length === 0) {
		return { idx: 0, token };
	}
	for (; idx < len; idx++) {
		if (!p.has(start + idx, 1)) {
			break;
		}
		const c = p.data[start + idx]!;
		if (c === 0x0d || c === 0x0a || !printable(c) || c !== 0x20 && c !== 0x09) {
			break;
		}
	}
	return { idx, token };
}

/** print_txt_line: prints one line with `prefix`; returns the next index, 0 to stop. */
function printTextLine(p: Printer, prefix: string, start: number, idx: number, len: number): number {
	const first = idx;
	const emit = (end: number) => {
		let s = prefix;
		for (let i = first; i < end; i++) {
			s += String.fromCharCode(p.data[start + i]!);
		}
		p.print(s);
	};
	while (idx < len) {
		const c = p.u8(start + idx);
		if (c === 0x0a) {
			emit(idx);
			return idx + 1;
		}
		if (c === 0x0d) {
			if (idx + 1 >= len) {
				return 0;
			}
			if (p.u8(start + idx + 1) === 0x0a) {
				emit(idx);
				return idx + 2;
			}
			return 0;
		}
		if (!printable(c) && c !== 0x09) {
			return 0;
		}
		idx++;
	}
	// no line end inside the packet: nd_print_trunc, not a longjmp (the -x dump still skips the link header)
	emit(idx);
	p.print(' [|http]');
	return 0;
}

export function printHttp(p: Printer, start: number, len: number): void {
	p.print(': ');
	p.protocol = 'http';
	let printThis = false;
	let t = fetchToken(p, start, 0, len);
	if (t.idx !== 0) {
		if (METHODS.has(t.token.toUpperCase())) {
			printThis = true;
		}
		t = fetchToken(p, start, t.idx, len);
		if (t.idx !== 0 && /^[0-9]{3}$/.test(t.token)) {
			printThis = true;
		}
	}
	p.print('HTTP');
	if (!printThis) {
		return;
	}
	if (p.options.verbose > 0) {
		p.print(`, length: ${len}`);
		let idx = 0;
		while (idx < len) {
			const eol = printTextLine(p, '\n\t', start, idx, len);
			if (eol === 0) {
				break;
			}
			idx = eol;
		}
	} else {
		printTextLine(p, ': ', start, 0, len);
	}
}
