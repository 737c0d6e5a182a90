/** Folding ranges on real fixtures. */
import * as assert from 'assert';
import { analyzeText } from '../../src/core/store/capture';
import { foldingRanges } from '../../src/core/features/folding';
import { fixtureLines, readFixture } from './fixtures';

function folds(c: string, f: string) {
	const lines = readFixture(c, `${f}.txt`).split('\n');
	return foldingRanges(analyzeText(lines.join('\n')), l => (lines[l] ?? '').trim() === '').map(x => [x.kind, x.startLine + 1, x.endLine + 1]);
}

suite('folding', () => {
	test('normal-fin: one fold for the whole connection (lines 1–11), none per one-line packet', () => {
		assert.deepStrictEqual(folds('normal-fin', 'nn'), [['connection', 1, 11]]);
	});

	test('-X: each packet folds its hex lines; the connection folds around them', () => {
		// refused/X.txt: SYN line 1 + 4 hex lines, RST line 6 + 3 hex lines
		assert.strictEqual(fixtureLines('refused', 'X.txt').length, 9);
		assert.deepStrictEqual(folds('refused', 'X'), [['connection', 1, 9], ['packet', 1, 5], ['packet', 6, 9]]);
	});

	test('interleaved connections: a fold only where two packets of one connection are adjacent', () => {
		// lines 12–13 are both .50003 (its request, then the server's answer), 15–16 both .50001
		assert.deepStrictEqual(folds('interleaved', 'nn'), [['connection', 12, 13], ['connection', 15, 16]]);
	});
});
