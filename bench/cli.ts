/**
 * `npm run bench` (CLI part): the command line as a user runs it, each figure its own process,
 * several interleaved rounds, each round's times and ratios, then medians with min–max; wall time
 * and peak RSS from /usr/bin/time.
 *
 *   floor          read in 1 MiB chunks + UTF-8 decode (TextDecoder) + split into line strings: what
 *                  any Node program reading the text pays. Fixed here, apart from the CLI's own
 *                  reading, so that a faster reader in the CLI shows as a lower ratio, not a lower floor.
 *   reader         the CLI's own reading alone (src/cli/input.ts: ASCII chunks copied as Latin-1)
 *   human          tcpdump-lens FILE > /dev/null
 *   --json         tcpdump-lens --json FILE > /dev/null (pretty, the default)
 *   --json --compact
 *   tcpdump -nn -r, tshark -2 -q -z conv,tcp   on the same packets' pcap, when installed
 *
 * Captures: a real loopback capture recorded now (bench/loopbackCapture.ts: 22,000 connections,
 * ≥ 200,000 packets; needs tcpdump and root, skipped without), rendered by tcpdump as `-nn -S`
 * text; and the generated 200,000-packet text (bench/generate.ts). Retained bytes per packet: the
 * heap an analysis keeps (the packet store, as the editor holds it) over the text's own lines.
 * BENCH_CLI_MIB=1024 adds a ~1 GB capture (bench/bigfile.ts) for the memory figures (slow: minutes
 * per run). BENCH_CLI_ROUNDS sets the rounds (default 3), BENCH_CLI_JS another build of the CLI.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openInput, readFileLines } from '../src/cli/input';
import { LineSplitter, splitLines } from '../src/core/scan/lines';
import { analyzeLines } from '../src/core/store/capture';
import { writeBigCapture } from './bigfile';
import { generateCapture } from './generate';
import { recordLoopbackCapture } from './loopbackCapture';

const REPO = path.resolve(__dirname, '..', '..');
/** The CLI under test; BENCH_CLI_JS points at another build (an older commit's dist/cli.js) to compare. */
const CLI = process.env.BENCH_CLI_JS ?? path.join(REPO, 'dist', 'cli.js');

/** Wall seconds, CPU seconds (user + system: steadier than wall time on a shared machine), peak RSS. */
interface Sample { seconds: number; cpu: number; rssMiB: number }
interface Figure { name: string; command: string; args: string[]; ratio: boolean }

/** The floor: what reading the text as lines costs any Node program (see the header). */
function floor(file: string): void {
	const fd = fs.openSync(file, 'r');
	const buffer = Buffer.allocUnsafe(1 << 20);
	const decoder = new TextDecoder('utf-8');
	let lines = 0;
	const splitter = new LineSplitter(() => {
		lines++;
	});
	for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0;) {
		splitter.push(decoder.decode(buffer.subarray(0, n), { stream: true }));
	}
	splitter.push(decoder.decode());
	splitter.end();
	fs.closeSync(fd);
	console.log(lines);
}

/** The CLI's reading alone. */
function reader(file: string): void {
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

/** Heap bytes an analysis keeps per packet, over the lines it was read from (run with --expose-gc). */
function retained(file: string): void {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) {
		throw new Error('run with --expose-gc');
	}
	const lines = splitLines(fs.readFileSync(file, 'utf8'));
	gc();
	const before = process.memoryUsage().heapUsed;
	const analysis = analyzeLines(lines);
	gc();
	const after = process.memoryUsage().heapUsed;
	console.log(JSON.stringify({ packets: analysis.counts.packets, connections: analysis.connections.length, bytesPerPacket: (after - before) / analysis.counts.packets }));
}

function have(command: string, args: string[]): boolean {
	return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

function measure(f: Figure): Sample {
	const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', f.command, ...f.args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
	const last = r.stderr.trim().split('\n').pop() ?? '';
	const [seconds, user, system, kib] = last.split(' ').map(Number);
	if (seconds === undefined || user === undefined || system === undefined || kib === undefined || Number.isNaN(seconds)) {
		throw new Error(`cannot measure ${f.command} ${f.args.join(' ')}: ${r.stderr}`);
	}
	return { seconds, cpu: user + system, rssMiB: kib / 1024 };
}

function median(xs: number[]): number {
	const s = xs.slice().sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] ?? 0 : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
}

const range = (xs: number[], digits: number) => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

