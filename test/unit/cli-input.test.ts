/**
 * The CLI with what users feed it, on purpose or by mistake (ISSUE-7 items 5 and 6): binary,
 * compressed, UTF-16 and endless inputs, write errors, broken pipes, over-long lines, a lone CR,
 * several files, --summary, --min-severity, --version, and a live pipe. Expected texts and exit
 * codes are the CLI's documented ones (its --help and the README's "Command line").
 */
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { prng } from '../../bench/prng';
import { analyzeText } from '../../src/core/store/capture';
import { CLI, ensureBuilt, runCli as run } from './cliRun';
import { fixturePath, REPO } from './fixtures';

interface Diagnostic { line: number; column: number; code: string; severity: string }
interface Doc { file?: string; packets: number; connections: { index: number; stats: { packets: number } | null }[]; diagnostics: Diagnostic[] }

const wrongAck = fixturePath('synack-wrong-ack', 'nn.txt');
const mixed = fixturePath('mixed', 'nn.txt');
const seed = fixturePath('old-3x-style', 'seed.txt');

/** A real pcapng Section Header Block (pcapng spec §4.1): type, length 28, byte-order magic, v1.0, section length -1. */
function pcapngHeader(): Buffer {
	const b = Buffer.alloc(28);
	b.writeUInt32LE(0x0a0d0d0a, 0);
	b.writeUInt32LE(28, 4);
	b.writeUInt32LE(0x1a2b3c4d, 8);
	b.writeUInt16LE(1, 12);
	b.writeUInt16LE(0, 14);
	b.writeBigInt64LE(-1n, 16);
	b.writeUInt32LE(28, 24);
	return b;
}

