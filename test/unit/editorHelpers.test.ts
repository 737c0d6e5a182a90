/**
 * The pure parts of the editor adapters: which lines get a Wireshark-style line colour, the CodeLens
 * title escaping, the CodeLens selection ranges and the large-document notices. Expected values are
 * worked out by hand from the fixture lines and checked against tshark's expert flags (tshark.json).
 */
import * as assert from 'assert';
import { analyzeText } from '../../src/core/store/capture';
import { escapeCodicons } from '../../src/vscode/codiconEscape';
import { connectionLineRanges } from '../../src/vscode/connectionRanges';
import { classifyLines, spansBetween } from '../../src/vscode/lineClasses';
import { DIAGNOSTICS_PER_FILE, limitNotices } from '../../src/vscode/limitNotices';
import { loadTshark, readFixture } from './fixtures';

const firstLines = (spans: ReadonlyArray<{ first: number }>): number[] => spans.map(s => s.first);

/** Analysis plus the line reader the decorations adapter gives classifyLines (document.lineAt). */
function capture(c: string, file: string): { analysis: ReturnType<typeof analyzeText>; lineText: (line: number) => string } {
	const text = readFixture(c, file);
	const lines = text.split('\n');
	return { analysis: analyzeText(text), lineText: line => lines[line] ?? '' };
}

suite('line colours (Wireshark colouring rules)', () => {
	test('duplicate-ack: SYN, SYN-ACK and both FINs are SYN/FIN lines; the two dup ACKs and the retransmission are finding lines', () => {
		const { analysis, lineText } = capture('duplicate-ack', 'nn.txt');
		const classes = classifyLines(analysis, () => true, lineText);
		// tshark flags frames 9 and 10 (duplicate_ack) and 11 (retransmission): lines 8, 9, 10 (0-based).
		const flagged = loadTshark('duplicate-ack').frames.filter(f => f.flags.length > 0).map(f => f.frame - 1);
		assert.deepStrictEqual(flagged, [8, 9, 10]);
		assert.deepStrictEqual(firstLines(classes.finding), flagged);
		// Flags [S], [S.], [F.], [F.] on lines 1, 2, 13, 14 (1-based).
		assert.deepStrictEqual(firstLines(classes.synFin), [0, 1, 12, 13]);
		assert.deepStrictEqual(classes.rst, []);
	});

	test('refused: the RST line gets the RST colour (not the finding colour of handshake.refused), the SYN the SYN/FIN colour', () => {
		const { analysis, lineText } = capture('refused', 'nn.txt');
		assert.ok(analysis.findings.some(f => f.code === 'handshake.refused'), 'the fixture is a refused connection');
		const classes = classifyLines(analysis, () => true, lineText);
		assert.deepStrictEqual(firstLines(classes.rst), [1]);
		assert.deepStrictEqual(firstLines(classes.synFin), [0]);
		assert.deepStrictEqual(classes.finding, []);
	});

	test('a code set to off colours nothing: dup ACKs off leaves only the retransmission', () => {
		const { analysis, lineText } = capture('duplicate-ack', 'nn.txt');
		const classes = classifyLines(analysis, code => code !== 'tcp.duplicate-ack', lineText);
		assert.deepStrictEqual(firstLines(classes.finding), [10]);
	});

	test('-v: the colour covers the IP header line and the TCP line below it, not more', () => {
		const { analysis, lineText } = capture('normal-fin', 'v.txt');
		const classes = classifyLines(analysis, () => true, lineText);
		assert.deepStrictEqual(classes.synFin[0], { first: 0, last: 1 }); // "IP (tos …)" + "    192.168.1.12.51234 > …: Flags [S]"
	});

	test('-X: the dump lines below a packet are not coloured, and the flags are read from the text, not a dump', () => {
		const { analysis, lineText } = capture('refused', 'X.txt');
		const classes = classifyLines(analysis, () => true, lineText);
		assert.strictEqual(classes.rst.length, 1);
		assert.strictEqual(classes.rst[0]!.first, classes.rst[0]!.last);
		assert.match(lineText(classes.rst[0]!.first), /Flags \[R\.\]/);
		assert.match(lineText(classes.synFin[0]!.first), /Flags \[S\]/);
	});

	test('tcpdump 3.x style (no "Flags [") falls back to the parsed segment: S, R and F letters', () => {
		const lines = [
			'192.168.1.12.1051 > 192.168.1.11.23: S 4255483971:4255483971(0) win 65535 (DF)',
			'192.168.1.11.23 > 192.168.1.12.1051: R 0:0(0) ack 4255483972 win 0 (DF)',
		];
		const analysis = analyzeText(lines.join('\n'));
		const classes = classifyLines(analysis, () => true, line => lines[line] ?? '');
		assert.deepStrictEqual(firstLines(classes.synFin), [0]);
		assert.deepStrictEqual(firstLines(classes.rst), [1]);
	});

	test('spansBetween finds the spans touching a window by binary search', () => {
		const spans = [{ first: 0, last: 1 }, { first: 5, last: 5 }, { first: 9, last: 10 }, { first: 20, last: 20 }];
		assert.deepStrictEqual(spansBetween(spans, 1, 9), [spans[0], spans[1], spans[2]]);
		assert.deepStrictEqual(spansBetween(spans, 11, 19), []);
		assert.deepStrictEqual(spansBetween(spans, 10, 100), [spans[2], spans[3]]);
	});
});

