/**
 * Hover texts on real tcpdump lines: the seed capture (3.x style, absolute numbers), the fixtures
 * rendered by tcpdump 4.99.3 and tcpdump's own test outputs. Expected numbers are worked out by hand
 * from the lines. Assertions are on the text a reader sees: the markdown rendered by markdown-it
 * (the CommonMark renderer vsce ships; VS Code's is also CommonMark) with linkify on, tags removed.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/core/store/capture';
import { formatSeconds } from '../../src/core/explain/duration';
import { type HoverOptions, hoverAt } from '../../src/core/features/hover';
import { CORPUS } from './fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (options: object) => { render(markdown: string): string };
const markdownIt = new MarkdownIt({ html: false, linkify: true });

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const corpus = (name: string): string | undefined => (fs.existsSync(path.join(CORPUS, name)) ? fs.readFileSync(path.join(CORPUS, name), 'utf8') : undefined);
const joinLines = (...lines: string[]): string => lines.join('\n');

const SEED = joinLines(
	'192.168.1.12.1051 > 192.168.1.11.23: S 4255483971:4255483971(0) win 65535 (DF)',
	'192.168.1.11.23 > 192.168.1.12.1051: S 4279842714:4279842714(0) ack 4255483972 win 32120 (DF)',
	'192.168.1.12.1051 > 192.168.1.11.23: . ack 4279842715 win 65535 (DF)',
);

/** The HTML a CommonMark renderer with linkify makes of the hover. */
const html = (markdown: string): string => markdownIt.render(markdown);
/** What a reader sees: the rendered text without tags, entities decoded, white space collapsed. */
function visible(markdown: string): string {
	return html(markdown).replace(/<[^>]*>/g, ' ').replace(/&quot;/g, '"').replace(/&#39;/g, '\'').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
		.replace(/[ \t\n]+/g, ' ').replace(/ ([.,:;)])/g, '$1').replace(/\( /g, '(').trim();
}
/** The first line (the bold title) as read. */
const firstLine = (markdown: string): string => visible(markdown.split('\n\n')[0] ?? '');

interface Hovered {
	readonly markdown: string;
	readonly tokenText: string;
	/** The rendered text. */
	readonly text: string;
	readonly first: string;
	readonly lines: readonly number[];
}

/**
 * The hover on the `occurrence`-th appearance of `token` on 0-based `line`, hovering its middle.
 * Fails the test when the token is not on that line. The document's lines are passed, as the editor does.
 */
function hoverOn(text: string, line: number, token: string, occurrence = 0, options: HoverOptions = {}): Hovered | undefined {
	const lines = text.split(/\r?\n/);
	const lineText = lines[line] ?? '';
	let col = -1;
	for (let i = 0; i <= occurrence; i++) {
		col = lineText.indexOf(token, col + 1);
	}
	assert.ok(col >= 0, `"${token}" not on line ${line}: ${lineText}`);
	const h = hoverAt(analyzeText(text), { line, character: col + Math.floor(token.length / 2) }, { lineText: l => lines[l], ...options });
	return h && { markdown: h.markdown, tokenText: lineText.slice(h.span.start, h.span.end), text: visible(h.markdown), first: firstLine(h.markdown), lines: h.lines };
}

function assertContains(h: Hovered | undefined, ...parts: string[]): void {
	assert.ok(h !== undefined, 'no hover');
	for (const part of parts) {
		assert.ok(h.text.includes(part), `expected "${part}" in:\n${h.text}`);
	}
}

function assertLacks(h: Hovered | undefined, ...parts: string[]): void {
	assert.ok(h !== undefined, 'no hover');
	for (const part of parts) {
		assert.ok(!h.text.includes(part), `did not expect "${part}" in:\n${h.text}`);
	}
}

const lineOf = (text: string, needle: string): number => {
	const i = text.split('\n').findIndex(l => l.includes(needle));
	assert.ok(i >= 0, `no line with ${needle}`);
	return i;
};

suite('hover: seed capture (3.x style, -S)', () => {
	test('ack of the SYN-ACK = client ISN + 1, acknowledges the SYN', () => {
		const h = hoverOn(SEED, 1, '4255483972');
		assert.strictEqual(h?.tokenText, '4255483972');
		assertContains(h, 'client ISN 4255483971 + 1', 'acknowledges the SYN', 'line 1');
	});

	test('ack of the third packet = server ISN + 1 and completes the handshake; absolute numbers noticed', () => {
		const h = hoverOn(SEED, 2, '4279842715');
		assertContains(h, 'server ISN 4279842714 + 1', 'completes the three-way handshake', 'absolute numbers (tcpdump -S)');
	});

	test('hovering the ack keyword explains the same number', () => {
		const h = hoverOn(SEED, 1, 'ack');
		assert.strictEqual(h?.tokenText, '4255483972');
	});

	test('the SYN seq names the ISN and the first data byte', () => {
		const h = hoverOn(SEED, 0, '4255483971:4255483971(0)');
		assertContains(h, 'initial sequence number (ISN) 4255483971', 'first data byte will be 4255483972');
	});

	test('3.x `.` is not ACK: none of S/F/R/P/W/E, ACK implied by the ack field', () => {
		const h = hoverOn(SEED, 2, ' . ');
		assert.strictEqual(h?.tokenText, '.');
		assertContains(h, 'none of S/F/R/P/W/E', 'implied by the', 'pure ACK');
	});

	test('3.x `S` with an ack field is a SYN-ACK', () => {
		const h = hoverOn(SEED, 1, ': S ');
		assertContains(h, 'SYN', 'SYN-ACK');
	});

	test('SYN window is never scaled; without mss options the 536-byte default is used', () => {
		const h = hoverOn(SEED, 0, '65535');
		// 65535 / 536 = 122.3
		assertContains(h, 'never scaled', '65535 bytes ≈ 122 full segments of MSS 536');
	});

	test('telnet port: number and service name', () => {
		const h = hoverOn(SEED, 0, '.23:');
		assertContains(h, 'port 23 = telnet', 'server');
	});

	test('client address: which connection and which role', () => {
		const h = hoverOn(SEED, 0, '192.168.1.12');
		assertContains(h, 'the client', 'Connection 1: 192.168.1.12.1051 → 192.168.1.11.23', '3 packets');
	});
});

suite('hover: normal-fin (tcpdump 4.99.3 -nn, relative numbers)', () => {
	const text = fixture('normal-fin/nn.txt');

	test('ack 1 of the third packet: server ISN + 1, absolute value and where the relative base comes from', () => {
		// SYN-ACK: seq 2836102437, so ack 1 is 2836102438 absolute.
		const h = hoverOn(text, 2, 'ack 1,', 0);
		assertContains(h, 'server ISN 2836102437 + 1', 'absolute 2836102438', 'Printed relative', 'line 2', 'first packet with the ACK flag');
	});

	test('data seq 1:90 carries 89 bytes, end exclusive, absolute range from the client ISN', () => {
		// client ISN 1337010211: byte 1 is 1337010212, end 90 is 1337010301.
		const h = hoverOn(text, 3, '1:90');
		assertContains(h, '89 bytes', '1 … 89', 'The end 90 is exclusive', 'absolute 1337010212:1337010301', 'client ISN 1337010211');
	});

	test('the server\'s ack 91 acknowledges the client\'s FIN on line 9', () => {
		const h = hoverOn(text, 9, '91');
		assertContains(h, 'Acknowledges the FIN on line 9');
	});

	test('scaled window: 502 × 2^7 = 64,256 bytes ≈ 44 segments of MSS 1460', () => {
		const h = hoverOn(text, 2, '502');
		assertContains(h, '502 × 2^7 = 64,256 bytes', 'wscale 7', '44 full segments of MSS 1460');
	});

	test('modern `.` is ACK, and the hover says what it meant in the 3.x style', () => {
		const h = hoverOn(text, 2, '[.]');
		assertContains(h, 'ACK', '3.x');
	});

	test('SYN-ACK flags: S. = SYN-ACK', () => {
		const h = hoverOn(text, 1, 'S.]');
		assertContains(h, 'SYN', 'SYN-ACK');
	});

	test('http port 80', () => {
		const h = hoverOn(text, 0, '.80:');
		assertContains(h, 'port 80 = http');
	});

	test('mss 1460 in the SYN: the client accepts 1460-byte segments, MTU 1500', () => {
		const h = hoverOn(text, 0, 'mss 1460');
		assert.strictEqual(h?.tokenText, 'mss 1460');
		assertContains(h, 'at most 1460 payload bytes', 'MTU of 1500');
	});

	test('wscale 7: multiplier 128, in force because both SYNs carry it', () => {
		const h = hoverOn(text, 0, 'wscale 7');
		assertContains(h, '2^7 = 128', 'Both SYNs carry wscale');
	});

	test('TS option of the first SYN: ecr 0', () => {
		const h = hoverOn(text, 0, 'TS val');
		assertContains(h, 'val 2871539000', 'ecr 0');
	});

	test('TS ecr echoes the peer\'s val from the SYN-ACK (line 2)', () => {
		const h = hoverOn(text, 2, 'TS val');
		assertContains(h, 'ecr 511234024', 'line 2');
	});

	test('timestamp: time since the connection\'s SYN', () => {
		// 10:00:00.024110 − 10:00:00.000000
		const h = hoverOn(text, 2, '10:00:00.024110');
		assertContains(h, '24.1 ms since this connection\'s SYN (line 1)');
	});

	test('length 89 of the request', () => {
		const h = hoverOn(text, 3, 'length 89');
		assertContains(h, '89 bytes of TCP payload');
	});
});

suite('hover: other captures', () => {
	test('mid-stream window: raw value, scale unknown', () => {
		const h = hoverOn(fixture('mid-stream/nn.txt'), 1, '502');
		assertContains(h, 'scale unknown');
	});

	test('server wscale 2: 16383 × 2^2 = 65,532 bytes', () => {
		const h = hoverOn(fixture('window-scaling/nn.txt'), 4, '16383');
		assertContains(h, '16383 × 2^2 = 65,532 bytes');
	});

	test('SYN-ACK acking the wrong number: expected value, and the finding is listed', () => {
		const h = hoverOn(fixture('synack-wrong-ack/nn.txt'), 1, '1005');
		assertContains(h, 'ack 1005 should be client ISN 1000 + 1 = 1001', 'handshake.synack-ack-mismatch');
	});

	test('refused: the RST-ACK acks the SYN; the flag hover lists handshake.refused', () => {
		const text = fixture('refused/nn.txt');
		assertContains(hoverOn(text, 1, '1001'), 'client ISN 1000 + 1');
		assertContains(hoverOn(text, 1, 'R.]'), 'RST', 'handshake.refused');
	});

	test('SACK block: size of the block and the hole before it', () => {
		// ack 1001, sack {2001:3001}: 1000 bytes received, 1001 … 2000 missing.
		const text = fixture('duplicate-ack/nn.txt');
		const line = text.split('\n').findIndex(l => l.includes('ack 1001,') && l.includes('sack 1 {2001:3001}'));
		const h = hoverOn(text, line, 'sack 1');
		assertContains(h, '{2001:3001}', '1000 bytes', 'Missing: 1001 … 2000');
	});

	test('service names printed by tcpdump without -n: login = 513, www = 80', () => {
		const man = fixture('old-3x-style/manpage.txt');
		assertContains(hoverOn(man, 0, 'login'), 'login = port 513');
		const lines = man.split('\n');
		const www = lines.findIndex(l => l.includes('artemis.www'));
		assertContains(hoverOn(man, www, '.www'), 'www = port 80');
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
		assertContains(iface, 'Interface', '-i any');
		const dir = hoverOn(text, 0, 'In');
		assert.strictEqual(dir?.tokenText, 'In');
		assertContains(dir, 'received by this host');
	});

	test('3.x (DF): the IP don\'t-fragment bit, not a TCP flag', () => {
		const h = hoverOn(SEED, 0, '(DF)');
		assert.strictEqual(h?.tokenText, '(DF)');
		assertContains(h, 'IPv4 DF bit', 'not TCP');
	});

	test('-v IPv4 header: each field under the cursor, with its value', () => {
		const text = fixture('normal-fin/v.txt');
		const ttl = hoverOn(text, 0, 'ttl 64');
		assert.strictEqual(ttl?.tokenText, 'ttl 64');
		assert.ok(ttl.first.includes('Time to live: 64 hops left'), ttl.first);
		assertContains(ttl, 'Time to live', '64 (Linux, macOS)');
		const proto = hoverOn(text, 0, 'proto TCP (6)');
		assert.strictEqual(proto?.tokenText, 'proto TCP (6)');
		assertContains(proto, 'TCP (6)');
		const flags = hoverOn(text, 0, 'flags [DF]');
		assert.strictEqual(flags?.tokenText, 'flags [DF]');
		assertContains(flags, 'don\'t fragment');
	});

	test('-v IPv6 header on the packet line: hop limit', () => {
		const h = hoverOn(fixture('ipv6/v.txt'), 0, 'hlim 64');
		assert.strictEqual(h?.tokenText, 'hlim 64');
		assertContains(h, 'Hop limit');
	});
});

suite('hover: texts that must be true (issue 7)', () => {
	test('a scaled window: the first line gives the bytes beyond the ack, never "can receive 501 more bytes"', () => {
		// window-scaling: client wscale 7 (line 1), its third packet advertises win 501 with ack 1: 501 × 128 = 64,128
		const h = hoverOn(fixture('window-scaling/nn.txt'), 2, 'win 501');
		assert.ok(h?.first.includes('501 × 2^7 = 64,128 bytes beyond ack 1'), h?.first);
		assertLacks(h, 'can receive 501', '501 more bytes');
	});

	test('a SYN\'s window is its initial window: not scaled, and there is no ack yet', () => {
		const h = hoverOn(fixture('window-scaling/nn.txt'), 0, 'win 64240');
		assert.ok(h?.first.includes('initial receive window: 64,240 bytes'), h?.first);
		assertContains(h, 'never scaled', 'no ack yet');
		assertLacks(h, 'beyond its ack', 'beyond ack', '× 2^');
	});

	test('simultaneous open: no side is "the server (it answered the SYN)"', () => {
		const text = fixture('simultaneous-open/nn.txt');
		// 10.0.0.2.6000 sent its own SYN on line 2: it answered nothing
		for (const [line, token] of [[0, '10.0.0.1'], [1, '10.0.0.2'], [1, '.6000'], [0, '.5000']] as const) {
			const h = hoverOn(text, line, token);
			assertLacks(h, 'the server (it answered the SYN)', 'the client (it sent the SYN)', 'listening port');
		}
		assertContains(hoverOn(text, 1, '10.0.0.2'), 'simultaneous open', 'both sides sent a SYN');
		assertContains(hoverOn(text, 1, 'S]'), 'simultaneous open');
	});

	test('simultaneous open: the SYN-ACK on line 3 acknowledges the SYN of line 2, never the later line 4', () => {
		const text = fixture('simultaneous-open/nn.txt');
		// line 3: 10.0.0.1 S. ack 2200001; 10.0.0.2's ISN 2200000 was chosen in its SYN on line 2
		const h = hoverOn(text, 2, 'ack 2200001');
		assertContains(h, 'ISN 2200000 + 1', 'SYN (line 2)');
		assertLacks(h, 'line 4', 'server');
		assert.ok(h?.lines.every(l => l <= 2), `refers to ${h?.lines.join(', ')}`);
	});

	test('times below 1 ms in µs: 10:00:00.024110 is 110 µs after line 2 (10:00:00.024000)', () => {
		const h = hoverOn(fixture('normal-fin/nn.txt'), 2, '10:00:00.024110');
		assertContains(h, '110 µs since the previous packet of this connection (line 2)');
		assertLacks(h, '0.1 ms');
	});

	test('one duration format: 37 µs, 24.1 ms, 1.000 s; CodeLens uses it (RST 210 µs after the SYN)', () => {
		assert.strictEqual(formatSeconds(0.000037), '37 µs');
		assert.strictEqual(formatSeconds(0.0241), '24.1 ms');
		assert.strictEqual(formatSeconds(1), '1.000 s');
		// refused: SYN 10:00:00.000000, RST-ACK 10:00:00.000210
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { lensesFor } = require('../../src/core/features/codeLens') as typeof import('../../src/core/features/codeLens');
		const title = lensesFor(analyzeText(fixture('refused/nn.txt')))[0]?.title ?? '';
		assert.ok(title.includes('210 µs'), title);
	});

	test('-ttt and -ttttt print alike: the hover says which one was detected', () => {
		// normal-fin/ttt.txt: line 3's delta 00:00:00.000110 is smaller than line 2's: only -ttt goes down
		const ttt = hoverOn(fixture('normal-fin/ttt.txt'), 2, '00:00:00.000110');
		assert.ok(ttt?.first.includes('-ttt: 110 µs since the previous packet'), ttt?.first);
		assertContains(ttt, 'Detected -ttt');
		// the same packet with -ttttt: 00:00:00.024110 since the first packet
		const ttttt = hoverOn(fixture('normal-fin/ttttt.txt'), 2, '00:00:00.024110');
		assert.ok(ttttt?.first.includes('-ttttt: 24.1 ms since the first packet'), ttttt?.first);
		assertContains(ttttt, 'Detected -ttttt', 'never go down');
	});

	test('-tt converted to a date keeps the microseconds', () => {
		// 1709287200 = 2024-03-01 10:00:00 UTC
		const h = hoverOn(fixture('normal-fin/tt.txt'), 2, '1709287200.024110');
		assert.ok(h?.first.includes('2024-03-01 10:00:00.024110 UTC'), h?.first);
	});

	test('the IPv6 -v header hover does not talk about the IPv4 second line', () => {
		const h = hoverOn(fixture('ipv6/v.txt'), 0, 'hlim 64');
		assert.ok(h?.first.includes('Hop limit: 64 hops left'), h?.first);
		assertContains(h, 'same line');
		assertLacks(h, 'IPv4', 'next line');
		// `next-header TCP (6) payload length: 40`: two fields tcpdump prints without a comma
		const next = hoverOn(fixture('ipv6/v.txt'), 0, 'next-header');
		assert.strictEqual(next?.tokenText, 'next-header TCP (6)');
		const len = hoverOn(fixture('ipv6/v.txt'), 0, 'payload length: 40');
		assert.strictEqual(len?.tokenText, 'payload length: 40');
		assert.ok(len?.first.includes('40 bytes after the IPv6 header'), len?.first);
	});

	test('a finding is said once: the SYN-ACK ack mismatch is not explained twice', () => {
		const h = hoverOn(fixture('synack-wrong-ack/nn.txt'), 1, '1005');
		const times = (h?.text.match(/does not acknowledge the SYN/g) ?? []).length;
		assert.strictEqual(times, 2, h?.text); // the finding's title and its message, nothing from the hover itself
		assertLacks(h, 'Expected client ISN');
	});
});

suite('hover: every token of every line', () => {
	test('cksum (correct), verified by tcpdump -v', () => {
		const h = hoverOn(fixture('normal-fin/vv.txt'), 1, 'cksum 0x2ea8 (correct)');
		assert.strictEqual(h?.tokenText, 'cksum 0x2ea8 (correct)');
		assert.ok(h?.first.includes('TCP checksum 0x2ea8, verified correct'), h?.first);
	});

	test('cksum (incorrect -> 0x…) explains checksum offload', () => {
		const text = corpus('accecn_handshake.out');
		if (!text) {
			return;
		}
		const line = lineOf(text, 'cksum 0x209c (incorrect -> 0xe443)');
		const h = hoverOn(text, line, 'cksum 0x209c');
		assert.ok(h?.first.includes('checksum 0x209c in the packet, tcpdump computed 0xe443'), h?.first);
		assertContains(h, 'offload');
	});

	test('-e link layer: MACs, EtherType and frame length', () => {
		const text = fixture('normal-fin/e.txt');
		const src = hoverOn(text, 0, '3c:22:fb:4a:81:0e');
		assert.strictEqual(src?.tokenText, '3c:22:fb:4a:81:0e');
		assert.ok(src?.first.includes('link-layer source MAC'), src?.first);
		assertContains(src, 'OUI 3c:22:fb');
		assert.ok(hoverOn(text, 0, '00:1b:21:aa:bb:cc')?.first.includes('link-layer destination MAC'));
		const et = hoverOn(text, 0, 'ethertype IPv4');
		assert.strictEqual(et?.tokenText, 'ethertype IPv4 (0x0800)');
		assert.ok(et?.first.includes('EtherType 0x0800: the frame carries IPv4'), et?.first);
		// 74 = 14 Ethernet + 20 IPv4 + 40 TCP (with options)
		const len = hoverOn(text, 0, 'length 74');
		assert.strictEqual(len?.tokenText, 'length 74');
		assert.ok(len?.first.includes('the whole frame is 74 bytes'), len?.first);
		const arp = fixture('non-tcp-noise/e.txt');
		assert.ok(hoverOn(arp, 0, 'ff:ff:ff:ff:ff:ff')?.first.includes('broadcast'));
		assert.ok(hoverOn(arp, 0, 'ethertype ARP')?.first.includes('ARP'));
	});

	test('-e VLAN tag: VLAN ID and priority; -XX names the tag\'s bytes', () => {
		// vlan-tag/craft_vlan.py: Dot1Q(vlan=100, prio=3); tcpdump -e prints `vlan 100, p 3`
		const e = fixture('vlan-tag/e.txt');
		const vlan = hoverOn(e, 0, 'vlan 100');
		assert.strictEqual(vlan?.tokenText, 'vlan 100');
		assert.ok(vlan?.first.includes('VLAN ID 100'), vlan?.first);
		assert.ok(hoverOn(e, 0, 'p 3')?.first.includes('VLAN priority 3'));
		assert.ok(hoverOn(e, 0, 'ethertype 802.1Q')?.first.includes('EtherType 0x8100'));
		// 0x0000: … 8100 6064: 0x6064 = priority 3 (0b011), DEI 0, VLAN ID 0x064 = 100; then EtherType 0x0800
		const xx = fixture('vlan-tag/XX.txt');
		const tci = hoverOn(xx, 1, '6064');
		assert.ok(tci?.first.includes('802.1Q VLAN tag bytes 0–1'), tci?.first);
		assertContains(tci, 'priority 3, DEI 0, VLAN ID 100');
		assert.ok(hoverOn(xx, 2, '0800')?.first.includes('EtherType after the tag'));
		assert.ok(hoverOn(xx, 2, '4500')?.first.includes('IPv4 header bytes 0–1'));
	});

	test('-X hex dump: offset and which header the bytes belong to', () => {
		const text = fixture('normal-fin/X.txt');
		// 0x0000: 4500 003c 3a11 4000 4006 …: IPv4 from byte 0 (-X starts at the IP header)
		const off = hoverOn(text, 1, '0x0000:');
		assert.ok(off?.first.includes('offset 0: this line shows bytes 0–15'), off?.first);
		assertContains(off, 'at the network layer (-x/-X)', 'IPv4 header bytes 0–15');
		const ttl = hoverOn(text, 1, '4006');
		assert.ok(ttl?.first.includes('bytes 8–9') && ttl.first.includes('TTL, protocol'), ttl?.first);
		// 0x0010: cb00 710a c822 0050 …: bytes 20–21 = TCP source port 0xc822 = 51234, 22–23 = destination port 80
		const sport = hoverOn(text, 2, 'c822');
		assert.ok(sport?.first.includes('TCP header bytes 0–1 (source port)'), sport?.first);
		assertContains(sport, '= 51234');
		assertContains(hoverOn(text, 2, '0050'), 'destination port', '= 80');
	});

	test('-XX hex dump starts at the Ethernet header', () => {
		const text = corpus('print-capXX.out');
		if (!text) {
			return;
		}
		// 0x0000: 0000 0000 0000 0000 0000 0000 0800 4500: loopback MACs, EtherType 0x0800, then IPv4
		const et = hoverOn(text, 1, '0800');
		assert.ok(et?.first.includes('Ethernet header bytes 12–13 (EtherType)'), et?.first);
		assertContains(et, 'link-layer header (-xx/-XX)');
		assert.ok(hoverOn(text, 1, '4500')?.first.includes('IPv4 header bytes 0–1'));
	});

	test('-A ASCII lines and UDP, ICMP and ARP lines say what they are', () => {
		assertContains(hoverOn(fixture('normal-fin/A.txt'), 1, 'E..<'), 'tcpdump -A');
		const text = fixture('non-tcp-noise/nn.txt');
		assertContains(hoverOn(text, 0, 'who-has'), 'who has 192.168.1.1? tell 192.168.1.12');
		assertContains(hoverOn(text, 1, 'is-at'), 'ARP reply: 192.168.1.1 is at 00:1b:21:aa:bb:cc');
		assertContains(hoverOn(text, 2, 'A?'), 'UDP datagram 192.168.1.12.40123 → 192.168.1.1.53 (port 53 = domain)', 'TCP only');
		assertContains(hoverOn(text, 4, 'echo'), 'ICMP type 8', 'ICMP echo request from 192.168.1.12 to 203.0.113.10');
		assertContains(hoverOn(text, 4, 'id 1234'), 'echo identifier');
		assertContains(hoverOn(text, 2, '192.168.1.1.53'), 'destination address 192.168.1.1, port 53');
	});

	// 'every non-blank character of these captures has a hover' is checked in 'hover: never throws' below (one pass)
});

suite('hover: verbosity, escaping, line links', () => {
	test('concise keeps this packet\'s facts; teaching adds the text that is the same on every packet', () => {
		const text = fixture('normal-fin/nn.txt');
		const teaching = hoverOn(text, 3, '1:90');
		const concise = hoverOn(text, 3, '1:90', 0, { verbosity: 'concise' });
		assert.strictEqual(concise?.first, teaching?.first);
		assert.ok(concise?.first.includes('sends 89 bytes: 1 … 89'), concise?.first);
		assertContains(concise, 'absolute 1337010212:1337010301');
		assertContains(teaching, 'Use -S for absolute numbers', 'Each byte a side sends');
		assertLacks(concise, 'Use -S for absolute numbers', 'Each byte a side sends', 'tcpdump subtracted the base');
	});

	test('capture text that looks like a URL never becomes a link', () => {
		// a DNS query for www.example.org, an -A payload line with http://www.abuse.net/, a -v HTTP Host header
		const cases: [string, number, string][] = [[fixture('non-tcp-noise/nn.txt'), 2, 'www.example.org'], [fixture('interleaved/v.txt'), 21, 'www.example.org']];
		const a = corpus('print-A.out');
		if (a) {
			cases.push([a, lineOf(a, 'http://www.abuse.net/'), 'http://www.abuse.net/']);
		}
		for (const [text, line, token] of cases) {
			const h = hoverOn(text, line, token);
			assert.ok(h, token);
			assert.ok(!/<a /.test(html(h.markdown)), `a link in:\n${html(h.markdown)}`);
		}
		// the DNS line's summary names the host in running text: escaped, still readable
		assertContains(hoverOn(fixture('non-tcp-noise/nn.txt'), 2, 'A?'), 'www.example.org');
	});

	test('"line N" becomes the adapter\'s link, and only that; the core reports the lines', () => {
		const text = fixture('normal-fin/nn.txt');
		const lines = text.split('\n');
		const h = hoverAt(analyzeText(text), { line: 9, character: lines[9]?.indexOf('ack 91') ?? 0 }, { lineText: n => lines[n], lineLink: n => `command:tcpdump.revealLine?${encodeURIComponent(JSON.stringify(['file:///x.txt', n]))}` });
		assert.ok(h);
		// ack 91 acknowledges the FIN on line 9 (0-based 8)
		assert.ok(h.lines.includes(8), h.lines.join(','));
		const links = [...html(h.markdown).matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)];
		assert.ok(links.length >= 1, html(h.markdown));
		for (const [, href, label] of links) {
			assert.ok(href?.startsWith('command:tcpdump.revealLine?'), href);
			assert.match(label ?? '', /^(line |lines )?\d+$/);
		}
		assert.ok(links.some(([, href, label]) => label === 'line 9' && decodeURIComponent(href?.split('?')[1] ?? '') === '["file:///x.txt",8]'), links.map(l => l[0]).join('\n'));
	});
});

