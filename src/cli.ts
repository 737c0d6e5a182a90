/**
 * tcpdump-lens: the core on the command line.
 *
 *   tcpdump-lens capture.txt                 connections and findings, FILE:LINE:COL: clickable
 *   tcpdump-lens --json capture.txt          the stable JSON interface (README, "JSON output")
 *   tcpdump -l -nn -i eth0 | tcpdump-lens -  follow a live capture; Ctrl-C prints the summary
 *
 * Exit status: 0 no error finding, 1 at least one error finding, 2 an input unreadable (or not
 * tcpdump's text) or bad usage, 3 the run was cut short (write error, over-long line, internal
 * error). It only reads: it never writes or modifies the input.
 *
 * The parts: src/cli/args.ts (options), src/cli/input.ts (files and streams to lines),
 * src/cli/report.ts (one input's report), src/cli/output.ts (stdout), src/cli/spill.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { LineTooLongError } from './core/scan/lines';
import { parseArgs, USAGE, type Options } from './cli/args';
import { InputRefused, openInput, readFileLines, sniff, TextFeed } from './cli/input';
import { complain, Output, OutputError } from './cli/output';
import { CaptureReport } from './cli/report';
import { type LineFeed, PcapFeed, runPrint } from './cli/pcap';
import { runLadder } from './cliLadder';

/** How long the input must be quiet before the last packet counts as complete. */
const QUIET_MS = 200;
/** How long before a connection closed by FIN both ways counts as done without its last ACK. */
const QUIET_CLOSE_MS = 1000;

function version(): string {
	try {
		return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;
	} catch {
		return 'unknown';
	}
}

/** Reads a stream (stdin, FIFO, socket) as it comes; resolves at its end or on Ctrl-C. */
function readStream(stream: NodeJS.ReadableStream, name: string, report: CaptureReport, out: Output): Promise<void> {
	return new Promise((resolve, reject) => {
		let feed: LineFeed = new TextFeed(line => report.pushLine(line));
		let head: Buffer | undefined = Buffer.alloc(0);
		let quiet: ReturnType<typeof setTimeout> | undefined;
		let quietClose: ReturnType<typeof setTimeout> | undefined;
		let settled = false;
		const settle = (error?: unknown) => {
			if (settled) {
				return;
			}
			settled = true;
			clearTimeout(quiet);
			clearTimeout(quietClose);
			process.removeListener('SIGINT', onInterrupt);
			stream.removeAllListeners('data');
			stream.pause();
			if (error === undefined) {
				resolve();
			} else {
				reject(error);
			}
		};
		const guard = (f: () => void) => {
			try {
				f();
			} catch (e) {
				settle(e);
			}
		};
		const sniffed = (bytes: Buffer) => {
			const s = sniff(bytes, name, true);
			if (s.kind === 'pcap' || s.kind === 'pcapng') {
				feed = new PcapFeed(new TextFeed(line => report.pushLine(line)), name); // tcpdump -w - | tcpdump-lens -
			} else if (s.kind !== 'text') {
				throw new InputRefused(s.message);
			}
		};
		const end = () => guard(() => {
			if (head && head.length > 0) {
				sniffed(head);
				feed.push(head);
			}
			head = undefined;
			feed.end();
			settle();
		});
		const onInterrupt = () => end();
		process.on('SIGINT', onInterrupt);
		stream.on('data', (data: Buffer | string) => guard(() => {
			let chunk = typeof data === 'string' ? Buffer.from(data) : data;
			if (head) {
				head = Buffer.concat([head, chunk]);
				if (head.length < 16) {
					return; // too few bytes to tell what this is
				}
				sniffed(head);
				chunk = head;
				head = undefined;
			}
			feed.push(chunk);
			out.flush();
			clearTimeout(quiet);
			clearTimeout(quietClose);
			quiet = setTimeout(() => guard(() => {
				report.quiet();
				out.flush();
			}), QUIET_MS);
			quietClose = setTimeout(() => guard(() => {
				report.quietLong();
				out.flush();
			}), QUIET_CLOSE_MS);
		}));
		stream.on('end', end);
		stream.on('error', (e: Error) => settle(new InputRefused(`cannot read ${name}: ${e.message}`)));
	});
}

