/**
 * The CLI as a user runs it: `node dist/cli.js [--json] FILE|-` (built with `node esbuild.js` when
 * missing or older than the sources). Expected values: the seed's reading in
 * design/tcpdump-text-format.md §10.1, the synack-wrong-ack fixture's line 2, exit codes from the
 * CLI's usage text (0 no error finding, 1 an error finding, 2 unreadable input).
 */
import * as assert from 'assert';
import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixturePath, REPO } from './fixtures';

const CLI = path.join(REPO, 'dist', 'cli.js');

function newestSource(dir: string): number {
	let newest = 0;
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		newest = Math.max(newest, e.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
	}
	return newest;
}

function run(args: string[], input?: string | Buffer): SpawnSyncReturns<string> {
	return spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, input, encoding: 'utf8', timeout: 30000 });
}

interface CliJson {
	packets: number;
	tcpPackets: number;
	numbering: string;
	connections: {
		client: string | null;
		server: string | null;
		lines: number[];
		handshake: { state: string; clientIsn: number | null; serverIsn: number | null; syn: number | null; synAck: number | null; ack: number | null };
		stats: { completeness: number; completenessFlags: Record<string, boolean> } | null;
	}[];
	diagnostics: { line: number; column: number; code: string; severity: string; related: { line: number }[] }[];
}

