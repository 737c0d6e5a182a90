/** Inlay hints on real fixtures, values worked out by hand. */
import * as assert from 'assert';
import { analyzeText } from '../../src/core/store/capture';
import { inlayHints, type HintKinds } from '../../src/core/features/inlayHints';
import { readFixture } from './fixtures';

const ALL: HintKinds = { otherNumbering: true, scaledWindow: true, timeSinceSyn: true, ackedLine: true };
const only = (k: keyof HintKinds): HintKinds => ({ otherNumbering: false, scaledWindow: false, timeSinceSyn: false, ackedLine: false, [k]: true });

suite('inlayHints', () => {
	test('window-scaling: client wscale 7, server wscale 2: win 501 → 64,128 B, win 16383 → 65,532 B; never on SYNs', () => {
		const a = analyzeText(readFixture('window-scaling', 'nn.txt'));
		const h = inlayHints(a, 0, 4, only('scaledWindow'));
		// 501 × 128 = 64128 (lines 3, 4); 16383 × 4 = 65532 (line 5)
		assert.deepStrictEqual(h.map(x => [x.line + 1, x.label]), [[3, '⟨64,128 B⟩'], [4, '⟨64,128 B⟩'], [5, '⟨65,532 B⟩']]);
	});

	test('retransmission: absolute beside relative, relative beside absolute (-S)', () => {
		const rel = analyzeText(readFixture('retransmission', 'nn.txt'));
		// line 4: seq 1:101 = 3000000001, ack 1 = 1500000001
		assert.deepStrictEqual(inlayHints(rel, 3, 3, only('otherNumbering')).map(x => x.label), ['abs 3000000001', 'abs 1500000001']);
		const abs = analyzeText(readFixture('retransmission', 'nnS.txt'));
		assert.deepStrictEqual(inlayHints(abs, 3, 3, only('otherNumbering')).map(x => x.label), ['rel 1', 'rel 1']);
	});

	test('time since the SYN and the acked line', () => {
		const a = analyzeText(readFixture('retransmission', 'nn.txt'));
		// line 7: 10:00:00.277310 − 10:00:00.000000; ack 201 acknowledges line 5
		const h = inlayHints(a, 6, 6, ALL).filter(x => x.kind === 'timeSinceSyn' || x.kind === 'ackedLine');
		assert.deepStrictEqual(h.map(x => x.label), ['+277.310 ms', '→ line 5']);
	});

	test('only the asked lines; nothing when every kind is off', () => {
		const a = analyzeText(readFixture('retransmission', 'nn.txt'));
		assert.ok(inlayHints(a, 2, 3, ALL).every(x => x.line >= 2 && x.line <= 3));
		assert.deepStrictEqual(inlayHints(a, 0, 100, { otherNumbering: false, scaledWindow: false, timeSinceSyn: false, ackedLine: false }), []);
	});
});
