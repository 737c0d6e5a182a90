/**
 * The one line-splitting rule (core/scan/lines.ts): `splitLines` for whole texts (the editor) and
 * `LineSplitter` for chunks (the CLI's files and streams) cut the same lines, wherever the chunks
 * are cut — a CRLF split across two chunks is one line break, a lone CR is one too.
 */
import * as assert from 'assert';
import { LineSplitter, LineTooLongError, splitLines } from '../../src/core/scan/lines';

function chunked(text: string, cuts: number[]): string[] {
	const lines: string[] = [];
	const s = new LineSplitter(l => lines.push(l));
	let from = 0;
	for (const cut of [...cuts, text.length]) {
		s.push(text.slice(from, cut));
		from = cut;
	}
	s.end();
	return lines;
}

suite('line splitting', () => {
	const text = 'a\r\nbb\rccc\n\r\n\rd\r\ree\n';

	test('LF, CRLF and a lone CR each end one line', () => {
		assert.deepStrictEqual(splitLines(text), ['a', 'bb', 'ccc', '', '', 'd', '', 'ee', '']);
		assert.deepStrictEqual(splitLines('x\ny'), ['x', 'y']);
	});

	test('chunks cut anywhere (one cut, two cuts) give the same lines as the whole text', () => {
		const whole = splitLines(text).slice(0, -1); // the text ends with a line break: no last line
		for (let i = 0; i <= text.length; i++) {
			assert.deepStrictEqual(chunked(text, [i]), whole, `cut at ${i}`);
			for (let j = i; j <= text.length; j++) {
				assert.deepStrictEqual(chunked(text, [i, j]), whole, `cuts at ${i}, ${j}`);
			}
		}
		assert.deepStrictEqual(chunked('no break at the end', [3]), ['no break at the end']);
	});

	test('a line longer than the limit stops with its line number, also when it arrives in pieces', () => {
		const s = new LineSplitter(() => undefined, 10);
		s.push('short\n');
		assert.throws(() => {
			for (let i = 0; i < 5; i++) {
				s.push('abcd');
			}
		}, (e: unknown) => e instanceof LineTooLongError && e.line === 2);
	});
});
