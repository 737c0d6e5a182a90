/** Outline symbols on real fixtures: one per connection, packets or phases as children. */
import * as assert from 'assert';
import { analyzeLines, analyzeText } from '../../src/core/store/capture';
import { documentSymbols } from '../../src/core/features/outline';
import { readFixture } from './fixtures';

suite('outline', () => {
	test('normal-fin: one connection, its 11 packets with direction, flags and payload', () => {
		const s = documentSymbols(analyzeText(readFixture('normal-fin', 'nn.txt')));
		assert.strictEqual(s.length, 1);
		assert.strictEqual(s[0]?.name, '192.168.1.12.51234 → 203.0.113.10.80');
		assert.strictEqual(s[0]?.detail, 'SF normal close · 11 packets');
		assert.deepStrictEqual(s[0]?.children.map(c => c.name), [
			'→ [S]', '← [S.]', '→ [.]', '→ [P.] 89 B', '← [.]', '← [.] 1448 B', '← [P.] 935 B', '→ [.]', '→ [F.]', '← [F.]', '→ [.]',
		]);
		assert.deepStrictEqual(s[0]?.children.map(c => c.selectionLine), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
	});

	test('mixed: four connections in file order, the refused one with its finding', () => {
		const s = documentSymbols(analyzeText(readFixture('mixed', 'nn.txt')));
		assert.deepStrictEqual(s.map(x => [x.name, x.startLine + 1]), [
			['192.168.1.12.52100 → 203.0.113.10.80', 3],
			['192.168.1.12.52102 → 203.0.113.10.80', 13],
			['192.168.1.12.52104 → 203.0.113.10.8443', 17],
			['192.168.1.12.39822 → 198.51.100.7.443', 31],
		]);
		assert.strictEqual(s[2]?.detail, 'REJ refused · 2 packets · 1 finding');
	});

	test('a connection with more packets than fit lists its phases: handshake, data, close', () => {
		// 52102 in mixed has 19 packets: SYN line 13 … final ACK line 15, data lines 16 and 19–30, FIN line 44 … 46
		const s = documentSymbols(analyzeText(readFixture('mixed', 'nn.txt')));
		assert.deepStrictEqual(s[1]?.children.map(c => [c.name, c.startLine + 1]), [['handshake', 13], ['data', 16], ['close', 44]]);
		assert.strictEqual(s[1]?.children[1]?.detail, '13 packets, lines 16–30');
	});

	test('-X: a packet symbol covers its hex lines', () => {
		const s = documentSymbols(analyzeText(readFixture('refused', 'X.txt')));
		const syn = s[0]?.children[0];
		assert.ok(syn && syn.endLine > syn.startLine, JSON.stringify(syn));
	});

	test('20,000 connections: no children, under a second', () => {
		const lines: string[] = [];
		for (let i = 0; i < 20000; i++) {
			const port = 10000 + (i % 50000);
			const host = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
			lines.push(`10:00:00.000000 IP ${host}.${port} > 203.0.113.10.80: Flags [S], seq ${1000 + i}, win 64240, length 0`);
		}
		const a = analyzeLines(lines);
		const t = Date.now();
		const s = documentSymbols(a);
		const ms = Date.now() - t;
		assert.strictEqual(s.length, 20000);
		assert.strictEqual(s[0]?.children.length, 0);
		assert.strictEqual(s[0]?.detail, 'S0 no reply · 1 packet · 1 finding');
		assert.ok(ms < 1000, `${ms} ms`);
	});
});
