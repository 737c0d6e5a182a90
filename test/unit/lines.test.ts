/**
 * The one line-splitting rule (core/scan/lines.ts): `splitLines` for whole texts (the editor) and
 * `LineSplitter` for chunks (the CLI's files and streams) cut the same lines, wherever the chunks
 * are cut — a CRLF split across two chunks is one line break, a lone CR is one too.
 */
import * as assert from 'assert';
import { TextFeed } from '../../src/cli/input';
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

suite('TextFeed: bytes to lines (the CLI reads ASCII chunks as Latin-1, others as UTF-8)', () => {
	/** The lines a TextFeed gives for `bytes` cut at every one of `cuts`. */
	function fed(bytes: Buffer, cuts: number[]): string[] {
		const lines: string[] = [];
		const feed = new TextFeed(l => lines.push(l));
		let from = 0;
		for (const cut of [...cuts, bytes.length]) {
			feed.push(bytes.subarray(from, cut));
			from = cut;
		}
		feed.end();
		return lines;
	}

	// a -A payload line with non-ASCII text after ordinary packet lines
	const text = '10:00:00.000001 IP 10.0.0.1.1 > 10.0.0.2.80: Flags [S], seq 1, win 64240, length 0\n' +
		'E..<..@.@.Grüße, 東京\n10:00:00.000002 IP 10.0.0.2.80 > 10.0.0.1.1: Flags [R.], seq 0, ack 2, win 0, length 0\n';
	const bytes = Buffer.from(text, 'utf8');
	const want = splitLines(text).slice(0, -1);

	test('every cut, inside a multi-byte character too, gives the lines of the whole text', () => {
		for (let a = 0; a <= bytes.length; a++) {
			assert.deepStrictEqual(fed(bytes, [a]), want, `cut at ${a}`);
		}
		for (let a = 80; a < 120; a++) {
			assert.deepStrictEqual(fed(bytes, [a, a + 1, a + 2, a + 3]), want, `cuts at ${a}…${a + 3}`);
		}
	});

	test('a byte-order mark is dropped at the start only, as a UTF-8 decoder does', () => {
		const bom = Buffer.from([0xef, 0xbb, 0xbf]);
		assert.deepStrictEqual(fed(Buffer.concat([bom, bytes]), [3]), want);
		const later = fed(Buffer.concat([Buffer.from('abc\n'), bom, Buffer.from('def\n')]), [4]);
		assert.deepStrictEqual(later, ['abc', '\ufeffdef']);
	});

	test('invalid UTF-8 after ASCII chunks becomes U+FFFD, as before', () => {
		assert.deepStrictEqual(fed(Buffer.from([0x61, 0x0a, 0xff, 0x62, 0x0a]), [2]), ['a', '\ufffdb']);
	});
});
