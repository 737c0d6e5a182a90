/**
 * The segment-end index (src/core/store/segmentEnds.ts) the editor's analysis carries: a hover on
 * `ack N` finds the acknowledged segment through it instead of re-reading earlier lines. Same texts
 * as the bounded look where that look reaches; beyond it the index still finds the segment.
 */
import * as assert from 'assert';
import { analyzeText } from '../../src/core/store/capture';
import { analyseTextInSlices, type SliceOptions } from '../../src/core/analyse/slicedAnalysis';
import { hoverAt } from '../../src/core/features/hover';
import { segmentEndsOf } from '../../src/core/store/segmentEnds';
import { fixtureCases, readFixture } from './fixtures';

const options: SliceOptions = {
	sliceBudgetMs: 1000, maxConnections: Infinity, maxPackets: Infinity,
	now: () => 0, yieldNow: () => Promise.resolve(true),
};

function stamp(i: number): string {
	return `10:00:${String(Math.floor(i / 1000)).padStart(2, '0')}.${String((i % 1000) * 1000).padStart(6, '0')}`;
}

suite('seq/ack hover index', () => {
	test('every seq and ack hover on every fixture reads the same with the index as without', async () => {
		let compared = 0;
		for (const c of fixtureCases()) {
			for (const file of ['nn.txt', 'nnS.txt', 'v.txt']) {
				let text: string;
				try {
					text = readFixture(c, file);
				} catch {
					continue;
				}
				const indexed = await analyseTextInSlices(text, options);
				assert.ok(indexed && segmentEndsOf(indexed.analysis), c);
				const plain = analyzeText(text);
				const lines = text.split('\n');
				for (let line = 0; line < lines.length; line++) {
					const l = lines[line] ?? '';
					for (const m of l.matchAll(/(?:seq|ack) \d/g)) {
						const position = { line, character: (m.index ?? 0) + 4 };
						assert.deepStrictEqual(hoverAt(indexed.analysis, position), hoverAt(plain, position), `${c}/${file}:${line + 1}`);
						compared++;
					}
				}
			}
		}
		assert.ok(compared > 1000, `${compared} hovers`);
	});

	test('an ack 301 packets after the segment it acknowledges: found through the index', async () => {
		// line 4: the client's 100 bytes 1:101; lines 5–304: 300 server segments of 10 bytes, none
		// acknowledged; line 305: the server's ack 101 acknowledges exactly the client's 1:101
		const lines = [
			`${stamp(0)} IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 64240, length 0`,
			`${stamp(1)} IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 5000, ack 1001, win 64240, length 0`,
			`${stamp(2)} IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 1, win 502, length 0`,
			`${stamp(3)} IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:101, ack 1, win 502, length 100`,
		];
		for (let i = 0; i < 300; i++) {
			lines.push(`${stamp(4 + i)} IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [P.], seq ${1 + i * 10}:${11 + i * 10}, ack 1, win 509, length 10`);
		}
		lines.push(`${stamp(304)} IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [.], seq 3001, ack 101, win 509, length 0`);
		const text = lines.join('\n') + '\n';
		const last = lines.length - 1;
		const position = { line: last, character: (lines[last] ?? '').indexOf('ack 101') + 5 };
		const indexed = await analyseTextInSlices(text, options);
		assert.ok(indexed);
		const withIndex = hoverAt(indexed.analysis, position)?.markdown ?? '';
		assert.ok(withIndex.includes('Acknowledges the segment on line 4 \\(seq 1\\:101\\): everything up to its end.'), withIndex);
		const bounded = hoverAt(analyzeText(text), position)?.markdown ?? '';
		assert.ok(bounded.includes('No segment among the 256 packets of this connection before this one ends exactly there.'), bounded); // markdown-escaped: no ( or : in it
	});
});
