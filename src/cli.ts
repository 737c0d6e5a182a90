/**
 * tcpdump-lens: the core on the command line.
 *
 *   tcpdump-lens capture.txt                 connections and findings, FILE:LINE:COL: clickable
 *   tcpdump-lens --json capture.txt          the stable JSON interface (README, "Command line")
 *   tcpdump -l -nn -i eth0 | tcpdump-lens -  follow a live capture; Ctrl-C prints the summary
 *
 * Exit status: 0 no error finding, 1 at least one error finding, 2 input unreadable or bad usage.
 * It only reads: it never writes or modifies the input.
 */
import * as fs from 'fs';
import * as readline from 'readline';
import { CaptureReader, detectDeltaMode, splitLines, toAnalysis, type CaptureAnalysis } from './core/capture';
import { formatSeconds } from './core/explain/duration';
import type { Connection, Finding } from './core/types';
import { runLadder } from './cliLadder';
import { captureAsText, runPrint, textInput } from './cli/pcap';

const USAGE = `Usage: tcpdump-lens [--json] FILE|-

Reads tcpdump's text output (any -t form, -#, -e, -v, -X, -A, IPv6, the 3.x style) and reports
TCP connections, handshakes and Wireshark-style TCP findings.

  FILE      a text file written by tcpdump (tcpdump -nn -r x.pcap > x.txt), or a .pcap/.pcapng
            capture itself (rendered as tcpdump -nn prints it; line numbers refer to that text)
  -         read standard input as a stream: tcpdump -l -nn ... | tcpdump-lens -
            (or a binary one: tcpdump -w - ... | tcpdump-lens -)
  --print [tcpdump options] FILE   print the text tcpdump -nn would print for a capture
  --json    print one JSON document (see the README's "Command line" section)
  --help    show this help

Exit status: 0 no error finding, 1 an error finding, 2 the input could not be read.`;

interface Options {
	json: boolean;
	input: string;
}

function parseArgs(argv: string[]): Options | string {
	let json = false;
	let input: string | undefined;
	for (const arg of argv) {
		if (arg === '--json') {
			json = true;
		} else if (arg === '--help' || arg === '-h') {
			return 'help';
		} else if (arg === '-' || !arg.startsWith('-')) {
			if (input !== undefined) {
				return 'only one input file, please';
			}
			input = arg;
		} else {
			return `unknown option ${arg}`;
		}
	}
	if (input === undefined) {
		return 'no input: give a file, or - for standard input';
	}
	return { json, input };
}

function lineOf(a: CaptureAnalysis | undefined, packet: number | undefined): number | null {
	if (packet === undefined || !a) {
		return null;
	}
	const p = a.packets[packet];
	return p ? p.line + 1 : null;
}

function connectionJson(a: CaptureAnalysis, c: Connection): object {
	const h = c.handshake;
	const stats = a.statsFor(c.index);
	return {
		index: c.index,
		client: c.client ?? null,
		server: c.server ?? null,
		endpoints: c.endpoints,
		lines: c.packets.map(i => (a.packets[i]?.line ?? -1) + 1),
		numbering: c.numbering,
		handshake: {
			state: h.state,
			syn: lineOf(a, h.syn),
			synAck: lineOf(a, h.synAck),
			ack: lineOf(a, h.ack),
			rst: lineOf(a, h.rst),
			synCount: h.syns.length,
			clientIsn: h.clientIsn ?? null,
			serverIsn: h.serverIsn ?? null,
			clientMss: h.clientMss ?? null,
			serverMss: h.serverMss ?? null,
			clientWscale: h.clientWscale ?? null,
			serverWscale: h.serverWscale ?? null,
			clientSackOk: h.clientSackOk,
			serverSackOk: h.serverSackOk,
			rttMs: h.rttMs === undefined ? null : round3(h.rttMs),
			synToSynAckMs: h.synToSynAckMs === undefined ? null : round3(h.synToSynAckMs),
			synAckToAckMs: h.synAckToAckMs === undefined ? null : round3(h.synAckToAckMs),
			problem: h.problem ?? null,
		},
		stats: stats ? {
			packets: stats.packets,
			bytes: stats.directions.map(d => ({ from: d.from, packets: d.packets, bytes: d.bytes, retransmittedBytes: d.retransmittedBytes })),
			durationS: stats.durationS === undefined ? null : Math.round(stats.durationS * 1e6) / 1e6,
			retransmittedBytes: stats.retransmittedBytes,
			zeroWindowEvents: stats.zeroWindowEvents,
			endedBy: stats.endedBy,
			endedFrom: stats.endedFrom ?? null,
			completeness: stats.completenessValue,
			completenessFlags: stats.completeness,
		} : null,
	};
}