/** Every non-blank character of these has a hover (README: "on every non-blank character of a packet line and of its dump lines"). */
const EVERY_CHARACTER = ['normal-fin/nn.txt', 'normal-fin/e.txt', 'normal-fin/X.txt', 'normal-fin/A.txt', 'normal-fin/v.txt', 'normal-fin/vv.txt',
	'non-tcp-noise/nn.txt', 'non-tcp-noise/e.txt', 'non-tcp-noise/X.txt', 'non-tcp-noise/v.txt', 'non-tcp-noise/vv.txt', 'ipv6/vv.txt',
	'normal-fin/banner.txt', 'vlan-tag/e.txt', 'vlan-tag/XX.txt', 'simultaneous-open/vv.txt', 'normal-fin/ttttt.txt', 'normal-fin/tt.txt',
	'mixed/e.txt', 'mixed/v.txt', 'synack-wrong-ack/ttt.txt', 'old-3x-style/manpage.txt'];

suite('hover: never throws', () => {
	// A hover is a convenience: on any character of any line, it explains something or nothing.
	test('every position of real captures in several formats; every non-blank character of the fixtures has a hover', () => {
		let hovers = 0;
		const texts: [string, string][] = EVERY_CHARACTER.map(n => [n, fixture(n)]);
		for (const name of ['mixed/nn.txt', 'normal-fin/X.txt', 'mid-stream/num.txt']) {
			texts.push([`${name} (no line text)`, fixture(name)]);
		}
		for (const name of ['print-xx.out', 'print-capXX.out', 'print-A.out', 'accecn_handshake.out', 'arcnet-rfc1051-arp-icmp-http-e.out', 'whois-v.out']) {
			const t = corpus(name);
			if (t) {
				texts.push([name, t]);
			}
		}
		for (const [name, text] of texts) {
			const analysis = analyzeText(text);
			const lines = text.split('\n');
			const everyCharacter = EVERY_CHARACTER.includes(name);
			const options: HoverOptions = name.endsWith('(no line text)') ? {} : { lineText: n => lines[n] };
			for (let line = 0; line < lines.length; line++) {
				const l = lines[line] ?? '';
				for (let character = 0; character <= l.length; character++) {
					const h = hoverAt(analysis, { line, character }, { ...options, verbosity: character % 2 === 0 ? 'concise' : 'teaching' });
					if (h) {
						hovers++;
					} else if (everyCharacter && character < l.length && !/\s/.test(l.charAt(character))) {
						assert.fail(`${name}:${line + 1}:${character + 1} has no hover: ${l.slice(Math.max(0, character - 10), character + 10)}`);
					}
				}
			}
			assert.strictEqual(hoverAt(analysis, { line: lines.length + 5, character: 0 }, options), undefined, 'past the end');
			assert.strictEqual(hoverAt(analysis, { line: -1, character: -1 }, options), undefined, 'before the start');
		}
		assert.ok(hovers > 10000, `${hovers} positions explained`);
	});
});
