/**
 * Binary captures on the command line, without tcpdump:
 *
 *   tcpdump-lens x.pcap                      analyse it (the text is rendered as `tcpdump -nn` would)
 *   tcpdump-lens --print -S -v x.pcapng      print what `TZ=UTC tcpdump -nn -S -v -r x.pcapng` prints
 *   tcpdump -w - | tcpdump-lens -            a binary stream on standard input, as well as text
 *
 * src/cli.ts calls `captureAsText`, `textInput` and `runPrint`; everything pcap-specific is here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PassThrough, type Readable } from 'stream';
import {
	CaptureTextStream, OPTION_HELP, bannerLine, captureFileFormat, parseTcpdumpOptions, unsupportedLinkTypeMessage,
	type RenderOptions, type RenderSummary,
} from '../core/pcap/index';

/** Linux if_indextoname for `-i any` (SLL2) captures, as tcpdump asks the machine it runs on. */
function interfaceNames(): (index: number) => string | undefined {
	const names = new Map<number, string>();
	try {
		for (const name of fs.readdirSync('/sys/class/net')) {
			names.set(Number(fs.readFileSync(path.join('/sys/class/net', name, 'ifindex'), 'utf8').trim()), name);
		}
	} catch {
		// not Linux: tcpdump prints `?` there too
	}
	return i => names.get(i);
}

function withNames(o: RenderOptions): RenderOptions {
	return { ...o, interfaceName: interfaceNames() };
}

function report(name: string, summary: RenderSummary): void {
	const unsupported = unsupportedLinkTypeMessage(summary.unsupportedLinkTypes);
	if (unsupported) {
		process.stderr.write(`tcpdump-lens: ${name}: ${unsupported}\n`);
	}
	if (summary.error) {
		process.stderr.write(`tcpdump-lens: ${name}: ${summary.error.message}; ${summary.packets} packets read before it\n`);
	}
}

/**
 * The tcpdump text of a binary capture (`-nn`), or undefined when `bytes` is not a pcap/pcapng
 * file. Damage is reported on stderr; the packets before it are kept.
 */
export function captureAsText(bytes: Uint8Array, name: string): string | undefined {
	if (!captureFileFormat(bytes)) {
		return undefined;
	}
	const stream = new CaptureTextStream(withNames(parseTcpdumpOptions(['-nn']) as RenderOptions));
	const text = stream.push(bytes);
	report(name, stream.finish());
	return text;
}

/**
 * Standard input as text: tcpdump text passes through; a pcap/pcapng stream (`tcpdump -w -`) is
 * rendered packet by packet as it arrives.
 */
export function textInput(stdin: Readable): Promise<Readable> {
	return new Promise(resolve => {
		let decided = false;
		let head = Buffer.alloc(0);
		const out = new PassThrough();
		let capture: CaptureTextStream | undefined;
		const decide = () => {
			decided = true;
			if (captureFileFormat(head)) {
				capture = new CaptureTextStream(withNames(parseTcpdumpOptions(['-nn']) as RenderOptions));
				out.write(capture.push(head));
			} else {
				out.write(head);
			}
			resolve(out);
		};
		stdin.on('data', (chunk: Buffer) => {
			if (!decided) {
				head = Buffer.concat([head, chunk]);
				if (head.length >= 4) {
					decide();
				}
				return;
			}
			out.write(capture ? capture.push(chunk) : chunk);
		});
		stdin.on('end', () => {
			if (!decided) {
				decide();
			}
			if (capture) {
				report('<stdin>', capture.finish());
			}
			out.end();
		});
		stdin.on('error', e => {
			out.destroy(e);
			if (!decided) {
				decided = true;
				resolve(out);
			}
		});
	});
}

