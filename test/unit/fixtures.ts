/**
 * Shared access to the test fixtures (test/fixtures/<case>/<format>.txt + tshark.json) and the
 * tcpdump test corpus. Paths come from `__dirname` (compiled tests live in out/test/unit/).
 */
import * as fs from 'fs';
import * as path from 'path';

export const REPO = path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(REPO, 'test', 'fixtures');
/** tcpdump's own test outputs (BSD-licensed), next to the repository when present (CI has it). */
export const CORPUS = path.resolve(REPO, '..', 'shared', 'corpus', 'tcpdump-tests');

/** The renders every generated case has (test/fixtures/README.md). */
export const FORMATS = ['nnS', 'nn', 'tttt', 'tt', 'ttt', 't', 'v', 'vv', 'e', 'X', 'num'] as const;
export type Format = typeof FORMATS[number];

export interface TsharkFrame {
	frame: number;
	time: number;
	protocols: string;
	stream: number | null;
	tcp: boolean;
	seqRaw: number | null;
	ackRaw: number | null;
	len: number | null;
	tcpFlags: number | null;
	win: number | null;
	flags: string[];
}

export interface TsharkJson {
	case: string;
	frames: TsharkFrame[];
	streams: Record<string, { completeness: number; irtt: number | null }>;
}

/** Cases with a tshark.json, sorted; empty when the fixtures are absent. */
export function fixtureCases(): string[] {
	if (!fs.existsSync(FIXTURES)) {
		return [];
	}
	return fs.readdirSync(FIXTURES)
		.filter(c => fs.existsSync(path.join(FIXTURES, c, 'tshark.json')))
		.sort();
}

export function fixturePath(c: string, file: string): string {
	return path.join(FIXTURES, c, file);
}

export function readFixture(c: string, file: string): string {
	return fs.readFileSync(fixturePath(c, file), 'utf8');
}

export function loadTshark(c: string): TsharkJson {
	return JSON.parse(readFixture(c, 'tshark.json')) as TsharkJson;
}

/** The text's lines, without the empty string after the final newline. */
export function fixtureLines(c: string, file: string): string[] {
	const lines = readFixture(c, file).split('\n');
	if (lines.length > 0 && lines[lines.length - 1] === '') {
		lines.pop();
	}
	return lines;
}

/** The text covered by a span on `lines`. */
export function spanText(lines: readonly string[], span: { line: number; start: number; end: number }): string {
	return (lines[span.line] ?? '').slice(span.start, span.end);
}

export { prng } from '../../bench/prng';
