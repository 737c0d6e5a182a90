/**
 * Hover texts on real tcpdump lines: the seed capture (3.x style, absolute numbers) and the
 * fixtures rendered by tcpdump 4.99.3. Expected numbers are worked out by hand from the lines.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/core/capture';
import { hoverAt } from '../../src/core/hover';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const joinLines = (...lines: string[]): string => lines.join('\n');

const SEED = joinLines(
	'192.168.1.12.1051 > 192.168.1.11.23: S 4255483971:4255483971(0) win 65535 (DF)',
	'192.168.1.11.23 > 192.168.1.12.1051: S 4279842714:4279842714(0) ack 4255483972 win 32120 (DF)',
	'192.168.1.12.1051 > 192.168.1.11.23: . ack 4279842715 win 65535 (DF)',
);

/**
 * The hover on the `occurrence`-th appearance of `token` on 0-based `line`, hovering its middle.
 * Fails the test when the token is not on that line.
 */
function hoverOn(text: string, line: number, token: string, occurrence = 0): { markdown: string; tokenText: string } | undefined {
	const lineText = text.split(/\r?\n/)[line] ?? '';
	let col = -1;
	for (let i = 0; i <= occurrence; i++) {
		col = lineText.indexOf(token, col + 1);
	}
	assert.ok(col >= 0, `"${token}" not on line ${line}: ${lineText}`);
	const h = hoverAt(analyzeText(text), { line, character: col + Math.floor(token.length / 2) });
	return h && { markdown: h.markdown, tokenText: lineText.slice(h.span.start, h.span.end) };
}

function assertContains(markdown: string | undefined, ...parts: string[]): void {
	assert.ok(markdown !== undefined, 'no hover');
	for (const part of parts) {
		assert.ok(markdown.includes(part), `expected "${part}" in:\n${markdown}`);
	}
}

suite('hover: seed capture (3.x style, -S)', () => {
	test('ack of the SYN-ACK = client ISN + 1, acknowledges the SYN', () => {
		const h = hoverOn(SEED, 1, '4255483972');
		assert.strictEqual(h?.tokenText, '4255483972');
		assertContains(h?.markdown, 'client ISN 4255483971 + 1', 'acknowledges the SYN', 'line 1');
	});

	test('ack of the third packet = server ISN + 1 and completes the handshake; absolute numbers noticed', () => {
		const h = hoverOn(SEED, 2, '4279842715');
		assertContains(h?.markdown, 'server ISN 4279842714 + 1', 'completes the three-way handshake', 'absolute numbers (tcpdump -S)');
	});

	test('hovering the ack keyword explains the same number', () => {
		const h = hoverOn(SEED, 1, 'ack');
		assert.strictEqual(h?.tokenText, '4255483972');
	});

	test('the SYN seq names the ISN and the first data byte', () => {
		const h = hoverOn(SEED, 0, '4255483971:4255483971(0)');
		assertContains(h?.markdown, 'initial sequence number (ISN): 4255483971', 'first data byte will be 4255483972');
	});

	test('3.x `.` is not ACK: none of S/F/R/P/W/E, ACK implied by the ack field', () => {
		const h = hoverOn(SEED, 2, ' . ');
		assert.strictEqual(h?.tokenText, '.');
		assertContains(h?.markdown, 'none of S/F/R/P/W/E', 'implied by the', 'pure ACK');
	});

	test('3.x `S` with an ack field is a SYN-ACK', () => {
		const h = hoverOn(SEED, 1, ': S ');
		assertContains(h?.markdown, 'SYN', 'SYN-ACK');
	});

	test('SYN window is never scaled; without mss options the 536-byte default is used', () => {
		const h = hoverOn(SEED, 0, '65535');
		// 65535 / 536 = 122.3
		assertContains(h?.markdown, 'never scaled', '65535 bytes ≈ 122 full segments of MSS 536');
	});

	test('telnet port: number and service name', () => {
		const h = hoverOn(SEED, 0, '.23:');
		assertContains(h?.markdown, 'Port 23 = telnet', 'server');
	});

	test('client address: which connection and which role', () => {
		const h = hoverOn(SEED, 0, '192.168.1.12');
		assertContains(h?.markdown, 'the client', 'Connection 1: 192.168.1.12.1051 → 192.168.1.11.23', '3 packets');
	});
});

