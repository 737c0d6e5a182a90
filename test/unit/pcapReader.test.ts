/**
 * The capture-file reader on every container layout: the packets of real fixtures, re-packed as
 * pcap (both byte orders, µs and ns) and pcapng (both byte orders, several interfaces, if_tsresol in
 * powers of 10 and 2, the obsolete PB, NRB/ISB/unknown blocks, two sections, SPB), must render to
 * the very text the real tcpdump 4.99.3 printed for the original (the fixture's .txt files).
 * Damaged files: the error names the byte offset and the records before it are kept.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CaptureFileReader, readCaptureFile, renderCaptureFile, parseTcpdumpOptions, type RenderOptions } from '../../src/core/pcap/index';
import { FIXTURES } from './fixtures';
import { writePcap, writePcapng, writePcapngSimple } from './pcapWriter';

const CASES = ['normal-fin', 'ipv6', 'window-scaling', 'mixed'];

function fixture(c: string): { bytes: Uint8Array; text: (format: string) => string } {
	return {
		bytes: fs.readFileSync(path.join(FIXTURES, c, `${c}.pcap`)),
		text: format => fs.readFileSync(path.join(FIXTURES, c, `${format}.txt`), 'utf8'),
	};
}

function options(words: string[]): RenderOptions {
	const o = parseTcpdumpOptions(words);
	assert.ok(typeof o !== 'string', String(o));
	return o;
}

suite('pcap reader', () => {
	for (const c of CASES) {
		const f = fixture(c);
		const { records, error } = readCaptureFile(f.bytes);
		const layouts: [string, Uint8Array][] = [
			['pcap little-endian µs', writePcap(records, 1, 'le', false)],
			['pcap big-endian µs', writePcap(records, 1, 'be', false)],
			['pcap little-endian ns', writePcap(records, 1, 'le', true)],
			['pcap big-endian ns', writePcap(records, 1, 'be', true)],
			['pcapng little-endian, one interface', writePcapng(records, 1, { endian: 'le', tsresol: [undefined] })],
			['pcapng big-endian, ns + 2^-20 + ms interfaces', writePcapng(records, 1, { endian: 'be', tsresol: [9, 0x80 | 20, 6] })],
			['pcapng with PB, NRB, ISB, unknown block', writePcapng(records, 1, { endian: 'le', tsresol: [6, 9], obsolete: true, extras: true })],
			['pcapng with two sections', writePcapng(records, 1, { endian: 'be', tsresol: [9], newSectionAt: 2 })],
		];
		test(`${c}: ${records.length} packets, no error`, () => {
			assert.strictEqual(error, undefined);
			assert.ok(records.length >= 2);
		});
		for (const [name, bytes] of layouts) {
			test(`${c}: ${name} renders to tcpdump's nn.txt, tttt.txt and e.txt`, () => {
				for (const [format, words] of [['nn', ['-nn']], ['tttt', ['-tttt']], ['e', ['-e']]] as const) {
					const r = renderCaptureFile(bytes, options([...words]));
					assert.strictEqual(r.error, undefined, name);
					assert.strictEqual(r.text, f.text(format), `${name} ${format}`);
				}
			});
		}
		test(`${c}: pcapng SPB (no time stamps) renders to tcpdump's t.txt`, () => {
			const r = renderCaptureFile(writePcapngSimple(records, 1, 'le'), options(['-t']));
			assert.strictEqual(r.text, f.text('t'));
		});
		test(`${c}: fed one byte at a time, the same records`, () => {
			const reader = new CaptureFileReader();
			const got: number[] = [];
			for (let i = 0; i < f.bytes.length; i++) {
				for (const r of reader.push(f.bytes.subarray(i, i + 1))) {
					got.push(r.capturedLength);
				}
			}
			assert.strictEqual(reader.finish(), undefined);
			assert.deepStrictEqual(got, records.map(r => r.capturedLength));
		});
	}

	const base = fixture('normal-fin');
	const { records } = readCaptureFile(base.bytes);

	test('a truncated last record: the packets before it, and the offset of the cut record', () => {
		const whole = writePcap(records, 1, 'le', false);
		const lastStart = whole.length - 16 - records[records.length - 1]!.capturedLength;
		const r = readCaptureFile(whole.subarray(0, whole.length - 5));
		assert.strictEqual(r.records.length, records.length - 1);
		assert.strictEqual(r.error?.offset, lastStart);
		assert.match(r.error!.message, /truncated file: the last record is incomplete .*at byte offset \d+/);
	});

	test('not a capture: a clear error at offset 0', () => {
		const r = readCaptureFile(new TextEncoder().encode('10:00:00.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S]'));
		assert.strictEqual(r.records.length, 0);
		assert.strictEqual(r.error?.offset, 0);
		assert.match(r.error!.message, /not a pcap or pcapng file/);
	});

	test('a pcapng block whose trailing length lies: error at that block, earlier packets kept', () => {
		const ng = writePcapng(records, 1, { endian: 'le', tsresol: [undefined] });
		// find the third EPB and break its trailing length
		let off = 0;
		let epb = 0;
		const v = new DataView(ng.buffer, ng.byteOffset, ng.byteLength);
		while (off < ng.length) {
			const type = v.getUint32(off, true);
			const len = v.getUint32(off + 4, true);
			if (type === 6 && ++epb === 3) {
				v.setUint32(off + len - 4, len + 4, true);
				const r = readCaptureFile(ng);
				assert.strictEqual(r.records.length, 2);
				assert.strictEqual(r.error?.offset, off);
				assert.match(r.error!.message, /trailing length/);
				return;
			}
			off += len;
		}
		assert.fail('no third EPB');
	});

	test('a link type we do not print is named on its placeholder line', () => {
		const r = renderCaptureFile(writePcap(records.slice(0, 1), 105, 'le', false), options(['-t']));
		assert.deepStrictEqual(r.unsupportedLinkTypes, [105]);
		assert.strictEqual(r.text, '[link type 105 not supported by tcpdump Lens]\n');
	});

	test('a record longer than the snapshot length is cut to it, as libpcap does', () => {
		const r = readCaptureFile(writePcap(records.slice(0, 1), 1, 'le', false, 40));
		assert.strictEqual(r.records[0]!.capturedLength, 40);
		assert.strictEqual(r.error, undefined);
	});
});
