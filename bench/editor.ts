/**
 * The editor path of `npm run bench`: the core as the VS Code extension drives it
 * (analyse/slicedAnalysis.ts with 8 ms slices that yield to the event loop, hoverAt, the CodeLens
 * plan) on a 300,000-line capture. Each round runs in its own process (a fresh heap); the parent
 * prints the median and min–max of each figure over the rounds, against issue 9's targets.
 *
 *   node out/bench/editor.js [lines] [rounds]        (defaults 300000, 3)
 *
 * Figures (milliseconds, wall time):
 * - first analysis: splitting the text and reading it, in slices, until the analysis is there;
 * - longest blocking slice: the longest stretch between two yields, measured from outside (the
 *   time from a resume to the next yield, or to the result), over every analysis of the round;
 * - edit one line: a changed line in the middle, until the new analysis (a full re-analysis);
 * - append 1,000 lines: the next 1,000 lines of the same generated log, until the new analysis
 *   (the append check on the 40 MB text included);
 * - hover p50 / p99 over 400 random positions, and the slowest of the seq/ack/flags hovers on the
 *   last packets of one 300,000-packet connection;
 * - CodeLens request: the very first of the process (cold code), the first after the append's
 *   analysis (the plan built again: which lenses, which are problem ones), a later one (cached), and
 *   resolving the titles of 40 visible lenses.
 */
import { execFileSync } from 'child_process';
import * as os from 'os';
import { performance } from 'perf_hooks';
import { splitLines } from '../src/core/scan/lines';
import { lensPlan, lensTitle } from '../src/core/features/codeLens';
import { hoverAt } from '../src/core/features/hover';
import { analyseTextInSlices, appendedLines, continueInSlices, type SliceOptions } from '../src/core/analyse/slicedAnalysis';
import { generateCapture } from './generate';
import { longConnection } from './ladderConnection';
import { prng } from './prng';

const SLICE_BUDGET_MS = 8;
const CODELENS_MAX_CONNECTIONS = 2000;

interface Figure {
	readonly name: string;
	readonly target?: number;
}

const FIGURES: readonly Figure[] = [
	{ name: 'first analysis' },
	{ name: 'longest blocking slice', target: 50 },
	{ name: 'edit one line -> new findings', target: 200 },
	{ name: 'append 1,000 lines -> new findings', target: 100 },
	{ name: 'hover p50' },
	{ name: 'hover p99', target: 5 },
	{ name: 'hover, last packets of a 300,000-packet connection (slowest)', target: 5 },
	{ name: 'CodeLens request, the very first (cold code)' },
	{ name: 'CodeLens request, first after an analysis', target: 10 },
	{ name: 'CodeLens request, again', target: 10 },
	{ name: 'CodeLens: resolve 40 visible titles' },
];

/** Slice options whose yields are timed from outside: the longest stretch without one. */
function timedOptions(): SliceOptions & { longest: () => number } {
	let resumed = performance.now();
	let longest = 0;
	return {
		sliceBudgetMs: SLICE_BUDGET_MS, maxConnections: Infinity, maxPackets: Infinity,
		now: () => performance.now(),
		yieldNow: () => {
			longest = Math.max(longest, performance.now() - resumed);
			return new Promise<boolean>(resolve => setImmediate(() => {
				resumed = performance.now();
				resolve(true);
			}));
		},
		longest: () => Math.max(longest, performance.now() - resumed),
	};
}