const PRINT_USAGE = `Usage: tcpdump-lens --print [tcpdump options] FILE|-

Prints what \`TZ=UTC tcpdump -nn [options] -r FILE\` prints, without tcpdump (pcap or pcapng).
Options, as tcpdump spells them: ${OPTION_HELP} (-r FILE also accepted).
Time stamps are UTC. Exit status: 0 read to the end, 1 the file is damaged (the packets before the
damage are printed), 2 not a capture file or bad usage.`;

/** `tcpdump-lens --print …`: returns the exit status. */
export async function runPrint(argv: string[]): Promise<number> {
	const words: string[] = [];
	let input: string | undefined;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i]!;
		if (a === '--print') {
			continue;
		}
		if (a === '--help' || a === '-h') {
			process.stdout.write(PRINT_USAGE + '\n');
			return 0;
		}
		if (a === '-r' && i + 1 < argv.length) {
			input = argv[++i];
		} else if (a === '-' || !a.startsWith('-')) {
			if (input !== undefined) {
				process.stderr.write('tcpdump-lens: only one input file, please\n');
				return 2;
			}
			input = a;
		} else {
			words.push(a);
		}
	}
	const parsed = parseTcpdumpOptions(words);
	if (typeof parsed === 'string') {
		process.stderr.write(`tcpdump-lens: ${parsed}\n\n${PRINT_USAGE}\n`);
		return 2;
	}
	if (input === undefined) {
		process.stderr.write(`tcpdump-lens: no input\n\n${PRINT_USAGE}\n`);
		return 2;
	}
	const name = input === '-' ? '-' : input;
	let source: Readable;
	try {
		if (input !== '-' && fs.statSync(input).isDirectory()) {
			process.stderr.write(`tcpdump-lens: ${input} is a directory\n`);
			return 2;
		}
		source = input === '-' ? process.stdin : fs.createReadStream(input, { highWaterMark: 1 << 20 });
	} catch (e) {
		process.stderr.write(`tcpdump-lens: cannot read ${input}: ${(e as Error).message}\n`);
		return 2;
	}
	const stream = new CaptureTextStream(withNames(parsed));
	let first = true;
	try {
		for await (const chunk of source) {
			const bytes = chunk as Buffer;
			if (first) {
				first = false;
				if (bytes.length >= 4 && !captureFileFormat(bytes)) {
					process.stderr.write(`tcpdump-lens: ${name}: not a pcap or pcapng file (unknown magic number)\n`);
					return 2;
				}
			}
			const text = stream.push(bytes);
			if (text && !process.stdout.write(text)) {
				await new Promise(resolve => process.stdout.once('drain', resolve));
			}
		}
	} catch (e) {
		process.stderr.write(`tcpdump-lens: cannot read ${input}: ${(e as Error).message}\n`);
		return 2;
	}
	const summary = stream.finish();
	if (summary.firstLinkType !== undefined) {
		process.stderr.write(bannerLine(name, summary) + '\n');
	}
	report(name, summary);
	if (summary.error) {
		return summary.packets === 0 && summary.error.offset === 0 ? 2 : 1;
	}
	return 0;
}

/** Where decoded text lines go: `TextFeed` for tcpdump's text, `PcapFeed` for a binary capture. */
export interface LineFeed {
	push(bytes: Uint8Array): void;
	end(): void;
}

/**
 * A binary capture (pcap or pcapng) fed in chunks, handed on as the lines `tcpdump -nn` would print
 * for it: the CLI then analyses those lines exactly as it analyses a text file. Damage is reported
 * on stderr; the packets before it are kept.
 */
export class PcapFeed implements LineFeed {
	readonly #stream = new CaptureTextStream(withNames(parseTcpdumpOptions(['-nn']) as RenderOptions));

	constructor(private readonly lines: { readonly splitter: { push(text: string): void }; end(): void }, private readonly name: string) {}

	push(bytes: Uint8Array): void {
		const text = this.#stream.push(bytes);
		if (text.length > 0) {
			this.lines.splitter.push(text);
		}
	}

	end(): void {
		report(this.name, this.#stream.finish());
		this.lines.end();
	}
}