function round3(x: number): number {
	return Math.round(x * 1000) / 1000;
}

function findingJson(f: Finding): object {
	return {
		line: f.span.line + 1,
		column: f.span.start + 1,
		endColumn: f.span.end + 1,
		code: f.code,
		severity: f.severity,
		message: f.message,
		connection: f.connection ?? null,
		certainty: f.certainty,
		alternatives: f.alternatives,
		related: f.related.map(r => ({ line: r.span.line + 1, column: r.span.start + 1, message: r.message })),
	};
}

export function analysisJson(a: CaptureAnalysis): object {
	return {
		packets: a.counts.packets,
		tcpPackets: a.counts.tcpPackets,
		unreadableLines: a.counts.unreadableLines,
		numbering: a.numbering,
		connections: a.connections.map(c => connectionJson(a, c)),
		diagnostics: a.findings.map(findingJson),
		unreadable: a.unreadable.map(u => ({ line: u.line + 1, reason: u.reason })),
	};
}

function findingLine(name: string, f: Finding): string {
	return `${name}:${f.span.line + 1}:${f.span.start + 1}: ${f.severity} ${f.code}: ${f.message}`;
}

function handshakeSummary(c: Connection): string {
	const h = c.handshake;
	const parts: string[] = [];
	switch (h.state) {
		case 'complete': parts.push('handshake complete'); break;
		case 'simultaneous': parts.push('simultaneous open'); break;
		case 'none': parts.push('handshake not captured'); break;
		case 'refused': parts.push('refused (RST)'); break;
		default: parts.push(`handshake ${h.state}${h.problem ? ` (${h.problem})` : ''}`);
	}
	if (h.rttMs !== undefined) {
		parts.push(`iRTT ${formatSeconds(h.rttMs / 1000)}`);
	}
	if (h.clientMss !== undefined || h.serverMss !== undefined) {
		parts.push(`MSS ${h.clientMss ?? '-'}/${h.serverMss ?? '-'}`);
	}
	if (h.clientWscale !== undefined || h.serverWscale !== undefined) {
		parts.push(`wscale ${h.clientWscale ?? '-'}/${h.serverWscale ?? '-'}`);
	}
	return parts.join(', ');
}

function connectionLine(a: CaptureAnalysis | undefined, c: Connection): string {
	const arrow = c.client ? `${c.client} → ${c.server}` : `${c.endpoints[0]} ⇄ ${c.endpoints[1]}`;
	const first = a ? lineOf(a, c.packets[0]) : null;
	return `  #${c.index + 1} ${arrow}: ${handshakeSummary(c)}${first ? ` (line ${first}, ${c.packets.length} packets)` : ''}`;
}

function printSummary(name: string, a: CaptureAnalysis | undefined, reader: CaptureReader, out: (s: string) => void): void {
	const counts = reader.counts;
	const errors = reader.findingCounts.error;
	const warnings = reader.findingCounts.warning;
	out(`${name}: ${counts.packets} packets (${counts.tcpPackets} TCP), ${reader.tracker.count} connections, ${errors} errors, ${warnings} warnings` +
		(counts.unreadableLines > 0 ? `, ${counts.unreadableLines} unreadable lines` : ''));
	// a live stream has printed finished connections already: these are the ones still open
	for (const c of reader.tracker.liveConnections()) {
		out(connectionLine(a, c));
	}
}

/** 1 when a finding is an error, else 0 (2, unreadable input, is decided before reading). */
function exitCode(reader: CaptureReader): number {
	return reader.findingCounts.error > 0 ? 1 : 0;
}

