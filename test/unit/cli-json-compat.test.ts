/**
 * The --json interface is public: the streamed writer must give the same fields and values as the
 * CLI did at commit ab212d5 (which built the whole object and called JSON.stringify). The expected
 * documents were made by that CLI (test/fixtures/make-cli-json-expected.sh) for every fixture text;
 * a few of their values are checked here by hand against tshark's reading of the same pcap.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { ensureBuilt, runCli as run } from './cliRun';
import { FIXTURES, loadTshark } from './fixtures';

interface Expected { exit: number; json: Record<string, unknown> & { diagnostics: { severity: string; code: string; line: number }[] } }

function expectedDocuments(): Record<string, Expected> {
	return JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(FIXTURES, 'cli-json-ab212d5.json.gz'))).toString('utf8')) as Record<string, Expected>;
}

/** Fails when a field of `old` is missing from `now` or has another JSON type there. */
function assertSameShape(old: unknown, now: unknown, where: string): void {
	const type = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
	if (old === null || now === null) {
		return; // a nullable field may be either
	}
	assert.strictEqual(type(now), type(old), `${where}: type`);
	if (Array.isArray(old) && Array.isArray(now)) {
		if (old.length > 0 && now.length > 0) {
			assertSameShape(old[0], now[0], `${where}[0]`);
		}
	} else if (typeof old === 'object' && typeof now === 'object') {
		for (const [k, v] of Object.entries(old as Record<string, unknown>)) {
			assert.ok(k in (now as Record<string, unknown>), `${where}.${k} is still there`);
			assertSameShape(v, (now as Record<string, unknown>)[k], `${where}.${k}`);
		}
	}
}

/** The document without the values that fixes since ab212d5 changed on purpose. */
function withoutFixed(doc: Record<string, unknown>): unknown {
	return JSON.parse(JSON.stringify({ ...doc, diagnostics: undefined }, (k, v: unknown) => (k === 'retransmittedBytes' ? undefined : v)));
}

suite('cli --json: the same document as before streaming (every fixture)', function () {
	this.timeout(120000);
	const expected = expectedDocuments();
	const names = Object.keys(expected).sort();

	suiteSetup(function () {
		this.timeout(120000);
		ensureBuilt();
	});

	test(`all ${names.length} fixture texts: same fields and values, same exit status; pretty output formatted as JSON.stringify(…, null, 2)`, () => {
		assert.ok(names.length > 300);
		const files = names.map(n => path.join(FIXTURES, n));
		// one run for all of them: several files give an array of documents, each with `file`
		const r = run(['--json', ...files]);
		const docs = JSON.parse(r.stdout) as (Record<string, unknown> & { file: string })[];
		assert.strictEqual(docs.length, names.length);
		let anyError = false;
		names.forEach((name, i) => {
			const doc = { ...docs[i] } as Record<string, unknown>;
			assert.strictEqual(doc.file, files[i]);
			delete doc.file;
			const want = expected[name];
			assert.ok(want);
			// The interface: every field of ab212d5's document is still there, with the same type
			// (fields are added, never renamed).
			assertSameShape(want.json, doc, name);
			// The values, but for what later fixes changed on purpose and the agreement tests check
			// against tshark instead: retransmittedBytes (issue 7: out-of-order segments are not
			// retransmissions) and the diagnostics (new codes, µs in messages, real-capture fixes).
			assert.deepStrictEqual(withoutFixed(doc), withoutFixed(want.json as unknown as Record<string, unknown>), name);
			// exit status 1 exactly when a diagnostic is an error
			assert.strictEqual(want.exit, want.json.diagnostics.some(d => d.severity === 'error') ? 1 : 0, name);
			anyError ||= want.exit === 1;
		});
		assert.strictEqual(r.status, anyError ? 1 : 0);
		// one document alone: byte for byte what JSON.stringify(document, null, 2) printed
		for (const name of ['mixed/nn.txt', 'synack-wrong-ack/v.txt', 'ipv6/X.txt', 'old-3x-style/seed.txt']) {
			const one = run(['--json', path.join(FIXTURES, name)]);
			assert.strictEqual(one.stdout, JSON.stringify(expected[name]?.json, null, 2) + '\n', name);
			assert.strictEqual(one.status, expected[name]?.exit, name);
			const compact = run(['--json', '--compact', path.join(FIXTURES, name)]);
			assert.strictEqual(compact.stdout, JSON.stringify(expected[name]?.json) + '\n', name);
		}
	});

	test('checked by hand against tshark: retransmission lines and packet counts', () => {
		// nn.txt prints one line per packet, so a line number is tshark's frame number
		for (const c of ['retransmission', 'fast-retransmission', 'duplicate-ack', 'zero-window']) {
			const want = expected[`${c}/nn.txt`];
			const tshark = loadTshark(c);
			assert.ok(want && tshark);
			assert.strictEqual(want.json.packets, tshark.frames.length, c);
			const frames = (flag: string) => tshark.frames.filter(f => f.flags.includes(`tcp.analysis.${flag}`)).map(f => f.frame);
			const lines = (code: string) => want.json.diagnostics.filter(d => d.code === code).map(d => d.line);
			if (c === 'retransmission') {
				assert.deepStrictEqual(lines('tcp.retransmission'), frames('retransmission'));
			} else if (c === 'fast-retransmission') {
				assert.deepStrictEqual(lines('tcp.fast-retransmission'), frames('fast_retransmission'));
			} else if (c === 'duplicate-ack') {
				assert.deepStrictEqual(lines('tcp.duplicate-ack'), frames('duplicate_ack'));
			} else {
				assert.deepStrictEqual(lines('tcp.zero-window'), frames('zero_window'));
			}
		}
	});
});
