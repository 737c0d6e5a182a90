/**
 * Binary captures on the command line (issue 12): `tcpdump-lens x.pcap`, `--print`, and a pcap
 * stream on standard input, checked against the real tcpdump text of every fixture (the
 * committed `<case>/nn.txt` etc., made by tcpdump 4.99.3).
 */
import * as assert from 'assert';
import * as childProcess from 'child_process';
import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES, REPO } from './fixtures';

const CLI = path.join(REPO, 'dist', 'cli.js');

function run(args: string[], input?: string | Buffer): SpawnSyncReturns<string> {
	return spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, input, encoding: 'utf8', timeout: 60000, maxBuffer: 1 << 28 });
}

function cases(): string[] {
	return fs.existsSync(FIXTURES) ? fs.readdirSync(FIXTURES).filter(c => fs.existsSync(path.join(FIXTURES, c, `${c}.pcap`))).sort() : [];
}

suite('cli: pcap and pcapng', function () {
	this.timeout(300000);
	suiteSetup(function () {
		if (cases().length === 0) {
			this.skip();
		}
		const built = spawnSync(process.execPath, ['esbuild.js'], { cwd: REPO, encoding: 'utf8' });
		assert.strictEqual(built.status, 0, built.stderr);
	});

	test('--json x.pcap gives the same connections and findings as tcpdump -nn -r x.pcap | tcpdump-lens --json -, on every fixture', () => {
		const all = cases();
		assert.ok(all.length > 20);
		for (const c of all) {
			const pcap = path.join(FIXTURES, c, `${c}.pcap`);
			const direct = run(['--json', pcap]);
			const viaText = run(['--json', '-'], fs.readFileSync(path.join(FIXTURES, c, 'nn.txt')));
			assert.strictEqual(direct.status, viaText.status, `${c}: ${direct.stderr}`);
			const a = JSON.parse(direct.stdout) as { connections: unknown[]; diagnostics: unknown[]; packets: number };
			const b = JSON.parse(viaText.stdout) as typeof a;
			assert.ok(a.packets > 0, c);
			assert.deepStrictEqual(a.connections, b.connections, c);
			assert.deepStrictEqual(a.diagnostics, b.diagnostics, c);
		}
	});

	test('--print with tcpdump option letters prints what tcpdump printed (nn, S, tttt, tt, ttt, t, v, vv, e, X, #)', () => {
		const formats: [string, string[]][] = [
			['nn.txt', []], ['nnS.txt', ['-S']], ['tttt.txt', ['-tttt']], ['tt.txt', ['-tt']], ['ttt.txt', ['-ttt']], ['t.txt', ['-t']],
			['v.txt', ['-v']], ['vv.txt', ['-vv']], ['e.txt', ['-e']], ['X.txt', ['-X']], ['num.txt', ['-#']],
		];
		// the renderer itself is compared with tcpdump on every capture (pcapRender.test.ts); this checks the CLI path
		for (const c of ['normal-fin', 'ipv6', 'loopback-http', 'tfo', 'mixed'].filter(x => cases().includes(x))) {
			for (const [file, words] of formats) {
				const expected = path.join(FIXTURES, c, file);
				if (!fs.existsSync(expected)) {
					continue;
				}
				const r = run(['--print', ...words, path.join(FIXTURES, c, `${c}.pcap`)]);
				assert.strictEqual(r.status, 0, `${c} ${file}: ${r.stderr}`);
				assert.strictEqual(r.stdout, fs.readFileSync(expected, 'utf8'), `${c} ${file}`);
				assert.match(r.stderr, /^reading from file .*, link-type EN10MB \(Ethernet\), snapshot length \d+\n$/);
			}
		}
	});

	test('--print -A prints what the real tcpdump -nn -A prints (the HTTP request and answer as text)', function () {
		const pcap = path.join(FIXTURES, 'loopback-http', 'loopback-http.pcap');
		const tcpdump = childProcess.spawnSync('tcpdump', ['-nn', '-A', '-r', pcap], { env: { ...process.env, TZ: 'UTC' }, encoding: 'latin1' });
		if (tcpdump.error || tcpdump.status !== 0) {
			this.skip();
		}
		const r = run(['--print', '-A', pcap]);
		assert.strictEqual(r.status, 0, r.stderr);
		assert.match(r.stdout, /GET \/\S* HTTP\/1\.[01]\n(?:[\w-]+: .*\n)*Host: 127\.0\.0\.1:18080\n/, 'the request as text (after the header bytes, shown as dots)');
		assert.strictEqual(r.stdout, tcpdump.stdout);
	});

	test('a binary stream on standard input is read like the file', () => {
		const pcap = fs.readFileSync(path.join(FIXTURES, 'retransmission', 'retransmission.pcap'));
		const fromStdin = run(['--json', '-'], pcap);
		const fromFile = run(['--json', path.join(FIXTURES, 'retransmission', 'retransmission.pcap')]);
		assert.strictEqual(fromStdin.status, 0, fromStdin.stderr);
		assert.deepStrictEqual(JSON.parse(fromStdin.stdout).diagnostics, JSON.parse(fromFile.stdout).diagnostics);
		const printed = run(['--print', '-'], pcap);
		assert.strictEqual(printed.stdout, fs.readFileSync(path.join(FIXTURES, 'retransmission', 'nn.txt'), 'utf8'));
	});

	test('a damaged capture: the packets before the damage, the byte offset on stderr, exit 1', () => {
		const pcap = fs.readFileSync(path.join(FIXTURES, 'normal-fin', 'normal-fin.pcap'));
		const r = run(['--print', '-'], pcap.subarray(0, pcap.length - 10));
		assert.strictEqual(r.status, 1);
		const expected = fs.readFileSync(path.join(FIXTURES, 'normal-fin', 'nn.txt'), 'utf8').split('\n').slice(0, 10).join('\n') + '\n';
		assert.strictEqual(r.stdout, expected);
		assert.match(r.stderr, /truncated file: the last record is incomplete \(\d+ bytes left\) \(at byte offset \d+\); 10 packets read before it/);
	});

	test('--print rejects options it does not know, and text that is not a capture', () => {
		const r = run(['--print', '-w', path.join(FIXTURES, 'normal-fin', 'normal-fin.pcap')]);
		assert.strictEqual(r.status, 2);
		assert.match(r.stderr, /unsupported tcpdump option -w/);
		const t = run(['--print', path.join(FIXTURES, 'normal-fin', 'nn.txt')]);
		assert.strictEqual(t.status, 2);
		assert.match(t.stderr, /not a pcap or pcapng file/);
	});
});
