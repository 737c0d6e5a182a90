/**
 * Where capture text comes from: a regular file read in chunks into one reused buffer, or a stream
 * (standard input, a FIFO, a socket). Both are decoded as streaming UTF-8 and split by the core's
 * one line rule (`LineSplitter`), so no whole-file string is ever built. The first bytes are
 * sniffed: binary captures, compressed files, UTF-16 and binary data are refused with what they are.
 * A pcap or pcapng capture is rendered as `tcpdump -nn` prints it (src/cli/pcap.ts) and read as that text.
 */
import { type LineFeed, PcapFeed } from './pcap';
import { isAscii } from 'buffer';
import * as fs from 'fs';
import { LineSplitter } from '../core/scan/lines';

/** Bytes per read. */
export const CHUNK_BYTES = 1 << 20;
/** No tcpdump line is this long (a 256 KiB snaplen printed with -A is a quarter of it). */
export const MAX_LINE_CHARS = 16 << 20;

/** The input is not (readable) tcpdump text: exit 2 with this message. */
export class InputRefused extends Error {}

export type Sniffed =
	| { readonly kind: 'text' }
	| { readonly kind: 'pcap' | 'pcapng' | 'compressed' | 'utf16' | 'binary'; readonly message: string };

function convertHint(name: string, stdin: boolean, tool: string): string {
	return stdin ? `  ... | ${tool} | tcpdump-lens -` : `  ${tool.replace(/ -$/, '')} ${name} | tcpdump-lens -`;
}

/**
 * What the first bytes say. `head` holds the first bytes read (up to a chunk); a multi-byte
 * character cut at its end is not held against it.
 */