function benchFile(label: string, file: string, rounds: number, pcap: string | undefined, retainedToo = true): void {
	const size = fs.statSync(file).size;
	const node = process.execPath;
	const figures: Figure[] = [
		{ name: 'floor', command: node, args: [__filename, '--floor', file], ratio: false },
		{ name: 'reader', command: node, args: [__filename, '--reader', file], ratio: true },
		{ name: 'human', command: node, args: [CLI, file], ratio: true },
		{ name: '--json', command: node, args: [CLI, '--json', file], ratio: true },
		{ name: '--json --compact', command: node, args: [CLI, '--json', '--compact', file], ratio: true },
	];
	if (pcap && have('tcpdump', ['--version'])) {
		figures.push({ name: 'tcpdump -nn -r', command: 'tcpdump', args: ['-nn', '-r', pcap], ratio: true });
	}
	if (pcap && have('tshark', ['--version'])) {
		figures.push({ name: 'tshark conv,tcp', command: 'tshark', args: ['-2', '-q', '-z', 'conv,tcp', '-r', pcap], ratio: true });
	}
	console.log(`CLI on ${label} (${(size / 1048576).toFixed(1)} MiB of text), ${rounds} interleaved rounds:`);
	const samples = new Map<string, Sample[]>(figures.map(f => [f.name, []]));
	for (let round = 0; round < rounds; round++) {
		const load = os.loadavg()[0] ?? 0;
		const got = figures.map(f => {
			const s = measure(f);
			samples.get(f.name)?.push(s);
			return s;
		});
		const floorS = got[0]?.seconds || 1;
		const floorCpu = got[0]?.cpu || 1;
		console.log(`  round ${round + 1} (load ${load.toFixed(1)}), wall s / CPU s (ratio to the floor): ` + figures.map((f, i) => {
			const g = got[i] ?? { seconds: 0, cpu: 0 };
			return `${f.name} ${g.seconds.toFixed(2)}/${g.cpu.toFixed(2)}${f.ratio ? ` (${(g.seconds / floorS).toFixed(1)}×/${(g.cpu / floorCpu).toFixed(1)}×)` : ''}`;
		}).join(', '));
	}
	const of = (name: string, key: 'seconds' | 'cpu') => samples.get(name)?.map(s => s[key]) ?? [];
	console.log(`  median (min–max) over the rounds; ratios per round, against that round's floor:`);
	for (const f of figures) {
		const t = of(f.name, 'seconds');
		const c = of(f.name, 'cpu');
		const r = samples.get(f.name)?.map(s => s.rssMiB) ?? [];
		const ratios = (xs: number[], base: number[]) => range(xs.map((x, i) => x / (base[i] || 1)), 1);
		console.log(`  ${f.name.padEnd(18)} wall ${range(t, 2)} s, CPU ${range(c, 2)} s, peak RSS ${range(r, 0)} MiB` +
			(f.ratio ? `; ${ratios(t, of('floor', 'seconds'))}× floor (wall), ${ratios(c, of('floor', 'cpu'))}× (CPU)` : ''));
	}
	if (samples.has('tshark conv,tcp')) {
		const faster = (ours: string, key: 'seconds' | 'cpu') => range(of('tshark conv,tcp', key).map((x, i) => x / (of(ours, key)[i] || 1)), 1);
		console.log(`  tshark conv,tcp ÷ tcpdump-lens (target ≥ 5×): human ${faster('human', 'seconds')}× wall, ${faster('human', 'cpu')}× CPU; ` +
			`--json ${faster('--json', 'seconds')}× wall, ${faster('--json', 'cpu')}× CPU`);
	}
	const rssMiB = median(samples.get('--json')?.map(s => s.rssMiB) ?? []);
	console.log(`  --json peak RSS ÷ text size: ${(rssMiB * 1048576 / size).toFixed(1)}× (target ≤ 3×)`);
	if (!retainedToo) {
		return;
	}
	const ret = spawnSync(process.execPath, ['--expose-gc', __filename, '--retained', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
	try {
		const r = JSON.parse(ret.stdout) as { packets: number; connections: number; bytesPerPacket: number };
		console.log(`  ${r.packets.toLocaleString('en-US')} packets, ${r.connections.toLocaleString('en-US')} connections; retained by the analysis (editor's packet store): ${r.bytesPerPacket.toFixed(0)} B/packet (target ≤ 100)`);
	} catch {
		console.log(`  retained bytes per packet: not measured (${ret.stderr.trim().split('\n').pop() ?? ''})`);
	}
}

async function main(): Promise<void> {
	const [mode, arg] = process.argv.slice(2);
	if (mode === '--floor' || mode === '--reader' || mode === '--retained') {
		(mode === '--floor' ? floor : mode === '--reader' ? reader : retained)(arg ?? '');
		return;
	}
	if (!fs.existsSync('/usr/bin/time') || !fs.existsSync(CLI)) {
		console.log('CLI bench skipped: needs /usr/bin/time and a built dist/cli.js (node esbuild.js)');
		return;
	}
	const rounds = Number(process.env.BENCH_CLI_ROUNDS ?? 3);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpdump-lens-bench-cli-'));
	process.once('SIGINT', () => {
		fs.rmSync(dir, { recursive: true, force: true }); // a 60 MiB capture and its text
		process.exit(130);
	});
	try {
		const pcap = path.join(dir, 'loopback.pcap');
		if (await recordLoopbackCapture(pcap)) {
			const text = path.join(dir, 'loopback.txt');
			const rendered = spawnSync('tcpdump', ['-nn', '-S', '-r', pcap], { stdio: ['ignore', fs.openSync(text, 'w'), 'ignore'] });
			if (rendered.status === 0) {
				benchFile('a real loopback capture (tcpdump -nn -S)', text, rounds, pcap);
			}
		} else {
			console.log('real loopback capture skipped: needs tcpdump and root (bench/loopbackCapture.ts)');
		}
		const file = path.join(dir, 'capture.txt');
		fs.writeFileSync(file, generateCapture(200000));
		benchFile('the generated 200,000-packet capture', file, rounds, undefined);
		const mib = Number(process.env.BENCH_CLI_MIB ?? 0);
		if (mib > 0) {
			const big = path.join(dir, 'big.txt');
			writeBigCapture(big, mib);
			benchFile(`a generated ${mib} MiB capture`, big, Math.min(rounds, 2), undefined, false);
		}
		console.log(`  node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg().map(x => x.toFixed(1)).join(' ')}`);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

main().catch((e: unknown) => {
	console.error(e);
	process.exit(1);
});