/** Reads one input and writes its report. Returns 0, 1 (an error finding) or 2 (refused). */
async function runInput(input: string, options: Options, out: Output, jsonIndex: { written: number }): Promise<number> {
	const name = input === '-' ? '<stdin>' : input;
	let opened;
	try {
		opened = openInput(input);
	} catch (e) {
		if (e instanceof InputRefused) {
			complain(e.message);
			return 2;
		}
		throw e;
	}
	const report = new CaptureReport(name, options, out, opened.kind === 'stream');
	let bytes: number;
	try {
		if (opened.kind === 'file') {
			bytes = readFileLines(opened.fd, name, line => report.pushLine(line));
		} else {
			await readStream(opened.stream, name, report, out);
			bytes = 1;
		}
		const status = report.finish();
		if (status === 2) {
			complain(`${name}: no tcpdump packet lines found: is this tcpdump's text output?${bytes === 0 ? ' (it is empty)' : ''}`);
			return 2;
		}
		if (options.json) {
			const several = options.inputs.length > 1;
			if (several) {
				out.write(jsonIndex.written === 0 ? (options.compact ? '' : '\n  ') : (options.compact ? ',' : ',\n  '));
			}
			report.writeJson(several && !options.compact ? '  ' : '', several ? { file: name } : {});
			if (!several) {
				out.write('\n');
			}
			jsonIndex.written++;
		}
		return status;
	} catch (e) {
		if (e instanceof InputRefused) {
			complain(e.message);
			return 2;
		}
		if (e instanceof LineTooLongError) {
			e.message = `${name}: ${e.message}`;
		}
		throw e;
	} finally {
		report.dispose();
		if (opened.kind === 'stream') {
			opened.close();
		}
	}
}

export async function main(argv: string[]): Promise<number> {
	if (argv.includes('--ladder')) {
		return runLadder(argv); // the ladder diagram has its own arguments (src/cliLadder.ts)
	}
	if (argv.includes('--print')) {
		return runPrint(argv); // tcpdump's text of a capture file (src/cli/pcap.ts)
	}
	const parsed = parseArgs(argv);
	const out = new Output(1, 'json' in parsed && parsed.json ? 1 << 20 : 1 << 16);
	if ('help' in parsed) {
		out.line(USAGE);
		out.flush();
		return 0;
	}
	if ('version' in parsed) {
		out.line(`tcpdump-lens ${version()}`);
		out.flush();
		return 0;
	}
	if ('error' in parsed) {
		complain(`${parsed.error}\n\n${USAGE}`);
		return 2;
	}
	const several = parsed.json && parsed.inputs.length > 1;
	if (several) {
		out.write('[');
	}
	const jsonIndex = { written: 0 };
	let status = 0;
	for (const input of parsed.inputs) {
		status = Math.max(status, await runInput(input, parsed, out, jsonIndex));
	}
	if (several) {
		out.write(jsonIndex.written > 0 && !parsed.compact ? '\n]\n' : ']\n');
	}
	out.flush();
	return status;
}

/** The one line for a run cut short, and its exit status (3). */
function cutShort(e: unknown): number {
	if (e instanceof OutputError) {
		complain(e.message);
	} else if (e instanceof LineTooLongError) {
		complain(`${e.message}: this is not tcpdump's text output; stopped`);
	} else {
		complain(`internal error: ${e instanceof Error ? e.message : String(e)} (please report it)`);
	}
	return 3;
}

if (require.main === module) {
	main(process.argv.slice(2)).then(code => process.exit(code), (e: unknown) => process.exit(cutShort(e)));
}