suite('CodeLens helpers', () => {
	test('$(icon) syntax from capture text is escaped, so the title shows it literally', () => {
		assert.strictEqual(escapeCodicons('✓ handshake complete · $(zap).80 → 10.0.0.2.40000'), '✓ handshake complete · \\$(zap).80 → 10.0.0.2.40000');
		assert.strictEqual(escapeCodicons('$(a)$(b)'), '\\$(a)\\$(b)');
		assert.strictEqual(escapeCodicons('no icons, just $ and ( apart'), 'no icons, just $ and ( apart');
	});

	test('a connection alone in a stretch of lines is one selection; interleaved packets are one each', () => {
		// Records (0-based first/last line): 0, 1–2 (a -v packet), 3, then 5 and 7 with other lines between.
		const records = [{ line: 0, lastLine: 0 }, { line: 1, lastLine: 2 }, { line: 3, lastLine: 3 }, { line: 5, lastLine: 5 }, { line: 7, lastLine: 9 }];
		assert.deepStrictEqual(connectionLineRanges(records, 100), [{ first: 0, last: 3 }, { first: 5, last: 5 }, { first: 7, last: 9 }]);
		// A document that shrank since the parse: lines past the end are dropped, the last range clipped.
		assert.deepStrictEqual(connectionLineRanges(records, 9), [{ first: 0, last: 3 }, { first: 5, last: 5 }, { first: 7, last: 8 }]);
	});

	test('a 130,000-packet connection alone in the file needs one selection, not 130,000', () => {
		const records = Array.from({ length: 130_000 }, (_, i) => ({ line: i, lastLine: i }));
		assert.deepStrictEqual(connectionLineRanges(records, 130_000), [{ first: 0, last: 129_999 }]);
	});
});

suite('large-document notices', () => {
	const small = { synced: true, chars: 1_000, lines: 10, largeFileOptimizations: true, diagnostics: 3 } as const;

	test('a small capture gets no notice', () => {
		assert.deepStrictEqual(limitNotices(small), []);
	});

	test('over 20 MiB or 300,000 lines: highlighting is off, unless editor.largeFileOptimizations is false', () => {
		const big = limitNotices({ ...small, chars: 20 * 1024 * 1024 + 1 });
		assert.deepStrictEqual(big.map(x => x.kind), ['no-highlighting']);
		assert.match(big[0]!.explanation, /20\.0 MiB \(over 20 MiB\)/);
		assert.match(big[0]!.explanation, /"editor\.largeFileOptimizations": false/);
		assert.deepStrictEqual(limitNotices({ ...small, lines: 300_001 }).map(x => x.kind), ['no-highlighting']);
		assert.match(limitNotices({ ...small, lines: 300_001 })[0]!.explanation, /300,001 lines \(over 300,000\)/);
		assert.deepStrictEqual(limitNotices({ ...small, lines: 300_000 }), []);
		assert.deepStrictEqual(limitNotices({ ...small, chars: 30 * 1024 * 1024, largeFileOptimizations: false }), []);
	});

	test('more than 1,000 diagnostics: says how many VS Code shows and points to the CLI', () => {
		assert.deepStrictEqual(limitNotices({ ...small, diagnostics: DIAGNOSTICS_PER_FILE }), []);
		const [notice] = limitNotices({ ...small, diagnostics: 4_321 });
		assert.strictEqual(notice?.label, '1,000 of 4,321 problems shown');
		assert.match(notice.explanation, /tcpdump-lens FILE/);
	});

	test('a 60 MB file the extension host never sees: says so, what still works and what to do', () => {
		const [notice] = limitNotices({ synced: false, bytes: 60_000_000 });
		assert.strictEqual(notice?.kind, 'not-synced');
		assert.strictEqual(notice.label, '57.2 MiB: too large for tcpdump Lens'); // 60,000,000 / 1,048,576 = 57.22
		assert.match(notice.explanation, /over 50 MiB/);
		assert.match(notice.explanation, /Still works:/);
		assert.match(notice.explanation, /tcpdump-lens FILE/);
		assert.deepStrictEqual(limitNotices({ synced: false, bytes: 50 * 1024 * 1024 }), []);
	});
});
