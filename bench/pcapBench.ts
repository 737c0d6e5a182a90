/**
 * pcap read + render speed on a generated ~200,000-packet capture, against
 * `tcpdump -nn -r x.pcap > /dev/null` on the same file when tcpdump is installed. Prints figures.
 *
 *   node out/bench/pcapBench.js [packets]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CaptureTextStream, parseTcpdumpOptions, type RenderOptions } from '../src/core/pcap/index';
import { generatePcap } from './pcapGenerate';

function main(): void {
	const packets = Number(process.argv[2] ?? 200000);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpdump-lens-pcap-bench-'));
	const file = path.join(dir, 'bench.pcap');
	fs.writeFileSync(file, generatePcap(packets));
	const size = fs.statSync(file).size;
	const bytes = fs.readFileSync(file);
	const runs: number[] = [];
	let textLength = 0;
	let count = 0;
	for (let i = 0; i < 3; i++) {
		const started = process.hrtime.bigint();
		const stream = new CaptureTextStream(parseTcpdumpOptions(['-nn']) as RenderOptions);
		textLength = 0;
		// 1 MiB chunks, as the CLI reads a file
		for (let off = 0; off < bytes.length; off += 1 << 20) {
			textLength += stream.push(bytes.subarray(off, off + (1 << 20))).length;
		}
		count = stream.finish().packets;
		runs.push(Number(process.hrtime.bigint() - started) / 1e6);
	}
	const best = Math.min(...runs);
	console.log(`pcap bench: ${count} packets, ${(size / 1e6).toFixed(1)} MB pcap -> ${(textLength / 1e6).toFixed(1)} MB text`);
	console.log(`  tcpdump Lens read + render (-nn): ${best.toFixed(0)} ms (best of 3), ${Math.round(count / best * 1000).toLocaleString('en')} packets/s`);
	const started = process.hrtime.bigint();
	const r = spawnSync('sh', ['-c', `tcpdump -nn -r '${file}' > /dev/null 2>&1`]);
	const tcpdumpMs = Number(process.hrtime.bigint() - started) / 1e6;
	if (r.status === 0) {
		console.log(`  tcpdump -nn -r x.pcap > /dev/null: ${tcpdumpMs.toFixed(0)} ms (${(tcpdumpMs / best).toFixed(2)}x ours)`);
	} else {
		console.log('  tcpdump not installed: no comparison');
	}
	fs.rmSync(dir, { recursive: true, force: true });
}

main();
