/**
 * Packet ranges for captures above the 50 MB document limit: the pages the range picker offers,
 * what a typed range means, and that packets K–M are the lines the real tcpdump printed for them in
 * the whole run (relative sequence numbers and -ttt deltas depend on the packets before K).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/core/store/capture';
import {
	CaptureTextStream, formatRangeParam, pageRanges, parsePacketRange, parseRangeParam, parseTcpdumpOptions,
	partialCaptureLine, rangeText, renderCaptureFile, type RenderOptions,
} from '../../src/core/pcap/index';
import { FIXTURES } from './fixtures';

const capture = (name: string) => fs.readFileSync(path.join(FIXTURES, name, `${name}.pcap`));
/** The real tcpdump's lines for a fixture (one line per packet in these formats). */
const tcpdumpLines = (name: string, format: string) => fs.readFileSync(path.join(FIXTURES, name, `${format}.txt`), 'utf8').split('\n').filter(l => l !== '');

suite('pcap packet ranges', () => {
	test('pages cover every packet once, the last one shorter', () => {
		assert.deepStrictEqual(pageRanges(1_000_000, 300_000), [
			{ first: 1, last: 300_000 }, { first: 300_001, last: 600_000 }, { first: 600_001, last: 900_000 }, { first: 900_001, last: 1_000_000 },
		]);
		assert.deepStrictEqual(pageRanges(5, 5), [{ first: 1, last: 5 }]);
		assert.deepStrictEqual(pageRanges(0, 100), []);
		assert.deepStrictEqual(pageRanges(3, 0), [{ first: 1, last: 1 }, { first: 2, last: 2 }, { first: 3, last: 3 }], 'a page holds at least one packet');
	});

	test('typed ranges: K-M, K–M, K..M, K- (to the end), K, thousands separators; clipped to the capture', () => {
		assert.deepStrictEqual(parsePacketRange('1000-2000', 9000), { first: 1000, last: 2000 });
		assert.deepStrictEqual(parsePacketRange(' 1,000 – 2,000 ', 9000), { first: 1000, last: 2000 });
		assert.deepStrictEqual(parsePacketRange('1000..2000', 9000), { first: 1000, last: 2000 });
		assert.deepStrictEqual(parsePacketRange('5000-', 9000), { first: 5000, last: 9000 });
		assert.deepStrictEqual(parsePacketRange('42', 9000), { first: 42, last: 42 });
		assert.deepStrictEqual(parsePacketRange('8000-12000', 9000), { first: 8000, last: 9000 });
	});

	test('typed ranges that mean nothing say why', () => {
		assert.strictEqual(parsePacketRange('0-10', 9000), 'packet numbers start at 1');
		assert.strictEqual(parsePacketRange('9001-', 9000), 'the capture has 9,000 packets');
		assert.strictEqual(parsePacketRange('20-10', 9000), 'the range ends before it starts');
		assert.match(parsePacketRange('ten to twenty', 9000) as string, /e\.g\. 1000-2000/);
		assert.match(parsePacketRange('1-2-3', 9000) as string, /e\.g\./);
	});

	test('the range travels in the document uri and back; anything else is no range', () => {
		assert.deepStrictEqual(parseRangeParam(formatRangeParam({ first: 300_001, last: 600_000 })), { first: 300_001, last: 600_000 });
		assert.strictEqual(parseRangeParam(''), undefined);
		assert.strictEqual(parseRangeParam('packets=10-2'), undefined);
		assert.strictEqual(parseRangeParam('packets=0-2'), undefined);
		assert.strictEqual(rangeText({ first: 1, last: 1_234_567 }), '1–1,234,567');
	});

	test('packets 4–7 of retransmission.pcap are the lines tcpdump printed for them in the whole run (-nn and -ttt)', () => {
		for (const [format, words] of [['nn', []], ['ttt', ['-ttt']]] as const) {
			const r = renderCaptureFile(capture('retransmission'), parseTcpdumpOptions(words) as RenderOptions, { range: { first: 4, last: 7 } });
			assert.deepStrictEqual(r.text.split('\n').filter(l => l !== ''), tcpdumpLines('retransmission', format).slice(3, 7), format);
			assert.deepStrictEqual(r.shown, { first: 4, last: 7 });
			assert.strictEqual(r.packets, tcpdumpLines('retransmission', format).length, 'every packet is still counted');
		}
	});

	test('relative sequence numbers inside a range: the base is the connection\'s first packet, before the range', () => {
		// packet 5 is mid-connection: tcpdump prints relative seq (1:…) because it saw the SYN earlier
		const r = renderCaptureFile(capture('retransmission'), parseTcpdumpOptions([]) as RenderOptions, { range: { first: 5, last: 5 } });
		const line = tcpdumpLines('retransmission', 'nn')[4]!;
		assert.match(line, /seq \d+:\d+/);
		assert.strictEqual(r.text, line + '\n');
	});

	test('the text limit cuts a range short and the summary says where', () => {
		const all = tcpdumpLines('retransmission', 'nn');
		const limit = all[2]!.length + all[3]!.length + 2; // packets 3 and 4 fit exactly
		const r = renderCaptureFile(capture('retransmission'), parseTcpdumpOptions([]) as RenderOptions, { range: { first: 3, last: 100 }, maxTextLength: limit });
		assert.deepStrictEqual(r.shown, { first: 3, last: 4 });
		assert.strictEqual(r.renderedPackets, 2);
	});

	test('a range past the end shows nothing and says so', () => {
		const stream = new CaptureTextStream(parseTcpdumpOptions([]) as RenderOptions, { range: { first: 1000, last: 2000 } });
		assert.strictEqual(stream.push(capture('retransmission')), '');
		const summary = stream.finish();
		assert.strictEqual(summary.shown, undefined);
		assert.strictEqual(partialCaptureLine(summary.shown, summary.packets, 'UTC', 'tcpdump: Show packets…'),
			`tcpdump Lens: no packets of ${summary.packets} (a document holds at most 50 MB of text; "tcpdump: Show packets…" shows other packets). Time stamps: UTC.`);
	});

	test('the first line of a partial document is no packet and no unreadable line for the parser', () => {
		const r = renderCaptureFile(capture('retransmission'), parseTcpdumpOptions([]) as RenderOptions, { range: { first: 2, last: 6 } });
		const first = partialCaptureLine(r.shown, r.packets, 'UTC', 'tcpdump: Show packets…');
		assert.match(first, /^tcpdump Lens: packets 2-6 of \d+ \(/);
		assert.match(first, /^[\x20-\x7e…]*$/, 'ASCII (the editor boxes an en dash)');
		const a = analyzeText(first + '\n' + r.text);
		assert.strictEqual(a.counts.unreadableLines, 0);
		assert.strictEqual(a.counts.packets, 5);
	});
});