suite('hover: normal-fin (tcpdump 4.99.3 -nn, relative numbers)', () => {
	const text = fixture('normal-fin/nn.txt');

	test('ack 1 of the third packet: server ISN + 1, absolute value and where the relative base comes from', () => {
		// SYN-ACK: seq 2836102437, so ack 1 is 2836102438 absolute.
		const h = hoverOn(text, 2, 'ack 1,', 0);
		assertContains(h?.markdown, 'server ISN 2836102437 + 1', 'absolute 2836102438', 'Printed relative', 'line 2', 'first packet with the ACK flag');
	});

	test('data seq 1:90 carries 89 bytes, end exclusive, absolute range from the client ISN', () => {
		// client ISN 1337010211: byte 1 is 1337010212, end 90 is 1337010301.
		const h = hoverOn(text, 3, '1:90');
		assertContains(h?.markdown, '89 bytes', '1 … 89', 'The end 90 is exclusive', 'absolute 1337010212:1337010301', 'client ISN 1337010211');
	});

	test('the server\'s ack 91 acknowledges the client\'s FIN on line 9', () => {
		const h = hoverOn(text, 9, '91');
		assertContains(h?.markdown, 'Acknowledges the FIN on line 9');
	});

	test('scaled window: 502 × 128 = 64256 bytes ≈ 44 segments of MSS 1460', () => {
		const h = hoverOn(text, 2, '502');
		assertContains(h?.markdown, '502 × 128 = 64256 bytes', 'wscale 7', '44 full segments of MSS 1460');
	});

	test('modern `.` is ACK, and the hover says what it meant in the 3.x style', () => {
		const h = hoverOn(text, 2, '[.]');
		assertContains(h?.markdown, 'ACK', '3.x');
	});

	test('SYN-ACK flags: S. = SYN-ACK', () => {
		const h = hoverOn(text, 1, 'S.]');
		assertContains(h?.markdown, 'SYN', 'SYN-ACK');
	});

	test('http port 80', () => {
		const h = hoverOn(text, 0, '.80:');
		assertContains(h?.markdown, 'Port 80 = http');
	});

	test('mss 1460 in the SYN: the client accepts 1460-byte segments, MTU 1500', () => {
		const h = hoverOn(text, 0, 'mss 1460');
		assert.strictEqual(h?.tokenText, 'mss 1460');
		assertContains(h?.markdown, 'at most 1460 payload bytes', 'MTU of 1500');
	});

	test('wscale 7: multiplier 128, in force because both SYNs carry it', () => {
		const h = hoverOn(text, 0, 'wscale 7');
		assertContains(h?.markdown, '2^7 = 128', 'Both SYNs carry wscale');
	});

	test('TS option of the first SYN: ecr 0', () => {
		const h = hoverOn(text, 0, 'TS val');
		assertContains(h?.markdown, 'val 2871539000', 'ecr 0');
	});

	test('TS ecr echoes the peer\'s val from the SYN-ACK (line 2)', () => {
		const h = hoverOn(text, 2, 'TS val');
		assertContains(h?.markdown, 'ecr 511234024', 'line 2');
	});

	test('timestamp: time since the connection\'s SYN', () => {
		// 10:00:00.024110 − 10:00:00.000000
		const h = hoverOn(text, 2, '10:00:00.024110');
		assertContains(h?.markdown, '24.1 ms since this connection\'s SYN (line 1)');
	});

	test('length 89 of the request', () => {
		const h = hoverOn(text, 3, 'length 89');
		assertContains(h?.markdown, '89 bytes of payload');
	});
});