suite('cli', () => {
	const seed = fixturePath('old-3x-style', 'seed.txt');
	const wrongAck = fixturePath('synack-wrong-ack', 'nn.txt');

	suiteSetup(function () {
		this.timeout(120000);
		if (!fs.existsSync(seed)) {
			this.skip();
		}
		const sources = path.join(REPO, 'src');
		if (!fs.existsSync(CLI) || fs.statSync(CLI).mtimeMs < newestSource(sources)) {
			const built = spawnSync(process.execPath, ['esbuild.js'], { cwd: REPO, encoding: 'utf8' });
			assert.strictEqual(built.status, 0, built.stderr);
		}
	});

	test('--json on the seed: one complete connection, client 192.168.1.12.1051, both ISNs, lines 1-3, exit 0', () => {
		const r = run(['--json', seed]);
		assert.strictEqual(r.status, 0, r.stderr);
		const j = JSON.parse(r.stdout) as CliJson;
		assert.strictEqual(j.packets, 3);
		assert.strictEqual(j.tcpPackets, 3);
		assert.strictEqual(j.numbering, 'absolute'); // `. ack 4279842715`: -S (§10.1)
		assert.strictEqual(j.connections.length, 1);
		const c = j.connections[0];
		assert.ok(c);
		assert.strictEqual(c.client, '192.168.1.12.1051');
		assert.strictEqual(c.server, '192.168.1.11.23');
		assert.strictEqual(c.handshake.state, 'complete');
		assert.strictEqual(c.handshake.clientIsn, 4255483971);
		assert.strictEqual(c.handshake.serverIsn, 4279842714);
		assert.deepStrictEqual([c.handshake.syn, c.handshake.synAck, c.handshake.ack], [1, 2, 3]);
		assert.deepStrictEqual(c.lines, [1, 2, 3]);
		// SYN, SYN-ACK, ACK, no payload, no FIN or RST: Wireshark's completeness 1 + 2 + 4
		assert.strictEqual(c.stats?.completeness, 7);
		assert.deepStrictEqual(c.stats?.completenessFlags, { syn: true, synAck: true, ack: true, data: false, fin: false, rst: false });
		assert.deepStrictEqual(j.diagnostics, []);
	});

	test('text output on the seed: summary, no findings, exit 0', () => {
		const r = run([seed]);
		assert.strictEqual(r.status, 0, r.stderr);
		assert.match(r.stdout, /: 3 packets \(3 TCP\), 1 connection, 0 errors, 0 warnings\n/); // one connection: singular
		assert.match(r.stdout, /192\.168\.1\.12\.1051 → 192\.168\.1\.11\.23: handshake complete/);
	});

	test('synack-wrong-ack: exit 1 and FILE:2:COL: error handshake.synack-ack-mismatch on the ack digits', () => {
		const r = run([wrongAck]);
		assert.strictEqual(r.status, 1, r.stderr);
		const line2 = fs.readFileSync(wrongAck, 'utf8').split('\n')[1] ?? '';
		const col = line2.indexOf('ack 1005') + 4 + 1;
		assert.ok(col > 5);
		const expected = `${wrongAck}:2:${col}: error handshake.synack-ack-mismatch: `;
		assert.ok(r.stdout.split('\n').some(l => l.startsWith(expected)), `no line starting ${expected}\n${r.stdout}`);
	});

	test('--json on synack-wrong-ack: the diagnostic with related = the SYN line', () => {
		const r = run(['--json', wrongAck]);
		assert.strictEqual(r.status, 1);
		const j = JSON.parse(r.stdout) as CliJson;
		const d = j.diagnostics.find(x => x.code === 'handshake.synack-ack-mismatch');
		assert.ok(d);
		assert.deepStrictEqual([d.line, d.severity, d.related.map(x => x.line)], [2, 'error', [1]]);
		assert.strictEqual(j.connections[0]?.handshake.state, 'ack-mismatch');
	});

	test('a missing file: exit 2, a clear message on stderr, nothing on stdout', () => {
		const missing = path.join(REPO, 'test', 'fixtures', 'no-such-capture.txt');
		const r = run([missing]);
		assert.strictEqual(r.status, 2);
		assert.match(r.stderr, /cannot read .*no-such-capture\.txt: no such file/);
		assert.strictEqual(r.stdout, '');
	});

	test('a pcap: analysed directly (issue 12; more in pcapCli.test.ts)', () => {
		const pcap = fixturePath('normal-fin', 'normal-fin.pcap');
		const r = run([pcap]);
		assert.strictEqual(r.status, 0, r.stderr);
		assert.match(r.stdout, /11 packets \(11 TCP\), 1 connection\b/);
	});

	test('a directory and bad usage: exit 2', () => {
		assert.strictEqual(run([path.join(REPO, 'test')]).status, 2);
		assert.strictEqual(run([]).status, 2);
		assert.strictEqual(run(['--frobnicate', seed]).status, 2);
		const help = run(['--help']);
		assert.strictEqual(help.status, 0);
		assert.match(help.stdout, /^Usage: tcpdump-lens/);
	});

	test('standard input (-) gives the same findings as the file', () => {
		for (const c of ['synack-wrong-ack', 'mixed', 'unanswered-syn']) {
			const file = fixturePath(c, 'nn.txt');
			const text = fs.readFileSync(file, 'utf8');
			const fromFile = run([file]);
			const fromStdin = run(['-'], text);
			assert.strictEqual(fromStdin.status, fromFile.status, c);
			const findings = (out: string, name: string) => out.split('\n').filter(l => l.startsWith(name + ':') && /: (error|warning|information|hint) /.test(l))
				.map(l => l.slice(name.length)).sort();
			const a = findings(fromFile.stdout, file);
			assert.ok(a.length > 0, c);
			assert.deepStrictEqual(findings(fromStdin.stdout, '<stdin>'), a, c);
			const jf = JSON.parse(run(['--json', file]).stdout) as CliJson;
			const js = JSON.parse(run(['--json', '-'], text).stdout) as CliJson;
			assert.deepStrictEqual(js.diagnostics, jf.diagnostics, `${c}: --json diagnostics`);
			assert.deepStrictEqual(js.connections, jf.connections, `${c}: --json connections`);
		}
	});

	test('CRLF input from standard input reads like LF', () => {
		const text = fs.readFileSync(wrongAck, 'utf8');
		const lf = JSON.parse(run(['--json', '-'], text).stdout) as CliJson;
		const crlf = JSON.parse(run(['--json', '-'], text.replace(/\n/g, '\r\n')).stdout) as CliJson;
		assert.deepStrictEqual(crlf, lf);
	});

	test('never writes to the input file', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpdump-lens-cli-'));
		try {
			const copy = path.join(dir, 'capture.txt');
			fs.copyFileSync(fixturePath('mixed', 'nn.txt'), copy);
			const past = new Date(Date.now() - 3600 * 1000);
			fs.utimesSync(copy, past, past);
			const before = fs.statSync(copy);
			const content = fs.readFileSync(copy);
			run([copy]);
			run(['--json', copy]);
			const after = fs.statSync(copy);
			assert.strictEqual(after.mtimeMs, before.mtimeMs);
			assert.strictEqual(after.size, before.size);
			assert.ok(fs.readFileSync(copy).equals(content));
			assert.deepStrictEqual(fs.readdirSync(dir), ['capture.txt']);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
