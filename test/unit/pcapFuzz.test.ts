/**
 * Robustness of the capture reader and renderer: every truncation length of real captures, seeded
 * bit flips, random bytes behind a valid header, and random garbage. Nothing may throw; the only
 * failure is the documented `CaptureFormatError` (with an offset inside the file); every file
 * finishes in bounded time (no hang). Deterministic: seeded PRNG.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CaptureFormatError, renderCaptureFile, parseTcpdumpOptions, type RenderOptions } from '../../src/core/pcap/index';
import { CORPUS, FIXTURES, prng } from './fixtures';

const OPTION_SETS = [['-nn'], ['-v', '-e', '-X'], ['-vv', '-S', '-ttt', '-#'], ['-q', '-xx']].map(s => parseTcpdumpOptions(s) as RenderOptions);

function samples(): [string, Uint8Array][] {
	const out: [string, Uint8Array][] = [];
	for (const c of ['normal-fin', 'ipv6', 'tfo', 'mixed']) {
		const f = path.join(FIXTURES, c, `${c}.pcap`);
		if (fs.existsSync(f)) {
			out.push([c, fs.readFileSync(f)]);
		}
	}
	if (fs.existsSync(CORPUS)) {
		for (const f of ['tcp-handshake-nano.pcapng', 'mptcp-v1.pcap', 'beep-oobr.pcap', 'tfo-5c1fa7f9ae91.pcap', 'tcp_header_heapoverflow.pcap', 'ipv6-routing-header.pcap']) {
			const p = path.join(CORPUS, f);
			if (fs.existsSync(p)) {
				out.push([f, fs.readFileSync(p)]);
			}
		}
	}
	return out;
}

function check(name: string, bytes: Uint8Array, options: RenderOptions): void {
	const started = Date.now();
	let r: ReturnType<typeof renderCaptureFile>;
	try {
		r = renderCaptureFile(bytes, options);
	} catch (e) {
		assert.fail(`${name}: threw ${e instanceof Error ? e.stack : String(e)}`);
	}
	if (r.error) {
		assert.ok(r.error instanceof CaptureFormatError, `${name}: ${String(r.error)}`);
		assert.ok(r.error.offset >= 0 && r.error.offset <= bytes.length, `${name}: offset ${r.error.offset} of ${bytes.length}`);
		assert.match(r.error.message, /at byte offset \d+\)$/);
	}
	assert.ok(Date.now() - started < 5000, `${name}: took ${Date.now() - started} ms`);
}

suite('pcap fuzz', () => {
	const files = samples();

	test('every truncation length of real captures', () => {
		assert.ok(files.length >= 4);
		for (const [name, bytes] of files) {
			const step = Math.max(1, Math.floor(bytes.length / 400));
			for (let n = 0; n < bytes.length; n += step) {
				check(`${name} cut at ${n}`, bytes.subarray(0, n), OPTION_SETS[n % OPTION_SETS.length]!);
			}
		}
	});

	test('seeded bit flips (1 to 8 bits per copy)', () => {
		const rand = prng(12);
		for (const [name, bytes] of files) {
			for (let k = 0; k < 150; k++) {
				const copy = Uint8Array.from(bytes);
				const flips = 1 + Math.floor(rand() * 8);
				for (let i = 0; i < flips; i++) {
					const at = Math.floor(rand() * copy.length);
					copy[at] = copy[at]! ^ (1 << Math.floor(rand() * 8));
				}
				check(`${name} flip #${k}`, copy, OPTION_SETS[k % OPTION_SETS.length]!);
			}
		}
	});

	test('random bytes behind valid pcap and pcapng headers, and pure garbage', () => {
		const rand = prng(99);
		const pcapHeader = [0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0];
		const ngHeader = [0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 28, 0, 0, 0];
		for (let k = 0; k < 300; k++) {
			const len = Math.floor(rand() * 3000);
			const body = Array.from({ length: len }, () => Math.floor(rand() * 256));
			const head = k % 3 === 0 ? pcapHeader : k % 3 === 1 ? ngHeader : [];
			check(`random #${k}`, Uint8Array.from([...head, ...body]), OPTION_SETS[k % OPTION_SETS.length]!);
		}
	});
});
