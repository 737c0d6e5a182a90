/** tcpdump's -x, -X and -A dumps (print-ascii.c hex_print_with_offset, hex_and_ascii_print_with_offset, ascii_print). */
import { hex2 } from './printer';

const offsetText = (n: number) => '\n\t0x' + n.toString(16).padStart(4, '0') + ': ';

/** `\n\t0x0000:  4500 003c …`, 8 groups of 2 bytes per line. */
export function hexDump(data: Uint8Array, start: number, end: number): string {
	let s = '';
	let i = 0;
	let offset = 0;
	let p = start;
	for (; p + 1 < end; p += 2) {
		if (i++ % 8 === 0) {
			s += offsetText(offset);
			offset += 16;
		}
		s += ' ' + hex2(data[p]!) + hex2(data[p + 1]!);
	}
	if (p < end) {
		if (i % 8 === 0) {
			s += offsetText(offset);
		}
		s += ' ' + hex2(data[p]!);
	}
	return s;
}

const graphic = (c: number) => c > 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';

/** The -X form: hex padded to 40 columns, two spaces, printable ASCII or `.`. */
export function hexAsciiDump(data: Uint8Array, start: number, end: number): string {
	let s = '';
	let hex = '';
	let ascii = '';
	let offset = 0;
	let p = start;
	const flush = () => {
		s += offsetText(offset) + hex.padEnd(40) + '  ' + ascii;
		offset += 16;
		hex = '';
		ascii = '';
	};
	for (; p + 1 < end; p += 2) {
		hex += ' ' + hex2(data[p]!) + hex2(data[p + 1]!);
		ascii += graphic(data[p]!) + graphic(data[p + 1]!);
		if (hex.length === 40) {
			flush();
		}
	}
	if (p < end) {
		hex += ' ' + hex2(data[p]!);
		ascii += graphic(data[p]!);
	}
	if (hex.length > 0) {
		flush();
	}
	return s;
}

/**
 * The -A form (ascii_print): a newline, then each byte as itself when printable, a tab, a space or a
 * newline, else `.`; a CR is dropped when a newline follows it or when it is one of the last two
 * bytes (tcpdump's `length > 1` test), else printed as `.`.
 */
export function asciiDump(data: Uint8Array, start: number, end: number): string {
	let s = '\n';
	for (let p = start; p < end; p++) {
		const c = data[p]!;
		const remaining = end - p - 1;
		if (c === 0x0d) {
			if (remaining > 1 && data[p + 1] !== 0x0a) {
				s += '.';
			}
		} else if (c > 0x20 && c < 0x7f || c === 0x09 || c === 0x20 || c === 0x0a) {
			s += String.fromCharCode(c);
		} else {
			s += '.';
		}
	}
	return s;
}