export function sniff(head: Uint8Array, name: string, stdin: boolean): Sniffed {
	const b = (i: number) => head[i] ?? -1;
	const u32le = head.length >= 4 ? (b(0) | (b(1) << 8) | (b(2) << 16) | (b(3) << 24)) >>> 0 : -1;
	if (u32le === 0xa1b2c3d4 || u32le === 0xd4c3b2a1 || u32le === 0xa1b23c4d || u32le === 0x4d3cb2a1 || u32le === 0x0a0d0d0a) {
		const kind = u32le === 0x0a0d0d0a ? 'pcapng' : 'pcap';
		const how = stdin ? '  ... | tcpdump -nn -r - | tcpdump-lens -' : `  tcpdump -nn -r ${name} > capture.txt`;
		return { kind, message: `${name} is a binary ${kind} capture, not tcpdump's text output; convert it first:\n${how}` };
	}
	const compressed: [number[], string, string][] = [
		[[0x1f, 0x8b], 'gzip', 'gzip -dc -'],
		[[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz', 'xz -dc -'],
		[[0x42, 0x5a, 0x68], 'bzip2', 'bzip2 -dc -'],
		[[0x28, 0xb5, 0x2f, 0xfd], 'zstd', 'zstd -dc -'],
		[[0x04, 0x22, 0x4d, 0x18], 'lz4', 'lz4 -dc -'],
		[[0x50, 0x4b, 0x03, 0x04], 'zip', 'unzip -p -'],
	];
	for (const [magic, what, tool] of compressed) {
		if (head.length >= magic.length && magic.every((m, i) => head[i] === m)) {
			return { kind: 'compressed', message: `${name} is ${what}-compressed, not text; decompress it first:\n${convertHint(name, stdin, tool)}` };
		}
	}
	const utf16 = utf16Kind(head);
	if (utf16) {
		return { kind: 'utf16', message: `${name} is UTF-16 text (${utf16}); tcpdump writes ASCII: convert it first:\n${convertHint(name, stdin, 'iconv -f UTF-16 -t UTF-8 -')}` };
	}
	const bad = firstNonTextByte(head);
	if (bad !== undefined) {
		return { kind: 'binary', message: `${name} is binary data, not text (byte 0x${(head[bad] ?? 0).toString(16).padStart(2, '0')} at offset ${bad}); tcpdump-lens reads tcpdump's text output (tcpdump -nn -r x.pcap > x.txt)` };
	}
	return { kind: 'text' };
}

function utf16Kind(head: Uint8Array): string | undefined {
	if (head[0] === 0xff && head[1] === 0xfe) {
		return 'little-endian, with a byte-order mark';
	}
	if (head[0] === 0xfe && head[1] === 0xff) {
		return 'big-endian, with a byte-order mark';
	}
	// ASCII as UTF-16: every other byte is 0
	const n = Math.min(head.length, 256) & ~1;
	if (n < 8) {
		return undefined;
	}
	let evenZero = 0;
	let oddZero = 0;
	for (let i = 0; i < n; i += 2) {
		if (head[i] === 0) {
			evenZero++;
		}
		if (head[i + 1] === 0) {
			oddZero++;
		}
	}
	const half = n / 2;
	if (oddZero >= half * 0.9 && evenZero === 0) {
		return 'little-endian';
	}
	if (evenZero >= half * 0.9 && oddZero === 0) {
		return 'big-endian';
	}
	return undefined;
}

/** The offset of the first byte that cannot be in tcpdump's text: a control byte or invalid UTF-8. */
function firstNonTextByte(head: Uint8Array): number | undefined {
	const n = head.length;
	for (let i = 0; i < n;) {
		const c = head[i] ?? 0;
		if (c < 0x80) {
			// tab, LF, VT, FF, CR and ESC appear in text files; any other control byte does not
			if (c < 0x20 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13 && c !== 27) {
				return i;
			}
			if (c === 0x7f) {
				return i;
			}
			i++;
			continue;
		}
		const len = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
		if (len === 0) {
			return i;
		}
		if (i + len > n) {
			return undefined; // cut at the end of what was read
		}
		for (let k = 1; k < len; k++) {
			const cc = head[i + k] ?? 0;
			if ((cc & 0xc0) !== 0x80) {
				return i;
			}
		}
		i += len;
	}
	return undefined;
}

/**
 * Decodes UTF-8 byte chunks into text chunks for a line splitter. tcpdump writes ASCII (only `-A`
 * payloads may hold other bytes), and an ASCII chunk is the same text read as Latin-1, which is a
 * plain copy: about ten times cheaper than UTF-8 decoding, the largest single cost of reading.
 */
export class TextFeed {
	/** Made at the first non-ASCII chunk; a byte-order mark is dropped only at the very start, as before. */
	#decoder: InstanceType<typeof TextDecoder> | undefined;
	#started = false;
	/** The UTF-8 decoder may hold the first bytes of a character cut at the end of the last chunk. */
	#decoderMayHoldBytes = false;
	readonly splitter: LineSplitter;

	constructor(onLine: (line: string) => void) {
		this.splitter = new LineSplitter(onLine, MAX_LINE_CHARS);
	}

	push(bytes: Uint8Array): void {
		let text: string;
		if (!this.#decoderMayHoldBytes && isAscii(bytes)) {
			text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
		} else {
			this.#decoder ??= new TextDecoder('utf-8', { ignoreBOM: this.#started });
			text = this.#decoder.decode(bytes, { stream: true });
			// a chunk ending in an ASCII byte leaves no partial character behind
			this.#decoderMayHoldBytes = bytes.length > 0 && (bytes[bytes.length - 1] ?? 0) >= 0x80;
		}
		this.#started ||= bytes.length > 0;
		if (text.length > 0) {
			this.splitter.push(text);
		}
	}

	end(): void {
		const rest = this.#decoder?.decode() ?? '';
		if (rest.length > 0) {
			this.splitter.push(rest);
		}
		this.splitter.end();
	}
}

export type Opened =
	| { readonly kind: 'file'; readonly fd: number }
	| { readonly kind: 'stream'; readonly stream: NodeJS.ReadableStream; readonly close: () => void };

/**
 * Opens an input: `-` is standard input; a FIFO or socket is read as a stream; a regular file in
 * chunks; anything else (a directory, `/dev/zero`, a disk, a terminal device) is refused, since
 * it is not a capture text and may never end.
 */
export function openInput(name: string): Opened {
	if (name === '-') {
		return { kind: 'stream', stream: process.stdin, close: () => undefined };
	}
	let fd: number;
	try {
		fd = fs.openSync(name, 'r');
	} catch (e) {
		const err = e as NodeJS.ErrnoException;
		if (err.code === 'EISDIR') {
			throw new InputRefused(`${name} is a directory, not a capture text`);
		}
		throw new InputRefused(`cannot read ${name}: ${err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.message}`);
	}
	const st = fs.fstatSync(fd);
	if (st.isFile()) {
		return { kind: 'file', fd };
	}
	if (st.isFIFO() || st.isSocket()) {
		const stream = fs.createReadStream('', { fd, highWaterMark: CHUNK_BYTES });
		return { kind: 'stream', stream, close: () => stream.destroy() };
	}
	fs.closeSync(fd);
	const what = st.isDirectory() ? 'a directory' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device' : 'not a regular file';
	throw new InputRefused(`${name} is ${what}, not a capture text (it may never end); for a live capture pipe it: tcpdump -l -nn ... | tcpdump-lens -`);
}

/**
 * Reads a regular file to its end in chunks into one reused buffer, handing decoded lines to
 * `onLine`. Returns the number of bytes read. Throws `InputRefused` if the first bytes are not text.
 */
export function readFileLines(fd: number, name: string, onLine: (line: string) => void): number {
	const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
	let feed: LineFeed = new TextFeed(onLine);
	let total = 0;
	try {
		for (;;) {
			let n: number;
			try {
				n = fs.readSync(fd, buffer, 0, buffer.length, null);
			} catch (e) {
				throw new InputRefused(`cannot read ${name}: ${(e as Error).message}`);
			}
			if (n === 0) {
				break;
			}
			if (total === 0) {
				const s = sniff(buffer.subarray(0, n), name, false);
				if (s.kind === 'pcap' || s.kind === 'pcapng') {
					feed = new PcapFeed(new TextFeed(onLine), name); // analysed as the text tcpdump -nn prints
				} else if (s.kind !== 'text') {
					throw new InputRefused(s.message);
				}
			}
			total += n;
			feed.push(buffer.subarray(0, n));
		}
		feed.end();
	} finally {
		fs.closeSync(fd);
	}
	return total;
}
