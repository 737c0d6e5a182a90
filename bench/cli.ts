/**
 * `npm run bench` (CLI part): the command line as a user runs it, each figure its own process,
 * several interleaved rounds, medians with min–max, wall time and peak RSS (from /usr/bin/time).
 *
 *   floor          read in 1 MiB chunks + decode UTF-8 + split into lines (what the CLI cannot avoid)
 *   human          tcpdump-lens FILE > /dev/null
 *   --json         tcpdump-lens --json FILE > /dev/null (pretty, the default)
 *   --json --compact
 *
 * On the generated 200,000-packet capture by default; BENCH_CLI_MIB=1024 adds a ~1 GB capture
 * (bench/bigfile.ts) for the memory figures (slow: minutes per run). BENCH_CLI_ROUNDS sets rounds.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readFileLines, openInput } from '../src/cli/input';
import { writeBigCapture } from './bigfile';
import { generateCapture } from './generate';

const REPO = path.resolve(__dirname, '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.js');

interface Sample { seconds: number; rssMiB: number }

function floor(file: string): void {
	const opened = openInput(file);
	if (opened.kind !== 'file') {
		throw new Error('not a file');
	}
	let lines = 0;
	readFileLines(opened.fd, file, () => {
		lines++;
	});
	console.log(lines);
}

function measure(args: string[]): Sample {
	const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
	const last = r.stderr.trim().split('\n').pop() ?? '';
	const [seconds, kib] = last.split(' ').map(Number);
	if (seconds === undefined || kib === undefined || Number.isNaN(seconds)) {
		throw new Error(`cannot measure ${args.join(' ')}: ${r.stderr}`);
	}
	return { seconds, rssMiB: kib / 1024 };
}

function median(xs: number[]): number {
	const s = xs.slice().sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] ?? 0 : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

function row(name: string, samples: Sample[], floorSeconds: number[] | undefined): string {
	const t = samples.map(s => s.seconds);
	const r = samples.map(s => s.rssMiB);
	const ratios = floorSeconds ? t.map((x, i) => x / (floorSeconds[i] || 1)) : undefined;
	return `  ${name.padEnd(18)} ${median(t).toFixed(2)} s (${Math.min(...t).toFixed(2)}–${Math.max(...t).toFixed(2)})` +
		`  peak RSS ${median(r).toFixed(0)} MiB (${Math.min(...r).toFixed(0)}–${Math.max(...r).toFixed(0)})` +
		(ratios ? `  ${median(ratios).toFixed(1)}× floor (${Math.min(...ratios).toFixed(1)}–${Math.max(...ratios).toFixed(1)})` : '');
}

function benchFile(label: string, file: string, rounds: number): void {
	const size = fs.statSync(file).size;
	const figures: [string, string[]][] = [
		['floor', [__filename, '--floor', file]],
		['human', [CLI, file]],
		['--json', [CLI, '--json', file]],
		['--json --compact', [CLI, '--json', '--compact', file]],
	];
	const samples = new Map<string, Sample[]>(figures.map(([n]) => [n, []]));
	for (let round = 0; round < rounds; round++) {
		for (const [name, args] of figures) {
			samples.get(name)?.push(measure(args));
		}
	}
	const floorSeconds = samples.get('floor')?.map(s => s.seconds);
	console.log(`CLI on ${label} (${(size / 1048576).toFixed(0)} MiB), ${rounds} interleaved rounds, median (min–max):`);
	for (const [name] of figures) {
		console.log(row(name, samples.get(name) ?? [], name === 'floor' ? undefined : floorSeconds));
	}
}

function main(): void {
	if (process.argv[2] === '--floor') {
		floor(process.argv[3] ?? '');
		return;
	}
	if (!fs.existsSync('/usr/bin/time') || !fs.existsSync(CLI)) {
		console.log('CLI bench skipped: needs /usr/bin/time and a built dist/cli.js (node esbuild.js)');
		return;
	}
	const rounds = Number(process.env.BENCH_CLI_ROUNDS ?? 3);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpdump-lens-bench-cli-'));
	try {
		const file = path.join(dir, 'capture.txt');
		fs.writeFileSync(file, generateCapture(200000));
		benchFile('the generated 200,000-packet capture', file, rounds);
		const mib = Number(process.env.BENCH_CLI_MIB ?? 0);
		if (mib > 0) {
			const big = path.join(dir, 'big.txt');
			writeBigCapture(big, mib);
			benchFile(`a generated ${mib} MiB capture`, big, Math.min(rounds, 2));
		}
		console.log(`  node ${process.version}, ${os.cpus().length} cores`);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

main();