function runFile(options: Options): number {
	let buffer: Buffer;
	try {
		if (fs.statSync(options.input).isDirectory()) {
			process.stderr.write(`tcpdump-lens: ${options.input} is a directory, not a capture text\n`);
			return 2;
		}
		buffer = fs.readFileSync(options.input);
	} catch (e) {
		const err = e as NodeJS.ErrnoException;
		process.stderr.write(`tcpdump-lens: cannot read ${options.input}: ${err.code === 'ENOENT' ? 'no such file' : err.message}\n`);
		return 2;
	}
	// a pcap/pcapng file is rendered as `tcpdump -nn` would print it (src/cli/pcap.ts)
	const lines = splitLines(captureAsText(buffer, options.input) ?? buffer.toString('utf8'));
	const reader = new CaptureReader({ deltaMode: detectDeltaMode(lines) });
	for (const line of lines) {
		reader.push(line);
	}
	reader.finish();
	const analysis = toAnalysis(reader);
	if (options.json) {
		process.stdout.write(JSON.stringify(analysisJson(analysis), null, 2) + '\n');
	} else {
		const out = (s: string) => process.stdout.write(s + '\n');
		printSummary(options.input, analysis, reader, out);
		for (const f of analysis.findings) {
			out(findingLine(options.input, f));
		}
	}
	return exitCode(reader);
}

/** Follows standard input line by line: findings as soon as known, bounded memory unless --json. */
function runStream(options: Options, input: NodeJS.ReadableStream = process.stdin): Promise<number> {
	return new Promise(resolve => {
		const name = '<stdin>';
		const out = (s: string) => process.stdout.write(s + '\n');
		// --json needs every packet for `lines`; the human stream keeps only open-connection state
		const reader = new CaptureReader({
			retainPackets: options.json,
			onFinding: options.json ? undefined : f => out(findingLine(name, f)),
			// each finished connection's summary line as it goes, then its state is dropped
			onConnectionDone: options.json ? undefined : conn => out(connectionLine(undefined, conn)),
		});
		const rl = readline.createInterface({ input, crlfDelay: Infinity, terminal: false });
		let done = false;
		const end = () => {
			clearTimeout(quiet);
			if (done) {
				return;
			}
			done = true;
			reader.finish();
			if (options.json) {
				process.stdout.write(JSON.stringify(analysisJson(toAnalysis(reader)), null, 2) + '\n');
			} else {
				printSummary(name, undefined, reader, out);
			}
			resolve(exitCode(reader));
		};
		// tcpdump -l writes a packet and its continuation lines together: when the input then goes
		// quiet, the packet is complete and its findings are due now, not at the next packet
		let quiet: ReturnType<typeof setTimeout> | undefined;
		rl.on('line', line => {
			reader.push(line);
			clearTimeout(quiet);
			quiet = setTimeout(() => reader.flushPending(), 200);
		});
		rl.on('close', end);
		process.on('SIGINT', () => {
			rl.close();
			end();
		});
		process.stdin.on('error', e => {
			process.stderr.write(`tcpdump-lens: cannot read standard input: ${e.message}\n`);
			done = true;
			resolve(2);
		});
	});
}

export async function main(argv: string[]): Promise<number> {
	if (argv.includes('--ladder')) {
		return runLadder(argv); // the ladder diagram has its own arguments (src/cliLadder.ts)
	}
	if (argv.includes('--print')) {
		return runPrint(argv);
	}
	const options = parseArgs(argv);
	if (options === 'help') {
		process.stdout.write(USAGE + '\n');
		return 0;
	}
	if (typeof options === 'string') {
		process.stderr.write(`tcpdump-lens: ${options}\n\n${USAGE}\n`);
		return 2;
	}
	return options.input === '-' ? runStream(options, await textInput(process.stdin)) : runFile(options);
}

if (require.main === module) {
	// `tcpdump-lens x.txt | head`: the reader went away; stop quietly, like other Unix tools
	process.stdout.on('error', (e: NodeJS.ErrnoException) => {
		if (e.code === 'EPIPE') {
			process.exit(process.exitCode ?? 0);
		}
		throw e;
	});
	main(process.argv.slice(2)).then(code => {
		process.exitCode = code;
	}, (e: unknown) => {
		process.stderr.write(`tcpdump-lens: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
		process.exitCode = 2;
	});
}

