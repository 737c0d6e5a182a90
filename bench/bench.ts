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
import { analyzeLines, splitLines } from '../src/core/capture';
import { generateCapture } from './generate';

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

	const ratio = analyzeMs / readSplitMs;
	const out = [
		`input:                       ${lines.length.toLocaleString('en-US')} lines, ${(size / 1048576).toFixed(1)} MiB, ${analysis.counts.packets.toLocaleString('en-US')} packets (${analysis.counts.tcpPackets.toLocaleString('en-US')} TCP), ${analysis.connections.length.toLocaleString('en-US')} connections, ${analysis.findings.length.toLocaleString('en-US')} findings`,
		`read + split into lines:     ${readSplitMs.toFixed(1)} ms wall, ${readSplitCpu.toFixed(1)} ms CPU`,
		`parse + connections + findings: ${analyzeMs.toFixed(1)} ms wall, ${analyzeCpu.toFixed(1)} ms CPU`,
		`ratio:                       ${ratio.toFixed(2)}× wall, ${(analyzeCpu / readSplitCpu).toFixed(2)}× CPU (target ≤ 2.00×)`,
		`packets per second:          ${Math.round(analysis.counts.packets / (analyzeMs / 1000)).toLocaleString('en-US')}`,
		`peak memory (RSS):           ${(peakRss / 1048576).toFixed(0)} MiB`,
		`node ${process.version}, ${os.cpus().length} cores`,
	];
	console.log(out.join('\n'));
}

main();
