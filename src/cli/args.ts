/** Command-line arguments. */
import type { Severity } from '../core/types';

export const USAGE = `Usage: tcpdump-lens [options] FILE... | -

Reads tcpdump's text output (any -t form, -#, -e, -v, -X, -A, IPv6, the 3.x style) and reports
TCP connections, handshakes and Wireshark-style TCP findings.

  FILE                  a text file written by tcpdump (tcpdump -nn -r x.pcap > x.txt), or a .pcap /
                        .pcapng capture itself (read as the text tcpdump -nn prints for it); several
                        files are read one after the other, each on its own
  -                     read standard input as a stream: tcpdump -l -nn ... | tcpdump-lens -
                        (or a binary one: tcpdump -w - ... | tcpdump-lens -)
  --print [tcpdump options] FILE   print the text tcpdump -nn would print for a capture
  --ladder CONN FILE    the ladder diagram of one connection (--format ascii|mermaid|svg)
  --json                print one JSON document (an array of them for several files; README, "JSON output")
  --compact             with --json: no indentation (smaller, faster)
  --summary             counts per finding code and the connections with the most findings
  --min-severity LEVEL  print only findings at least this severe: error, warning, information, hint
  --version             print the version
  --help                show this help

Exit status: 0 no error finding, 1 an error finding, 2 an input could not be read (or is not
tcpdump's text output) or bad usage, 3 the run was cut short (output write error, a line over
16 MiB, an internal error).`;

export interface Options {
	readonly json: boolean;
	readonly compact: boolean;
	readonly summary: boolean;
	readonly minSeverity: Severity;
	readonly inputs: readonly string[];
}

export type Parsed = Options | { readonly help: true } | { readonly version: true } | { readonly error: string };

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

export function parseArgs(argv: readonly string[]): Parsed {
	let json = false;
	let compact = false;
	let summary = false;
	let minSeverity: Severity = 'hint';
	const inputs: string[] = [];
	let onlyFiles = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] ?? '';
		if (onlyFiles || arg === '-' || !arg.startsWith('-')) {
			inputs.push(arg);
			continue;
		}
		const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		switch (flag) {
			case '--': onlyFiles = true; break;
			case '--json': json = true; break;
			case '--compact': compact = true; break;
			case '--summary': summary = true; break;
			case '--help': case '-h': return { help: true };
			case '--version': case '-V': return { version: true };
			case '--min-severity': {
				const value = inline ?? argv[++i];
				if (!value || !SEVERITIES.includes(value as Severity)) {
					return { error: `--min-severity takes one of ${SEVERITIES.join(', ')}${value ? ` (not ${value})` : ''}` };
				}
				minSeverity = value as Severity;
				break;
			}
			default:
				return { error: `unknown option ${arg}` };
		}
	}
	if (inputs.length === 0) {
		return { error: 'no input: give a file, or - for standard input' };
	}
	if (inputs.filter(x => x === '-').length > 1) {
		return { error: 'standard input (-) can be read only once' };
	}
	if (json && summary) {
		return { error: 'choose --json or --summary' };
	}
	if (compact && !json) {
		return { error: '--compact goes with --json' };
	}
	return { json, compact, summary, minSeverity, inputs };
}