function percentile(sorted: readonly number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

async function round(wanted: number): Promise<void> {
	const rows = new Map<string, number>();
	let longestSlice = 0;
	// one generated log: the document is its first `wanted` lines, the append the next 1,000
	const all = splitLines(generateCapture(wanted + 1000));
	const text = all.slice(0, wanted).join('\n') + '\n';
	const grown = text + all.slice(wanted, wanted + 1000).join('\n') + '\n';

	let o = timedOptions();
	let t = performance.now();
	const first = await analyseTextInSlices(text, o);
	rows.set('first analysis', performance.now() - t);
	longestSlice = Math.max(longestSlice, o.longest());
	if (!first) {
		throw new Error('analysis abandoned');
	}
	const connections = first.analysis.connections.length;

	// the very first CodeLens request of the process (its code not yet compiled by the JIT)
	t = performance.now();
	lensPlan(first.analysis, CODELENS_MAX_CONNECTIONS);
	rows.set('CodeLens request, the very first (cold code)', performance.now() - t);

	// the log grows: the first analysis's reader goes on with the new lines
	o = timedOptions();
	t = performance.now();
	const added = appendedLines(first.session, grown);
	const appended = added ? await continueInSlices(first.session, grown, added, o) : await analyseTextInSlices(grown, o);
	rows.set('append 1,000 lines -> new findings', performance.now() - t);
	longestSlice = Math.max(longestSlice, o.longest());
	if (!appended?.incremental) {
		throw new Error('the append was not continued');
	}

	// a CodeLens request on the new analysis (the plan is built again), then again (VS Code asks
	// after every scroll and edit), and the titles of the lenses on screen
	t = performance.now();
	const plan = lensPlan(appended.analysis, CODELENS_MAX_CONNECTIONS);
	rows.set('CodeLens request, first after an analysis', performance.now() - t);
	t = performance.now();
	lensPlan(appended.analysis, CODELENS_MAX_CONNECTIONS);
	rows.set('CodeLens request, again', performance.now() - t);
	t = performance.now();
	for (const a of plan.anchors.slice(0, 40)) {
		lensTitle(appended.analysis, a.connection);
	}
	rows.set('CodeLens: resolve 40 visible titles', performance.now() - t);

	// one changed line in the middle: a full re-analysis
	const mid = text.indexOf('\n', Math.floor(text.length / 2));
	const edited = text.slice(0, mid) + text.slice(mid).replace(' win ', ' win 1');
	o = timedOptions();
	t = performance.now();
	const editedResult = appendedLines(appended.session, edited) ? undefined : await analyseTextInSlices(edited, o);
	rows.set('edit one line -> new findings', performance.now() - t);
	longestSlice = Math.max(longestSlice, o.longest());
	if (!editedResult) {
		throw new Error('edit analysis failed');
	}

	const lines = splitLines(grown);
	const rnd = prng(11);
	const times: number[] = [];
	for (let i = 0; i < 400; i++) {
		const line = Math.floor(rnd() * lines.length);
		const lineText = lines[line] ?? '';
		const character = Math.floor(rnd() * Math.max(1, lineText.length));
		const h0 = performance.now();
		hoverAt(appended.analysis, { line, character });
		times.push(performance.now() - h0);
	}
	times.sort((a, b) => a - b);
	rows.set('hover p50', percentile(times, 0.5));
	rows.set('hover p99', percentile(times, 0.99));

	// one 300,000-packet connection (149,999 data segments, each acknowledged, and a FIN close)
	const long = longConnection(149_999);
	o = timedOptions();
	const longResult = await analyseTextInSlices(long, o);
	longestSlice = Math.max(longestSlice, o.longest());
	if (!longResult) {
		throw new Error('long analysis abandoned');
	}
	const longLines = splitLines(long);
	let slowest = 0;
	hoverAt(longResult.analysis, { line: longLines.length - 9, character: 20 }); // the analysis's first hover
	for (let line = longLines.length - 8; line < longLines.length; line++) {
		const lineText = longLines[line] ?? '';
		for (const m of lineText.matchAll(/(?:seq|ack|Flags) \S/g)) {
			const h0 = performance.now();
			hoverAt(longResult.analysis, { line, character: (m.index ?? 0) + (m[0].startsWith('F') ? 7 : 4) });
			slowest = Math.max(slowest, performance.now() - h0);
		}
	}
	rows.set('hover, last packets of a 300,000-packet connection (slowest)', slowest);
	rows.set('longest blocking slice', longestSlice);

	console.log(JSON.stringify({
		input: `${lines.length - 1} lines, ${connections} connections, ${plan.connections} CodeLens connections (${plan.problems} problem ones), ${first.slices} slices; long connection ${longResult.analysis.connections[0]?.packets.length ?? 0} packets`,
		rows: Object.fromEntries(rows),
	}));
}

function main(): void {
	const wanted = Number(process.argv[2] ?? 300000);
	if (process.argv[4] === '--round') {
		round(wanted).catch(e => {
			console.error(e);
			process.exit(1);
		});
		return;
	}
	const rounds = Number(process.argv[3] ?? 3);
	const results: { input: string; rows: Record<string, number> }[] = [];
	for (let r = 0; r < rounds; r++) {
		const out = execFileSync(process.execPath, [__filename, String(wanted), String(rounds), '--round'], { encoding: 'utf8', maxBuffer: 1 << 24 });
		results.push(JSON.parse(out.trim().split('\n').pop() ?? '{}') as { input: string; rows: Record<string, number> });
	}
	const [load1] = os.loadavg();
	console.log(`editor path: ${results[0]?.input}; ${rounds} rounds, each its own process; node ${process.version}, ${os.cpus().length} cores, load average ${load1?.toFixed(1)} at the end`);
	for (const f of FIGURES) {
		const values = results.map(r => r.rows[f.name] ?? NaN).sort((a, b) => a - b);
		const median = values[Math.floor(values.length / 2)] ?? NaN;
		const digits = median < 10 ? 2 : median < 100 ? 1 : 0;
		const verdict = f.target === undefined ? '' : `  target ≤ ${f.target} ms: ${median <= f.target ? 'met' : 'NOT met'}`;
		console.log(`  ${`${f.name}:`.padEnd(64)} ${median.toFixed(digits).padStart(8)} ms (${values[0]?.toFixed(digits)}–${values[values.length - 1]?.toFixed(digits)})${verdict}`);
	}
}

main();
