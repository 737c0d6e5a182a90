/** CodeLens titles on real captures; expected texts worked out by hand from the lines. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/core/store/capture';
import { isProblemConnection, lensPlan, lensTitle, lensesFor } from '../../src/core/features/codeLens';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');
const lenses = (text: string) => lensesFor(analyzeText(text));
const fixtureLenses = (name: string) => lenses(fs.readFileSync(path.join(FIXTURES, name), 'utf8'));

suite('codeLens', () => {
	test('seed capture: handshake complete, client → server, on the SYN line', () => {
		const ls = lenses([
			'192.168.1.12.1051 > 192.168.1.11.23: S 4255483971:4255483971(0) win 65535 (DF)',
			'192.168.1.11.23 > 192.168.1.12.1051: S 4279842714:4279842714(0) ack 4255483972 win 32120 (DF)',
			'192.168.1.12.1051 > 192.168.1.11.23: . ack 4279842715 win 65535 (DF)',
		].join('\n'));
		assert.strictEqual(ls.length, 1);
		assert.strictEqual(ls[0]?.line, 0);
		assert.strictEqual(ls[0]?.connection, 0);
		assert.ok(ls[0]?.title.includes('handshake complete'), ls[0]?.title);
		assert.ok(ls[0]?.title.includes('192.168.1.12.1051 → 192.168.1.11.23'), ls[0]?.title);
		// no timestamps (no iRTT) and no options (no MSS, no wscale)
		assert.ok(!/iRTT|MSS|wscale/.test(ls[0]?.title ?? ''), ls[0]?.title);
	});

	test('normal-fin: iRTT, MSS and wscale of each side', () => {
		// SYN 10:00:00.000000, final ACK 10:00:00.024110 → 24.1 ms; both sides mss 1460, wscale 7;
		// payload: client 89 bytes (frame 4), server 1448 + 935 = 2383 (frames 6, 7, tshark tcp.len); closed by FIN.
		assert.deepStrictEqual(fixtureLenses('normal-fin/nn.txt').map(l => [l.line, l.title]), [
			[0, '✓ handshake complete · 192.168.1.12.51234 → 203.0.113.10.80 · iRTT 24.1 ms · MSS 1460/1460 · wscale 7/7 · 89 B ⇄ 2383 B · FIN'],
		]);
	});

	test('the same handshake in -v (two-line IPv4) output sits on the SYN record\'s first line', () => {
		const ls = fixtureLenses('normal-fin/v.txt');
		assert.strictEqual(ls[0]?.line, 0);
		assert.ok(ls[0]?.title.startsWith('✓ handshake complete · 192.168.1.12.51234 → 203.0.113.10.80'), ls[0]?.title);
	});

	test('different wscale per side: client 7, server 2', () => {
		assert.ok(fixtureLenses('window-scaling/nn.txt')[0]?.title.includes(' · wscale 7/2'));
	});

	test('SYN-ACK acking 1005 after SYN seq 1000', () => {
		const title = fixtureLenses('synack-wrong-ack/nn.txt')[0]?.title ?? '';
		assert.ok(title.startsWith('✗'), title);
		assert.ok(title.includes('SYN-ACK acks 1005, expected 1001'), title);
	});

	test('refused connection', () => {
		const title = fixtureLenses('refused/nn.txt')[0]?.title ?? '';
		assert.ok(title.startsWith('✗ refused (RST'), title);
		assert.ok(title.includes('192.168.1.12.51240 → 203.0.113.10.8080'), title);
	});

	test('three SYNs without answer', () => {
		assert.ok(fixtureLenses('unanswered-syn/nn.txt')[0]?.title.includes('no SYN-ACK after 3 SYNs'));
	});

	test('mid-stream connection: "handshake not captured" on its first line', () => {
		const ls = fixtureLenses('mid-stream/nn.txt');
		assert.strictEqual(ls.length, 1);
		assert.strictEqual(ls[0]?.line, 0);
		assert.ok(ls[0]?.title.startsWith('handshake not captured'), ls[0]?.title);
	});

	test('interleaved connections: one lens per SYN line', () => {
		assert.deepStrictEqual(fixtureLenses('interleaved/nn.txt').map(l => l.line), [0, 1, 2]);
	});

	test('port reuse: the second SYN on the same ports gets its own lens', () => {
		const ls = fixtureLenses('port-reuse/nn.txt');
		assert.strictEqual(ls.length, 2);
		assert.notStrictEqual(ls[0]?.connection, ls[1]?.connection);
	});

	// mixed/nn.txt by hand: 4 connections; 52100 (SYN on line 3) and 39822 (line 31) close by FIN both
	// ways with no retransmission; 52102 (line 13) sends seq 1:88 again on line 19 (a retransmission);
	// 52104 (line 17) is refused by the RST on line 18. So 2 problem handshakes, on lines 13 and 17.
	suite('thinning above tcpdump.codeLens.maxConnections', () => {
		const mixed = () => analyzeText(fs.readFileSync(path.join(FIXTURES, 'mixed', 'nn.txt'), 'utf8'));

		test('up to the limit (or with 0) every connection has its lens and there is no summary', () => {
			const a = mixed();
			for (const max of [0, 4, 2000]) {
				const plan = lensPlan(a, max);
				assert.deepStrictEqual(plan.anchors.map(l => l.line + 1), [3, 13, 17, 31], `max ${max}`);
				assert.strictEqual(plan.summary, undefined);
			}
			assert.deepStrictEqual([0, 1, 2, 3].map(c => isProblemConnection(a, c)), [false, true, true, false]);
		});

		test('above it: only the problem handshakes, and a summary whose numbers are true', () => {
			const a = mixed();
			const plan = lensPlan(a, 3);
			assert.deepStrictEqual(plan.anchors.map(l => l.line + 1), [13, 17]);
			assert.deepStrictEqual(plan.anchors.map(l => lensTitle(a, l.connection).slice(0, 17)), ['✓ handshake compl', '✗ refused (RST af']);
			assert.strictEqual(plan.summary, '4 connections: CodeLens only on the 2 with a problem (refused, not completed, reset or with a finding) · to see all, set tcpdump.codeLens.maxConnections to 4 or more (now 3)');
			assert.strictEqual(plan.connections, lensesFor(a).length);
		});

		test('more problem handshakes than the limit: the first ones by line, and the summary says so', () => {
			const plan = lensPlan(mixed(), 1);
			assert.deepStrictEqual(plan.anchors.map(l => l.line + 1), [13]);
			assert.ok(plan.summary?.startsWith('4 connections: CodeLens on the first 1 of the 2 with a problem'), plan.summary);
		});

		test('the plan and the titles are computed once per analysis', () => {
			const a = mixed();
			assert.strictEqual(lensPlan(a, 3), lensPlan(a, 3));
			assert.deepStrictEqual(lensesFor(a).map(l => l.title), lensPlan(a, 0).anchors.map(l => lensTitle(a, l.connection)));
			assert.notStrictEqual(lensPlan(mixed(), 3), lensPlan(a, 3), 'a new analysis has its own plan');
		});
	});
});
