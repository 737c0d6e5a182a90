/** Connection rows (state, bytes, lines) on real fixtures; states worked out by hand from the lines with Zeek's rules. */
import * as assert from 'assert';
import { analyzeText } from '../../src/core/store/capture';
import { CONN_STATE_WORDS, filterSummaries, formatBytes, sortSummaries, splitEndpoint, summarizeConnections, summaryText, tcpdumpFilter } from '../../src/core/features/connectionSummary';
import { readFixture } from './fixtures';

const rows = (c: string, format = 'nn') => summarizeConnections(analyzeText(readFixture(c, `${format}.txt`)));

suite('connectionSummary', () => {
	const states = [
		// SYN, SYN-ACK, …, FIN from both sides
		{ test: 'normal-fin', want: ['SF normal close'] },
		// SYN answered by [R.]
		{ test: 'refused', want: ['REJ refused'] },
		// three SYNs, nothing back
		{ test: 'unanswered-syn', want: ['S0 no reply'] },
		// no SYN in the text
		{ test: 'mid-stream', want: ['OTH mid-stream'] },
		// SYN, SYN-ACK acking 1005, client [R]
		{ test: 'synack-wrong-ack', want: ['RSTO reset by client'] },
		// both sides' SYN and SYN-ACK, data, no FIN
		{ test: 'simultaneous-open', want: ['S1 established, not closed'] },
		// 52100 and 52102 and 39822 close with FINs both ways; 52104 to 8443 is refused
		{ test: 'mixed', want: ['SF normal close', 'SF normal close', 'REJ refused', 'SF normal close'] },
	];
	for (const tt of states) {
		test(`state of ${tt.test}`, () => {
			assert.deepStrictEqual(rows(tt.test).map(r => r.stateText), tt.want);
		});
	}

	test('the same states in every format of a case', () => {
		for (const f of ['nnS', 'tttt', 'v', 'vv', 'e', 'X', 'num', 't']) {
			assert.deepStrictEqual(rows('mixed', f).map(r => r.state), ['SF', 'SF', 'REJ', 'SF'], f);
		}
	});

	test('mixed: names, packets, bytes each way, lines, iRTT', () => {
		const [web] = rows('mixed');
		assert.ok(web);
		assert.strictEqual(web.name, '192.168.1.12.52100 → 203.0.113.10.80');
		// lines 3–40: the SYN after two DNS lines, the last ACK at 10:00:00.613040
		assert.strictEqual(web.firstLine + 1, 3);
		assert.strictEqual(web.lastPacketLine + 1, 40);
		assert.strictEqual(web.packets, 13);
		// client: seq 1:90 = 89 bytes; server: 1448 + 1448 + 387 (2897:3284)
		assert.deepStrictEqual(web.bytes, [89, 3283]);
		// SYN 10:00:00.011500 → final ACK 10:00:00.035610
		assert.ok(Math.abs((web.rttMs ?? 0) - 24.11) < 0.001, String(web.rttMs));
		assert.strictEqual(web.findings, 0);
	});

	test('mid-stream: no roles, both endpoints with ↔', () => {
		const [r] = rows('mid-stream');
		assert.strictEqual(r?.name, '203.0.113.10.22 ↔ 192.168.1.12.51300');
		assert.strictEqual(r?.client, undefined);
	});

	test('tcpdump filter for the 4-tuple, IPv4 and IPv6', () => {
		assert.strictEqual(tcpdumpFilter(['192.168.1.12.52100', '203.0.113.10.80']), 'host 192.168.1.12 and port 52100 and host 203.0.113.10 and port 80');
		assert.strictEqual(tcpdumpFilter(['2001:db8::1.48000', '2001:db8::2.80']), 'host 2001:db8::1 and port 48000 and host 2001:db8::2 and port 80');
		assert.deepStrictEqual(splitEndpoint('host.example.com.https'), { address: 'host.example.com', port: 'https' });
	});

	test('summary text names state, bytes from each side, lines and the filter', () => {
		const [r] = rows('refused');
		assert.ok(r);
		assert.strictEqual(summaryText(r), [
			'Connection 1: 192.168.1.12.51240 → 203.0.113.10.8080',
			'State: REJ refused',
			'Packets: 2',
			'Bytes: 0 B from 192.168.1.12.51240, 0 B from 203.0.113.10.8080',
			'Duration: 210 µs', // the RST came 0.210 ms after the SYN (refused/nn.txt)
			'Findings: 1',
			'Lines 1–2',
			'Filter: host 192.168.1.12 and port 51240 and host 203.0.113.10 and port 8080',
		].join('\n'));
	});

	test('every state code has words; byte formatting', () => {
		assert.strictEqual(Object.keys(CONN_STATE_WORDS).length, 13);
		assert.strictEqual(formatBytes(1448), '1,448 B');
		assert.strictEqual(formatBytes(64 * 1024), '64.0 KiB');
	});

	test('sort and filter the view\'s rows', () => {
		const r = rows('mixed');
		// bytes both ways: 52102 174 + 7083, 52100 89 + 3283, 39822 597 + 1600, 52104 none
		assert.deepStrictEqual(sortSummaries(r, 'bytes').map(x => x.connection), [1, 0, 3, 2]);
		// findings: 52102 has 6, 52104 one, the others none (then file order)
		assert.deepStrictEqual(sortSummaries(r, 'problems').map(x => x.connection), [1, 2, 0, 3]);
		assert.deepStrictEqual(sortSummaries(sortSummaries(r, 'bytes'), 'start').map(x => x.connection), [0, 1, 2, 3]);
		assert.deepStrictEqual(filterSummaries(r, '.443').map(x => x.connection), [3]);
		assert.deepStrictEqual(filterSummaries(r, 'rej').map(x => x.connection), [2]);
		assert.deepStrictEqual(filterSummaries(r, '198.51.100.7').map(x => x.connection), [3]);
		assert.strictEqual(filterSummaries(r, '  ').length, 4);
	});
});