suite('hover: other captures', () => {
	test('mid-stream window: raw value, scale unknown', () => {
		const h = hoverOn(fixture('mid-stream/nn.txt'), 1, '502');
		assertContains(h?.markdown, 'scale unknown');
	});

	test('server wscale 2: 16383 × 4 = 65532 bytes', () => {
		const h = hoverOn(fixture('window-scaling/nn.txt'), 4, '16383');
		assertContains(h?.markdown, '16383 × 4 = 65532 bytes');
	});

	test('SYN-ACK acking the wrong number: expected value, and the finding is listed', () => {
		const h = hoverOn(fixture('synack-wrong-ack/nn.txt'), 1, '1005');
		assertContains(h?.markdown, 'client ISN 1000 + 1 = 1001', 'acks 1005', 'handshake.synack-ack-mismatch');
	});

	test('refused: the RST-ACK acks the SYN; the flag hover lists handshake.refused', () => {
		const text = fixture('refused/nn.txt');
		assertContains(hoverOn(text, 1, '1001')?.markdown, 'client ISN 1000 + 1');
		assertContains(hoverOn(text, 1, 'R.]')?.markdown, 'RST', 'handshake.refused');
	});

	test('SACK block: size of the block and the hole before it', () => {
		// ack 1001, sack {2001:3001}: 1000 bytes received, 1001 … 2000 missing.
		const text = fixture('duplicate-ack/nn.txt');
		const line = text.split('\n').findIndex(l => l.includes('ack 1001,') && l.includes('sack 1 {2001:3001}'));
		const h = hoverOn(text, line, 'sack 1');
		assertContains(h?.markdown, '{2001:3001}', '1000 bytes', 'Missing: 1001 … 2000');
	});

	test('service names printed by tcpdump without -n: login = 513, www = 80', () => {
		const man = fixture('old-3x-style/manpage.txt');
		assertContains(hoverOn(man, 0, 'login')?.markdown, 'login = 513');
		const lines = man.split('\n');
		const www = lines.findIndex(l => l.includes('artemis.www'));
		assertContains(hoverOn(man, www, '.www')?.markdown, 'www = 80');
	});

	test('no hover on a line that is not a packet, nor between tokens', () => {
		const a = analyzeText(fixture('normal-fin/banner.txt'));
		assert.strictEqual(hoverAt(a, { line: 0, character: 5 }), undefined);
		assert.strictEqual(hoverAt(a, { line: 500, character: 0 }), undefined);
	});
});

suite('hover: link and IP layer tokens', () => {
	test('-i any: the interface name and the direction', () => {
		// tcpdump-text-format.md §5, printed by tcpdump 4.99.3 from a LINUX_SLL2 capture
		const text = '22:13:20.000000 lo    In  IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 65535, length 0';
		const iface = hoverOn(text, 0, 'lo');
		assert.strictEqual(iface?.tokenText, 'lo');
		assertContains(iface?.markdown, 'Interface', '-i any');
		const dir = hoverOn(text, 0, 'In');
		assert.strictEqual(dir?.tokenText, 'In');
		assertContains(dir?.markdown, 'received by this host');
	});

	test('3.x (DF): the IP don\'t-fragment bit, not a TCP flag', () => {
		const h = hoverOn(SEED, 0, '(DF)');
		assert.strictEqual(h?.tokenText, '(DF)');
		assertContains(h?.markdown, 'IPv4 DF bit', 'not TCP');
	});

	test('-v IPv4 header: each field under the cursor, with its value', () => {
		const text = fixture('normal-fin/v.txt');
		const ttl = hoverOn(text, 0, 'ttl 64');
		assert.strictEqual(ttl?.tokenText, 'ttl 64');
		assertContains(ttl?.markdown, 'Time to live', '64 (Linux, macOS)');
		const proto = hoverOn(text, 0, 'proto TCP (6)');
		assert.strictEqual(proto?.tokenText, 'proto TCP (6)');
		assertContains(proto?.markdown, 'TCP (6)');
		const flags = hoverOn(text, 0, 'flags [DF]');
		assert.strictEqual(flags?.tokenText, 'flags [DF]');
		assertContains(flags?.markdown, 'don\'t fragment');
	});

	test('-v IPv6 header on the packet line: hop limit', () => {
		const h = hoverOn(fixture('ipv6/v.txt'), 0, 'hlim 64');
		assert.strictEqual(h?.tokenText, 'hlim 64');
		assertContains(h?.markdown, 'Hop limit');
	});
});

suite('hover: never throws', () => {
	// A hover is a convenience: on any character of any line, it explains something or nothing.
	test('every position of real captures in several formats, including hex and ASCII dumps', () => {
		let hovers = 0;
		for (const name of ['mixed/nn.txt', 'mixed/v.txt', 'mixed/e.txt', 'normal-fin/X.txt', 'normal-fin/A.txt', 'normal-fin/banner.txt',
			'ipv6/vv.txt', 'mid-stream/num.txt', 'synack-wrong-ack/ttt.txt', 'old-3x-style/manpage.txt']) {
			const text = fixture(name);
			const analysis = analyzeText(text);
			const lines = text.split('\n');
			for (let line = 0; line < lines.length; line++) {
				for (let character = 0; character <= (lines[line] ?? '').length; character++) {
					if (hoverAt(analysis, { line, character })) {
						hovers++;
					}
				}
			}
			assert.strictEqual(hoverAt(analysis, { line: lines.length + 5, character: 0 }), undefined, 'past the end');
			assert.strictEqual(hoverAt(analysis, { line: -1, character: -1 }), undefined, 'before the start');
		}
		assert.ok(hovers > 10000, `${hovers} positions explained`);
	});
});
