/**
 * `npm run bench`: how fast the core reads a large capture, against the bare cost of reading the
 * file and splitting it into lines. Prints figures; asserts nothing (speed targets live here, not in tests).
 *
 *   npm run bench                 200,000 packets (default)
 *   npm run bench -- 1000000      another size
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeLines } from '../src/core/store/capture';
import { splitLines } from '../src/core/scan/lines';
import { summarizeConnections } from '../src/core/features/connectionSummary';
import { foldingRanges } from '../src/core/features/folding';
import { inlayHints } from '../src/core/features/inlayHints';
import { documentSymbols } from '../src/core/features/outline';
import { ladderLayout } from '../src/core/features/ladder/layout';
import { timeSequenceGraphs } from '../src/core/features/ladder/timeSequence';
import { decodeLadderWire, ladderWire } from '../src/core/features/ladder/wire';
import { generateCapture } from './generate';
import { longConnection } from './ladderConnection';

function ms(from: bigint): number {
	return Number(process.hrtime.bigint() - from) / 1e6;
}

/** CPU milliseconds (user + system) since `from`: steadier than wall time on a busy machine. */
function cpuMs(from: NodeJS.CpuUsage): number {
	const d = process.cpuUsage(from);
	return (d.user + d.system) / 1000;
}

function main(): void {
	const packets = Number(process.argv[2] ?? 200000);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpdump-lens-bench-'));
	const file = path.join(dir, 'capture.txt');
	fs.writeFileSync(file, generateCapture(packets));
	const size = fs.statSync(file).size;

	let peakRss = process.memoryUsage().rss;
	const sample = setInterval(() => {
		peakRss = Math.max(peakRss, process.memoryUsage().rss);
	}, 5);

	// warm-up on a small slice so both phases run JIT-compiled code
	analyzeLines(splitLines(fs.readFileSync(file, 'utf8')).slice(0, 20000));

	let t = process.hrtime.bigint();
	let c = process.cpuUsage();
	const lines = splitLines(fs.readFileSync(file, 'utf8'));
	const readSplitMs = ms(t);
	const readSplitCpu = cpuMs(c);

	t = process.hrtime.bigint();
	c = process.cpuUsage();
	const analysis = analyzeLines(lines);
	const analyzeMs = ms(t);
	const analyzeCpu = cpuMs(c);
	peakRss = Math.max(peakRss, process.memoryUsage().rss);
	clearInterval(sample);
	fs.rmSync(dir, { recursive: true, force: true });

	// the views of issue 10 on the same analysis (each built once per document version)
	// CPU time: wall time on a shared machine mostly measures the neighbours
	const timed = <T>(f: () => T): [T, number] => {
		const c0 = process.cpuUsage();
		const v = f();
		return [v, cpuMs(c0)];
	};
	const [summaries, summaryMs] = timed(() => summarizeConnections(analysis));
	const [symbols, symbolMs] = timed(() => documentSymbols(analysis, summaries));
	const [, sortMs] = timed(() => summaries.slice().sort((x, y) => (y.bytes[0] + y.bytes[1]) - (x.bytes[0] + x.bytes[1])));
	const [folds, foldMs] = timed(() => foldingRanges(analysis));
	const mid = Math.floor(lines.length / 2);
	const [hints, hintMs] = timed(() => inlayHints(analysis, mid, mid + 60, { otherNumbering: true, scaledWindow: true, timeSinceSyn: true, ackedLine: true }));

	const ratio = analyzeMs / readSplitMs;
	const out = [
		`input:                       ${lines.length.toLocaleString('en-US')} lines, ${(size / 1048576).toFixed(1)} MiB, ${analysis.counts.packets.toLocaleString('en-US')} packets (${analysis.counts.tcpPackets.toLocaleString('en-US')} TCP), ${analysis.connections.length.toLocaleString('en-US')} connections, ${analysis.findings.length.toLocaleString('en-US')} findings`,
		`read + split into lines:     ${readSplitMs.toFixed(1)} ms wall, ${readSplitCpu.toFixed(1)} ms CPU`,
		`parse + connections + findings: ${analyzeMs.toFixed(1)} ms wall, ${analyzeCpu.toFixed(1)} ms CPU`,
		`ratio:                       ${ratio.toFixed(2)}× wall, ${(analyzeCpu / readSplitCpu).toFixed(2)}× CPU (target ≤ 2.00×)`,
		`tree rows (summaries):       ${summaryMs.toFixed(1)} ms CPU for ${summaries.length.toLocaleString('en-US')} connections; sort by bytes ${sortMs.toFixed(1)} ms`,
		`outline (document symbols):  ${symbolMs.toFixed(1)} ms CPU for ${symbols.length.toLocaleString('en-US')} symbols`,
		`folding ranges:              ${foldMs.toFixed(1)} ms CPU for ${folds.length.toLocaleString('en-US')} ranges`,
		`inlay hints, 60 lines:       ${hintMs.toFixed(2)} ms CPU (${hints.length} hints)`,
		`packets per second:          ${Math.round(analysis.counts.packets / (analyzeMs / 1000)).toLocaleString('en-US')}`,
		`peak memory (RSS):           ${(peakRss / 1048576).toFixed(0)} MiB`,
		`node ${process.version}, ${os.cpus().length} cores`,
	];
	console.log(out.join('\n'));
	console.log('');
	console.log(ladderFigure());
}