suite('cli: inputs, exit codes and options', function () {
	this.timeout(60000);
	let dir: string;

	suiteSetup(function () {
		this.timeout(120000);
		ensureBuilt();
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpdump-lens-cli-input-'));
	});

	suiteTeardown(() => fs.rmSync(dir, { recursive: true, force: true }));

	test('a pcap on standard input is analysed like the file (tcpdump -w - | tcpdump-lens -); a damaged pcapng is reported', () => {
		const pcapFile = fixturePath('normal-fin', 'normal-fin.pcap');
		const fromStdin = run(['-'], fs.readFileSync(pcapFile));
		assert.strictEqual(fromStdin.status, 0, fromStdin.stderr);
		assert.match(fromStdin.stdout, /11 packets \(11 TCP\), 1 connection\b/);
		const ngFile = path.join(dir, 'x.pcapng');
		fs.writeFileSync(ngFile, Buffer.concat([pcapngHeader(), Buffer.alloc(64)]));
		const f = run([ngFile]);
		assert.notStrictEqual(f.status, 0);
		assert.match(f.stderr, /x\.pcapng/);
	});

	test('text without a tcpdump line, and an empty input: exit 2, "no tcpdump packet lines found"', () => {
		const notes = path.join(dir, 'notes.txt');
		fs.writeFileSync(notes, 'Shopping list\neggs\nmilk > bread: maybe\n');
		for (const r of [run([notes]), run(['-'], fs.readFileSync(notes)), run(['--json', notes]), run(['-'], '')]) {
			assert.strictEqual(r.status, 2);
			assert.match(r.stderr, /: no tcpdump packet lines found: is this tcpdump's text output\?/);
			assert.strictEqual(r.stdout, '');
		}
	});

	test('gzip, xz and bzip2 files and streams: exit 2, named, with the command that decompresses', () => {
		const text = fs.readFileSync(mixed);
		const packed: [string, Buffer | undefined, RegExp][] = [
			['gz', zlib.gzipSync(text), /gzip-compressed.*\n.*gzip -dc/],
			['xz', spawnSync('xz', ['-c'], { input: text }).stdout as Buffer | undefined, /xz-compressed.*\n.*xz -dc/],
			['bz2', spawnSync('bzip2', ['-c'], { input: text }).stdout as Buffer | undefined, /bzip2-compressed.*\n.*bzip2 -dc/],
		];
		for (const [ext, bytes, says] of packed) {
			if (!bytes || bytes.length === 0) {
				continue; // the compressor is not installed
			}
			const file = path.join(dir, `capture.txt.${ext}`);
			fs.writeFileSync(file, bytes);
			for (const r of [run([file]), run(['-'], bytes)]) {
				assert.strictEqual(r.status, 2, ext);
				assert.match(r.stderr, says);
				assert.strictEqual(r.stdout, '');
			}
		}
	});

	test('random bytes and UTF-16 text: exit 2, saying what they are', () => {
		const rand = prng(7);
		const noise = Buffer.from(Array.from({ length: 100000 }, () => Math.floor(rand() * 256)));
		for (const r of [run(['-'], noise), run([(fs.writeFileSync(path.join(dir, 'noise'), noise), path.join(dir, 'noise'))])]) {
			assert.strictEqual(r.status, 2);
			assert.match(r.stderr, /is binary data, not text/);
		}
		const text = fs.readFileSync(mixed, 'utf8');
		for (const [bytes, says] of [[Buffer.from('\ufeff' + text, 'utf16le'), /UTF-16 text \(little-endian, with a byte-order mark\)/], [Buffer.from(text, 'utf16le'), /UTF-16 text \(little-endian\)/]] as const) {
			const file = path.join(dir, 'utf16.txt');
			fs.writeFileSync(file, bytes);
			for (const r of [run([file]), run(['-'], bytes)]) {
				assert.strictEqual(r.status, 2);
				assert.match(r.stderr, says);
				assert.match(r.stderr, /iconv -f UTF-16 -t UTF-8/);
			}
		}
	});

	test('/dev/zero, and a link to it, are refused at once with exit 2', function () {
		if (!fs.existsSync('/dev/zero')) {
			this.skip();
		}
		const link = path.join(dir, 'zero.txt');
		fs.symlinkSync('/dev/zero', link);
		for (const name of ['/dev/zero', link]) {
			const r = run([name], undefined, { timeout: 10000 });
			assert.strictEqual(r.status, 2, name);
			assert.match(r.stderr, /is a character device, not a capture text/);
		}
		// and the same bytes through a pipe are binary data
		const piped = spawnSync('bash', ['-c', `head -c 1000000 /dev/zero | "${process.execPath}" "${CLI}" -`], { encoding: 'utf8' });
		assert.strictEqual(piped.status, 2);
		assert.match(piped.stderr, /<stdin> is binary data/);
	});

	test('a write error on stdout (> /dev/full): one line on stderr and exit 3, never 1', function () {
		if (!fs.existsSync('/dev/full')) {
			this.skip();
		}
		for (const args of [[wrongAck], ['--json', wrongAck]]) {
			const full = fs.openSync('/dev/full', 'w');
			const r = spawnSync(process.execPath, [CLI, ...args], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
			fs.closeSync(full);
			assert.strictEqual(r.status, 3, r.stderr);
			assert.strictEqual(r.stderr, 'tcpdump-lens: cannot write the output: ENOSPC (no space left on the device)\n');
		}
	});

	test('a line over 16 MiB on standard input: one line on stderr, exit 3', () => {
		const r = run(['-'], Buffer.alloc((16 << 20) + 10, 'a'));
		assert.strictEqual(r.status, 3);
		assert.strictEqual(r.stderr, "tcpdump-lens: <stdin>: line 1 is longer than 16,777,216 characters: this is not tcpdump's text output; stopped\n");
	});

	test('| head -1 (broken pipe) keeps the exit status the findings decide', () => {
		// 3,000 wrong SYN-ACKs: far more output than a pipe holds, so the CLI does meet EPIPE
		const lines: string[] = [];
		for (let i = 0; i < 3000; i++) {
			const port = 20000 + i;
			lines.push(`10:00:${String(i % 60).padStart(2, '0')}.000000 IP 10.0.0.1.${port} > 10.0.0.2.80: Flags [S], seq 1000, win 64240, length 0`);
			lines.push(`10:00:${String(i % 60).padStart(2, '0')}.010000 IP 10.0.0.2.80 > 10.0.0.1.${port}: Flags [S.], seq 5000, ack 1005, win 65160, length 0`);
		}
		const file = path.join(dir, 'many-wrong-acks.txt');
		fs.writeFileSync(file, lines.join('\n') + '\n');
		for (const args of ['', '--json ']) {
			const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" ${args}"${file}" | head -1 >/dev/null; echo "status \${PIPESTATUS[0]}"`], { encoding: 'utf8' });
			assert.strictEqual(r.stdout.trim(), 'status 1', `${args}${r.stderr}`);
			assert.strictEqual(r.stderr, '');
		}
	});

	test('a lone CR ends a line in the editor\'s rule, on standard input and in file mode: same findings', () => {
		// mixed line breaks: lone CR, CRLF and LF
		const text = fs.readFileSync(mixed, 'utf8').split('\n').map((l, i) => l + (i % 3 === 0 ? '\r' : i % 3 === 1 ? '\r\n' : '\n')).join('');
		assert.ok(/\r[^\n]/.test(text));
		const file = path.join(dir, 'cr.txt');
		fs.writeFileSync(file, text);
		const key = (d: { line: number; column: number; code: string }) => `${d.line}:${d.column} ${d.code}`;
		const editor = analyzeText(text).findings.map(f => key({ line: f.span.line + 1, column: f.span.start + 1, code: f.code })).sort();
		const fromFile = (JSON.parse(run(['--json', file]).stdout) as Doc).diagnostics.map(key).sort();
		const fromStdin = (JSON.parse(run(['--json', '-'], text).stdout) as Doc).diagnostics.map(key).sort();
		const lf = (JSON.parse(run(['--json', mixed]).stdout) as Doc).diagnostics.map(key).sort();
		assert.ok(lf.length > 0);
		assert.deepStrictEqual(editor, lf);
		assert.deepStrictEqual(fromFile, lf);
		assert.deepStrictEqual(fromStdin, lf);
	});

	test('--version prints package.json\'s version; --help lists the options and exit codes', () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
		const v = run(['--version']);
		assert.strictEqual(v.status, 0);
		assert.strictEqual(v.stdout, `tcpdump-lens ${pkg.version}\n`);
		const h = run(['--help']);
		assert.strictEqual(h.status, 0);
		for (const option of ['--json', '--compact', '--summary', '--min-severity', '--version', 'FILE...', ' 3 the run was cut short']) {
			assert.ok(h.stdout.includes(option), option);
		}
	});

	test('several files: each reported on its own, exit status the worst; --json gives an array with `file`', () => {
		const r = run([seed, wrongAck]);
		assert.strictEqual(r.status, 1);
		assert.match(r.stdout, /seed\.txt: 3 packets \(3 TCP\), 1 connection, 0 errors/);
		assert.match(r.stdout, /synack-wrong-ack\/nn\.txt: \d+ packets .*, 1 error/);
		const missing = run([seed, path.join(dir, 'missing.txt')]);
		assert.strictEqual(missing.status, 2);
		assert.match(missing.stdout, /seed\.txt: 3 packets/);
		assert.match(missing.stderr, /missing\.txt: no such file/);
		const j = JSON.parse(run(['--json', seed, wrongAck]).stdout) as Doc[];
		assert.deepStrictEqual(j.map(d => d.file), [seed, wrongAck]);
		assert.deepStrictEqual(j[1]?.diagnostics, (JSON.parse(run(['--json', wrongAck]).stdout) as Doc).diagnostics);
		const compact = JSON.parse(run(['--json', '--compact', seed, wrongAck]).stdout) as Doc[];
		assert.deepStrictEqual(compact, j);
	});

	test('--min-severity: only findings at least that severe; the exit status unchanged', () => {
		const all = (JSON.parse(run(['--json', wrongAck]).stdout) as Doc).diagnostics;
		assert.ok(all.some(d => d.severity === 'error') && all.some(d => d.severity !== 'error'));
		const errors = run(['--json', '--min-severity', 'error', wrongAck]);
		assert.strictEqual(errors.status, 1);
		assert.deepStrictEqual((JSON.parse(errors.stdout) as Doc).diagnostics, all.filter(d => d.severity === 'error'));
		const human = run(['--min-severity=warning', mixed]).stdout.split('\n').filter(l => l.startsWith(mixed + ':') && /^[^ ]+:\d+:\d+: /.test(l));
		const mixedAll = (JSON.parse(run(['--json', mixed]).stdout) as Doc).diagnostics;
		assert.strictEqual(human.length, mixedAll.filter(d => d.severity === 'error' || d.severity === 'warning').length);
		assert.ok(human.every(l => /: (error|warning) /.test(l)));
		assert.strictEqual(run(['--min-severity', 'loud', mixed]).status, 2);
	});

	test('--summary: the count of each code equals the findings of that code in --json', () => {
		for (const c of ['mixed', 'retransmission', 'synack-wrong-ack']) {
			const file = fixturePath(c, 'nn.txt');
			const doc = JSON.parse(run(['--json', file]).stdout) as Doc;
			const expected = new Map<string, number>();
			for (const d of doc.diagnostics) {
				expected.set(`${d.severity} ${d.code}`, (expected.get(`${d.severity} ${d.code}`) ?? 0) + 1);
			}
			const r = run(['--summary', file]);
			assert.strictEqual(r.status, doc.diagnostics.some(d => d.severity === 'error') ? 1 : 0);
			const got = new Map<string, number>();
			for (const m of r.stdout.matchAll(/^ +(\d+) {2}(\w+) +([\w.-]+) {2}\(/gm)) {
				got.set(`${m[2]} ${m[3]}`, Number(m[1]));
			}
			assert.deepStrictEqual([...got].sort(), [...expected].sort(), c);
			assert.match(r.stdout, new RegExp(`: ${doc.packets} packets .*, ${doc.connections.length} connections?, ${doc.diagnostics.length} findings?:`));
		}
	});

	test('a live pipe: a connection\'s line as soon as it closes (RST; FIN both ways and the last ACK) or after a quiet second, not at the end', async () => {
		const child = spawn(process.execPath, [CLI, '-'], { cwd: REPO, stdio: ['pipe', 'pipe', 'pipe'] });
		let out = '';
		child.stdout.on('data', (d: Buffer) => {
			out += d.toString();
		});
		const waitFor = (re: RegExp, ms: number) => new Promise<boolean>(resolve => {
			const started = Date.now();
			const tick = () => (re.test(out) ? resolve(true) : Date.now() - started > ms ? resolve(false) : setTimeout(tick, 20));
			tick();
		});
		const mixedLines = fs.readFileSync(mixed, 'utf8').split('\n');
		const finLines = fs.readFileSync(fixturePath('normal-fin', 'nn.txt'), 'utf8').split('\n');
		try {
			child.stdin.write(mixedLines.slice(0, 18).join('\n') + '\n'); // up to the RST of #3 (line 18)
			assert.ok(await waitFor(/#3 192\.168\.1\.12\.52104 → 203\.0\.113\.10\.8443: refused \(RST\).*\(line 17, 2 packets\)/, 5000), out);
			assert.doesNotMatch(out, /#1 /); // #1 and #2 are still open
			child.stdin.write(finLines.slice(0, 10).join('\n') + '\n'); // normal-fin: both FINs, not the last ACK
			assert.ok(await waitFor(/192\.168\.1\.12\.51234 → 203\.0\.113\.10\.80: handshake complete.*\(line 19, 10 packets\)/, 5000), out);
			assert.ok(child.exitCode === null, 'still running: the line came before the end of the input');
		} finally {
			child.stdin.end();
		}
		const code = await new Promise<number | null>(resolve => child.on('close', resolve));
		assert.strictEqual(code, 0);
		assert.match(out, /<stdin>: \d+ packets/);
	});
});
