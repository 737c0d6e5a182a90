import * as assert from 'assert';
import { analyzeLines } from '../../src/core/store/capture';
import { analyseInSlices, type SliceOptions } from '../../src/core/analyse/slicedAnalysis';
import { fixtureCases, fixtureLines } from './fixtures';

/** A SYN scan as `tcpdump -nn -S` prints it: each probe to a new port answered by a RST. */
function synScan(probes: number): string[] {
	const lines: string[] = [];
	for (let i = 0; i < probes; i++) {
		const us = String(i).padStart(6, '0');
		lines.push(`10:00:00.${us} IP 10.0.0.1.40000 > 10.1.0.1.${i + 1}: Flags [S], seq ${1000 + i}, win 1024, options [mss 1460], length 0`);
		lines.push(`10:00:00.${us} IP 10.1.0.1.${i + 1} > 10.0.0.1.40000: Flags [R.], seq 0, ack ${1001 + i}, win 0, length 0`);
	}
	return lines;
}

/** A clock that advances 1 ms each time it is read, and counts the yields. */
function fakeClock(overrides: Partial<SliceOptions> = {}): SliceOptions & { yields: number } {
	let t = 0;
	const o = {
		sliceBudgetMs: 8, maxConnections: Infinity, maxPackets: Infinity, yields: 0,
		now: () => t++,
		yieldNow: () => { o.yields++; return Promise.resolve(true); },
		...overrides,
	};
	return o;
}

suite('slicedAnalysis: the analysis as the editor drives it', () => {
	test('the sliced analysis finds exactly what the one-pass analysis finds, on every fixture', async () => {
		const cases = fixtureCases();
		assert.ok(cases.length > 20, 'fixtures present');
		for (const c of cases) {
			const lines = fixtureLines(c, 'nn.txt');
			const whole = analyzeLines(lines);
			const sliced = await analyseInSlices(lines, fakeClock({ sliceBudgetMs: 1 }));
			assert.ok(sliced, c);
			assert.deepStrictEqual(sliced.analysis.findings.map(f => [f.code, f.span.line]), whole.findings.map(f => [f.code, f.span.line]), c);
			assert.strictEqual(sliced.analysis.connections.length, whole.connections.length, c);
			assert.strictEqual(sliced.limit, undefined, c);
		}
	});

	test('a slice yields once its time budget is spent, whatever the lines cost', async () => {
		const lines = synScan(2000); // 4,000 lines; the clock is read every 256 lines, 1 ms a read
		const o = fakeClock({ sliceBudgetMs: 8 });
		const r = await analyseInSlices(lines, o);
		assert.ok(r);
		// 15 clock reads in the loop: a yield after each 8 of them, so once.
		assert.strictEqual(o.yields, 1);
		assert.ok(r.longestSliceMs >= 8 && r.longestSliceMs <= 9, `longest slice ${r.longestSliceMs}`);
	});

	test('a SYN scan past the connection budget stops there and says where', async () => {
		const lines = synScan(3000);
		const r = await analyseInSlices(lines, fakeClock({ maxConnections: 1000 }));
		assert.ok(r?.limit);
		assert.strictEqual(r.limit.reason, 'connections');
		assert.ok(r.limit.connections >= 1000 && r.limit.connections < 1000 + 256, `${r.limit.connections}`);
		assert.strictEqual(r.limit.lineCount, 6000);
		assert.strictEqual(r.limit.stoppedAtLine % 256, 0);
		// Every probe before the cut is a refused connection; nothing after the cut is analysed.
		const refused = r.analysis.findings.filter(f => f.code === 'handshake.refused');
		assert.strictEqual(refused.length, r.limit.stoppedAtLine / 2);
		assert.ok(r.analysis.findings.every(f => f.span.line < r.limit!.stoppedAtLine));
	});

	test('a newer edit abandons the work at the next yield', async () => {
		const r = await analyseInSlices(synScan(2000), fakeClock({ sliceBudgetMs: 2, yieldNow: () => Promise.resolve(false) }));
		assert.strictEqual(r, undefined);
	});
});