/** Median wall and CPU milliseconds of `runs` runs of `f`. */
function median(runs: number, f: () => void): { wall: number; cpu: number } {
	const wall: number[] = [];
	const cpu: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = process.hrtime.bigint();
		const c = process.cpuUsage();
		f();
		wall.push(ms(t));
		cpu.push(cpuMs(c));
	}
	const mid = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
	return { wall: mid(wall), cpu: mid(cpu) };
}

/** The ladder's own figure: one 10,000-packet connection, what opening its panel computes and sends. */
function ladderFigure(): string {
	const lines = splitLines(longConnection(4990));
	const analysis = analyzeLines(lines);
	const conn = analysis.connections[0];
	const packets = conn?.packets.length ?? 0;
	let ladder = ladderLayout(analysis, 0);
	let graphs = timeSequenceGraphs(analysis, 0);
	if (!ladder) {
		return 'ladder: no connection';
	}
	const layout = ladder;
	const layoutMs = median(7, () => { ladder = ladderLayout(analysis, 0); });
	const tsgMs = median(7, () => { graphs = timeSequenceGraphs(analysis, 0); });
	let wire = ladderWire(layout);
	const wireMs = median(7, () => { wire = ladderWire(layout); });
	let json = '';
	const stringifyMs = median(7, () => { json = JSON.stringify({ type: 'show', ladder: wire }); });
	// what the page does on arrival: the structured clone's parse (JSON.parse is the same order of work), then decoding
	const parseMs = median(7, () => { JSON.parse(json); });
	const decodeMs = median(7, () => { decodeLadderWire(wire); });
	const oldBytes = JSON.stringify({ ladder: layout, texts: layout.arrows.map(a => lines[a.line] ?? '') }).length;
	const tsgBytes = JSON.stringify(graphs).length;
	const cpu = (x: { cpu: number }) => `${x.cpu.toFixed(1)} ms CPU`;
	return [
		`ladder, one connection:      ${packets.toLocaleString('en-US')} packets, ${layout.arrows.filter(a => a.retransmissionOf !== undefined).length} retransmissions, ${layout.height.toFixed(0)} px tall, ${layout.ticks.length} ticks`,
		`  ladder layout:             ${layoutMs.wall.toFixed(1)} ms wall, ${cpu(layoutMs)} (median of 7)`,
		`  message build (wire):      ${cpu(wireMs)}; JSON.stringify ${cpu(stringifyMs)}; JSON.parse ${cpu(parseMs)}; decode ${cpu(decodeMs)}`,
		`  message to the webview:    ${(json.length / 1048576).toFixed(2)} MiB (${json.length.toLocaleString('en-US')} bytes; was ${(oldBytes / 1048576).toFixed(2)} MiB with objects and line texts)`,
		`  time-sequence layout:      ${tsgMs.wall.toFixed(1)} ms wall, ${cpu(tsgMs)} (median of 7; sent only when its tab is shown, ${(tsgBytes / 1048576).toFixed(2)} MiB)`,
	].join('\n');
}

main();
