/** Expert Information groups and folded repeats, on real fixtures' findings. */
import * as assert from 'assert';
import { analyzeText } from '../../src/core/store/capture';
import { collapseRepeats, expertSummary, isCollapsed } from '../../src/core/features/expertSummary';
import type { Finding } from '../../src/core/types';
import { readFixture } from './fixtures';

const findings = (c: string) => analyzeText(readFixture(c, 'nn.txt')).findings;

suite('expertSummary', () => {
	test('counts per code equal the findings, worst severity first', () => {
		const f = findings('mixed');
		const groups = expertSummary(f);
		assert.strictEqual(groups.reduce((n, g) => n + g.count, 0), f.length);
		for (const g of groups) {
			assert.strictEqual(g.count, f.filter(x => x.code === g.code).length, g.code);
			assert.strictEqual(g.connections.reduce((n, c) => n + c.findings.length, 0), g.count);
		}
		const rank = { error: 0, warning: 1, information: 2, hint: 3 };
		for (let i = 1; i < groups.length; i++) {
			assert.ok(rank[groups[i - 1]!.severity] <= rank[groups[i]!.severity]);
		}
		// the refused connection (index 2, port 8443) holds the handshake.refused finding
		const refused = groups.find(g => g.code === 'handshake.refused');
		assert.deepStrictEqual(refused?.connections.map(c => c.connection), [2]);
	});

	test('a code set to off is left out, as in the Problems panel', () => {
		const f = findings('unanswered-syn');
		const all = expertSummary(f);
		const without = expertSummary(f, c => c === 'handshake.incomplete' ? 'off' : 'warning');
		assert.ok(all.some(g => g.code === 'handshake.incomplete'));
		assert.ok(!without.some(g => g.code === 'handshake.incomplete'));
		assert.ok(without.every(g => g.severity === 'warning'));
	});

	test('collapseRepeats folds a code seen more than N times on one connection', () => {
		// zero-window: 5 findings on one connection
		const f = findings('zero-window');
		const byCode = new Map<string, Finding[]>();
		for (const x of f) {
			byCode.set(x.code, [...(byCode.get(x.code) ?? []), x]);
		}
		const [code, repeated] = [...byCode].sort((a, b) => b[1].length - a[1].length)[0]!;
		assert.ok(repeated.length >= 2, `${code} ×${repeated.length}`);
		const rows = collapseRepeats(f, repeated.length - 1);
		const folded = rows.filter(isCollapsed);
		assert.strictEqual(folded.length, 1);
		const first = repeated[0]!.span.line + 1;
		const last = repeated[repeated.length - 1]!.span.line + 1;
		assert.strictEqual(folded[0]?.message, `${repeated.length} × ${code} on connection 1, lines ${first}–${last}`);
		assert.strictEqual(rows.length, f.length - repeated.length + 1);
		assert.deepStrictEqual(collapseRepeats(f, 0), f);
	});
});
