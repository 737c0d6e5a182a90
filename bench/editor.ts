/**
 * The editor path of `npm run bench`: the core as the VS Code extension drives it (src/core/
 * slicedAnalysis.ts, hoverAt, lensesFor) on a 300,000-line capture. Run as its own process:
 *
 *   node out/bench/editor.js [lines]
 *
 * Prints one `name: value` row per figure (milliseconds), for bench.ts to collect over rounds.
 */
import { performance } from 'perf_hooks';
import { splitLines } from '../src/core/scan/lines';
import { lensesFor } from '../src/core/features/codeLens';
import { hoverAt } from '../src/core/features/hover';
import { analyseInSlices } from '../src/core/analyse/slicedAnalysis';
import { generateCapture } from './generate';
import { prng } from './prng';

const SLICE_BUDGET_MS = 8;

async function analyse(lines: readonly string[]) {
	const t = performance.now();
	const r = await analyseInSlices(lines, {
		sliceBudgetMs: SLICE_BUDGET_MS, maxConnections: Infinity, maxPackets: Infinity,
		now: () => performance.now(),
		yieldNow: () => new Promise<boolean>(resolve => setImmediate(() => resolve(true))),
	});
	if (!r) {
		throw new Error('analysis abandoned');
	}
	return { ...r, ms: performance.now() - t };
}

function percentile(sorted: readonly number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

async function main(): Promise<void> {
	const wanted = Number(process.argv[2] ?? 300000);
	// generateCapture counts packets; its packets are one line each.
	const lines = splitLines(generateCapture(wanted));
	const rows: [string, number][] = [];

	const first = await analyse(lines);
	rows.push(['editor: time to first analysis', first.ms], ['editor: longest blocking slice', first.longestSliceMs]);

	// One edited line: today the whole document is analysed again (no incremental re-analysis yet).
	const edited = lines.slice();
	const mid = Math.floor(lines.length / 2);
	edited[mid] = (edited[mid] ?? '').replace('win ', 'win 1');
	rows.push(['editor: edit one line -> new findings', (await analyse(edited)).ms]);

	const appended = lines.concat(splitLines(generateCapture(1000, 7)));
	rows.push(['editor: append 1,000 lines -> new findings', (await analyse(appended)).ms]);

	const rnd = prng(11);
	const times: number[] = [];
	for (let i = 0; i < 400; i++) {
		const line = Math.floor(rnd() * lines.length);
		const text = lines[line] ?? '';
		const character = Math.floor(rnd() * Math.max(1, text.length));
		const t = performance.now();
		hoverAt(first.analysis, { line, character });
		times.push(performance.now() - t);
	}
	times.sort((a, b) => a - b);
	rows.push(['editor: hover p50', percentile(times, 0.5)], ['editor: hover p99', percentile(times, 0.99)]);

	const t = performance.now();
	lensesFor(first.analysis);
	rows.push(['editor: CodeLens request', performance.now() - t]);

	console.log(`editor: input ${lines.length} lines, ${first.analysis.connections.length} connections, ${first.slices} slices`);
	for (const [name, value] of rows) {
		console.log(`${name}: ${value.toFixed(2)}`);
	}
}

void main();
