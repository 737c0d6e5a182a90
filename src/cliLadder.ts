/**
 * `tcpdump-lens --ladder CONN FILE [--format ascii|mermaid|svg]`: one connection as a ladder
 * diagram on standard output (ASCII by default). CONN is the connection's number as the summary
 * prints it (`1` or `#1`) or `address.port-address.port` in either order.
 *
 * Exit status: 0 printed, 2 bad usage, unreadable input or no such connection.
 */
import * as fs from 'fs';
import { analyzeLines, type CaptureAnalysis } from './core/store/capture';
import { splitLines } from './core/scan/lines';
import { ladderAscii } from './core/features/ladder/ascii';
import { findConnection, ladderLayout } from './core/features/ladder/layout';
import { ladderMermaid } from './core/features/ladder/mermaid';
import { ladderSvg } from './core/features/ladder/svg';

export const LADDER_USAGE = `Usage: tcpdump-lens --ladder CONN FILE [--format ascii|mermaid|svg]

Draws one TCP connection of a tcpdump text as a ladder (sequence) diagram.

  CONN      the connection's number as tcpdump-lens FILE lists it (1 or #1),
            or its endpoints: 192.168.1.12.40080-203.0.113.10.80 (either order)
  FILE      a text file written by tcpdump, or - for standard input
  --format  ascii (default, for a terminal or a plain-text email),
            mermaid (a sequenceDiagram for Markdown), svg (a picture)`;

type Format = 'ascii' | 'mermaid' | 'svg';

interface LadderArgs {
	readonly conn: string;
	readonly input: string;
	readonly format: Format;
}

function parseLadderArgs(argv: readonly string[]): LadderArgs | string {
	let conn: string | undefined;
	let input: string | undefined;
	let format: Format = 'ascii';
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] ?? '';
		if (arg === '--ladder') {
			conn = argv[++i];
			if (conn === undefined) {
				return '--ladder needs a connection: a number (1) or address.port-address.port';
			}
		} else if (arg === '--format' || arg.startsWith('--format=')) {
			const value = arg === '--format' ? argv[++i] : arg.slice('--format='.length);
			if (value !== 'ascii' && value !== 'mermaid' && value !== 'svg') {
				return `--format must be ascii, mermaid or svg, not ${value ?? 'nothing'}`;
			}
			format = value;
		} else if (arg === '-' || !arg.startsWith('-')) {
			if (input !== undefined) {
				return 'only one input file, please';
			}
			input = arg;
		} else {
			return `unknown option ${arg} with --ladder`;
		}
	}
	if (conn === undefined) {
		return '--ladder needs a connection';
	}
	if (input === undefined) {
		return 'no input: give a file, or - for standard input';
	}
	return { conn, input, format };
}

function readInput(input: string): string | { error: string } {
	try {
		if (input === '-') {
			return fs.readFileSync(0, 'utf8');
		}
		if (fs.statSync(input).isDirectory()) {
			return { error: `${input} is a directory, not a capture text` };
		}
		const buffer = fs.readFileSync(input);
		const magic = buffer.length >= 4 ? buffer.readUInt32LE(0) : 0;
		if ([0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1, 0x0a0d0d0a].includes(magic)) {
			return { error: `${input} is a binary capture, not tcpdump's text output; convert it first: tcpdump -nn -r ${input} > capture.txt` };
		}
		return buffer.toString('utf8');
	} catch (e) {
		const err = e as NodeJS.ErrnoException;
		return { error: `cannot read ${input}: ${err.code === 'ENOENT' ? 'no such file' : err.message}` };
	}
}

function listConnections(a: CaptureAnalysis): string {
	return a.connections.slice(0, 20).map(c => `  ${c.index + 1}  ${c.endpoints[0]}-${c.endpoints[1]}`).join('\n')
		+ (a.connections.length > 20 ? `\n  … ${a.connections.length - 20} more` : '');
}

/** Runs the ladder command; writes to the given streams so tests can call it in-process. */
export function runLadder(argv: readonly string[], out: (s: string) => void = s => process.stdout.write(s), err: (s: string) => void = s => process.stderr.write(s)): number {
	const args = parseLadderArgs(argv);
	if (typeof args === 'string') {
		err(`tcpdump-lens: ${args}\n\n${LADDER_USAGE}\n`);
		return 2;
	}
	const text = readInput(args.input);
	if (typeof text !== 'string') {
		err(`tcpdump-lens: ${text.error}\n`);
		return 2;
	}
	const analysis = analyzeLines(splitLines(text));
	const conn = findConnection(analysis, args.conn);
	const ladder = conn ? ladderLayout(analysis, conn.index) : undefined;
	if (!ladder) {
		err(`tcpdump-lens: no connection ${args.conn} in ${args.input === '-' ? '<stdin>' : args.input}` +
			(analysis.connections.length > 0 ? `; there are:\n${listConnections(analysis)}\n` : ' (it has no TCP connection)\n'));
		return 2;
	}
	const body = args.format === 'mermaid' ? ladderMermaid(ladder) : args.format === 'svg' ? ladderSvg(ladder) : ladderAscii(ladder);
	out(body + '\n');
	return 0;
}
