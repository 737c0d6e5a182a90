/**
 * tcpdump's relative numbering replayed back to absolute numbers (sequence.ts, through the reader):
 * the shapes of design/tcpdump-text-format.md §11, each from a real tcpdump output or the 4.99.3
 * examples there. Expected absolute numbers are worked out by hand from the §11 algorithm:
 * a seeding ACK-flag packet stores base[this] = seq, base[other] = ack − 1; later ones print
 * seq − base[this], ack − base[other] (mod 2^32).
 */
import * as assert from 'assert';
import { analyzeText } from '../../src/core/store/capture';
import { parsePacketLine } from '../../src/core/scan/packetLine';
import { add32, diff32, MOD32, newSeqBases, numberingEvidence, printsRelative, replay, sub32 } from '../../src/core/track/sequence';
import type { TcpSegment } from '../../src/core/types';

/** [absSeq, absSeqEnd, absAck] of each TCP packet, in order. */
function absolute(lines: string[]): [number | undefined, number | undefined, number | undefined][] {
	const a = analyzeText(lines.join('\n'));
	assert.deepStrictEqual(a.unreadable, []);
	return a.packets.filter(p => p.tcp).map(p => [p.tcpInfo?.absSeq, p.tcpInfo?.absSeqEnd, p.tcpInfo?.absAck]);
}

function seg(text: string): TcpSegment {
	const p = parsePacketLine(text, 0);
	assert.ok(p.kind === 'packet' && p.tcp, text);
	return p.tcp;
}

const U = undefined;

suite('sequence: 32-bit arithmetic', () => {
	test('add32 / sub32 wrap at 2^32', () => {
		assert.strictEqual(add32(4294967295, 1), 0);
		assert.strictEqual(add32(4294967000, 1000), 704);
		assert.strictEqual(add32(5, 10), 15);
		assert.strictEqual(sub32(0, 1), 4294967295);
		assert.strictEqual(sub32(704, 1000), 4294967000);
		assert.strictEqual(sub32(1001, 1000), 1);
		assert.strictEqual(MOD32, 4294967296);
	});

	test('diff32 is a signed distance on the circle', () => {
		assert.strictEqual(diff32(10, 4294967290), 16);
		assert.strictEqual(diff32(4294967290, 10), -16);
		assert.strictEqual(diff32(1000, 1000), 0);
		assert.strictEqual(diff32(0x80000000 + 5, 5), -0x80000000);
	});
});

suite('sequence: replay, step by step (§11)', () => {
	test('a bare SYN prints absolute and never seeds', () => {
		const b = newSeqBases();
		const r = replay(b, 0, seg('IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 1000, win 65535, length 0'), 'relative', U);
		assert.deepStrictEqual([r.absSeq, r.seeded, b.seeded], [1000, false, false]);
	});

	test('the SYN-ACK seeds base[this] = seq, base[other] = ack − 1, printed unchanged', () => {
		const b = newSeqBases();
		const synAck = seg('IP 10.0.0.2.2 > 10.0.0.1.1: Flags [S.], seq 5000, ack 1001, win 65535, length 0');
		assert.strictEqual(printsRelative(b, synAck), false);
		const r = replay(b, 1, synAck, 'relative', U);
		assert.deepStrictEqual([r.absSeq, r.absAck, r.seeded], [5000, 1001, true]);
		assert.deepStrictEqual([b.base0, b.base1, b.known0, b.known1], [1000, 5000, true, true]);
		const data = seg('IP 10.0.0.1.1 > 10.0.0.2.2: Flags [P.], seq 1:101, ack 1, win 502, length 100');
		assert.strictEqual(printsRelative(b, data), true);
		const d = replay(b, 0, data, 'relative', U);
		assert.deepStrictEqual([d.absSeq, d.absSeqEnd, d.absAck, d.seeded], [1001, 1101, 5001, false]);
	});

	test('-S: numbers already absolute', () => {
		const b = newSeqBases();
		replay(b, 1, seg('IP 10.0.0.2.2 > 10.0.0.1.1: Flags [S.], seq 5000, ack 1001, win 65535, length 0'), 'absolute', U);
		const d = replay(b, 0, seg('IP 10.0.0.1.1 > 10.0.0.2.2: Flags [P.], seq 1001:1101, ack 5001, win 502, length 100'), 'absolute', U);
		assert.deepStrictEqual([d.absSeq, d.absSeqEnd, d.absAck], [1001, 1101, 5001]);
	});

	test('a pure ACK that seeds: its unprinted seq is SYN seq + 1 when known, else unknown', () => {
		const known = newSeqBases();
		replay(known, 0, seg('IP 10.0.0.1.1 > 10.0.0.2.2: Flags [.], ack 3051049339, win 1, length 0'), 'relative', 798232823);
		assert.deepStrictEqual([known.base0, known.known0, known.base1], [798232823, true, 3051049338]);
		const unknown = newSeqBases();
		replay(unknown, 0, seg('IP 10.0.0.1.1 > 10.0.0.2.2: Flags [.], ack 3051049339, win 1, length 0'), 'relative', U);
		assert.strictEqual(unknown.known0, false);
		const later = replay(unknown, 0, seg('IP 10.0.0.1.1 > 10.0.0.2.2: Flags [P.], seq 1:11, ack 1, win 1, length 10'), 'relative', U);
		assert.strictEqual(later.seqBaseKnown, false);
		assert.strictEqual(later.absAck, 3051049339);
	});

	test('numberingEvidence: ack 1 after a SYN-ACK is relative, ack ISN+1 absolute; near-zero ISNs undecided', () => {
		const b = newSeqBases();
		replay(b, 1, seg('IP 10.0.0.2.2 > 10.0.0.1.1: Flags [S.], seq 4279842714, ack 4255483972, win 1, length 0'), 'relative', U);
		assert.strictEqual(numberingEvidence(b, 0, seg('IP 10.0.0.1.1 > 10.0.0.2.2: Flags [.], ack 1, win 1, length 0')), 'relative');
		assert.strictEqual(numberingEvidence(b, 0, seg('IP 10.0.0.1.1 > 10.0.0.2.2: Flags [.], ack 4279842715, win 1, length 0')), 'absolute');
		const small = newSeqBases();
		replay(small, 1, seg('IP 10.0.0.2.2 > 10.0.0.1.1: Flags [S.], seq 2, ack 1, win 1, length 0'), 'relative', U);
		assert.strictEqual(numberingEvidence(small, 0, seg('IP 10.0.0.1.1 > 10.0.0.2.2: Flags [.], ack 3, win 1, length 0')), undefined);
	});
});

suite('sequence: §11 shapes through the reader', () => {
	test('full handshake (tests/print-x.out)', () => {
		assert.deepStrictEqual(absolute([
			'03:57:35.938066 IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [S], seq 928549246, win 32767, length 0',
			'03:57:35.938122 IP 127.0.0.1.80 > 127.0.0.1.55920: Flags [S.], seq 930778609, ack 928549247, win 32767, length 0',
			'03:57:35.938167 IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [.], ack 1, win 8192, length 0',
			'03:57:35.939423 IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [P.], seq 1:203, ack 1, win 8192, length 202: HTTP: GET / HTTP/1.1',
		]), [[928549246, U, U], [930778609, U, 928549247], [U, U, 930778610], [928549247, 928549449, 930778610]]);
	});

	test('SYN-ACK not captured: the first data byte prints as 0 (tests/ipoib-e.out #9-11)', () => {
		assert.deepStrictEqual(absolute([
			'    9  2019-04-18 16:32:45.050083 IPOIB, ethertype IPv4 (0x0800), length 104: 192.168.56.10.34170 > 192.168.56.24.22: Flags [SEW], seq 798232822, win 32983, options [mss 65480,sackOK,TS val 62202209 ecr 0,nop,wscale 8], length 0',
			'   10  2019-04-18 16:32:45.050250 IPOIB, ethertype IPv4 (0x0800), length 96: 192.168.56.10.34170 > 192.168.56.24.22: Flags [.], ack 3051049339, win 33232, options [nop,nop,TS val 62202209 ecr 81054], length 0',
			'   11  2019-04-18 16:32:45.051868 IPOIB, ethertype IPv4 (0x0800), length 122: 192.168.56.10.34170 > 192.168.56.24.22: Flags [P.], seq 0:26, ack 1, win 33232, options [nop,nop,TS val 62202209 ecr 81054], length 26: SSH: SSH-2.0-OpenSSH_7.5 FIPS',
		]), [[798232822, U, U], [U, U, 3051049339], [798232823, 798232849, 3051049339]]);
	});

	test('mid-stream start (tests/dns_tcp-skip-3.out)', () => {
		assert.deepStrictEqual(absolute([
			'    4  2020-06-10 09:21:03.847323 IP 192.168.1.11.33779 > 209.87.249.18.53: Flags [P.], seq 603899917:603899975, ack 2043824404, win 64240, length 58 17177+ [1au] A? www.tcpdump.org. (56)',
			'    5  2020-06-10 09:21:03.847457 IP 209.87.249.18.53 > 192.168.1.11.33779: Flags [.], ack 58, win 64240, length 0',
			'    6  2020-06-10 09:21:03.973180 IP 209.87.249.18.53 > 192.168.1.11.33779: Flags [P.], seq 1:227, ack 58, win 64240, length 226 17177*- 2/2/5 A 192.139.46.66, A 198.199.88.104 (224)',
			'    7  2020-06-10 09:21:03.973220 IP 192.168.1.11.33779 > 209.87.249.18.53: Flags [.], ack 227, win 64014, length 0',
		]), [[603899917, 603899975, 2043824404], [U, U, 603899975], [2043824404, 2043824630, 603899975], [U, U, 2043824630]]);
	});

	test('peer acks up to the first-seen seq: ack 0 (4.99.3)', () => {
		assert.deepStrictEqual(absolute([
			'10:00:00.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 5000:5100, ack 9000, win 502, length 100',
			'10:00:00.001000 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [.], ack 0, win 502, length 0',
			'10:00:00.002000 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [P.], seq 1:51, ack 100, win 502, length 50',
		]), [[5000, 5100, 9000], [U, U, 5000], [9000, 9050, 5100]]);
	});

	test('data older than the base wraps: seq 4294967196:0 (4.99.3)', () => {
		assert.deepStrictEqual(absolute([
			'10:00:00.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 5000:5100, ack 9000, win 502, length 100',
			'10:00:00.300000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 4294967196:0, ack 1, win 502, length 100',
		]), [[5000, 5100, 9000], [4900, 5000, 9000]]);
	});

	test('refused, then refused again on the same 4-tuple: the stale base (tcpdump#128)', () => {
		const lines = [
			'10:00:00.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 65535, length 0',
			'10:00:00.000100 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [R.], seq 0, ack 1001, win 0, length 0',
			'10:00:05.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 555555, win 65535, length 0',
			'10:00:05.000100 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [R.], seq 0, ack 554556, win 0, length 0',
		];
		assert.deepStrictEqual(absolute(lines), [[1000, U, U], [0, U, 1001], [555555, U, U], [0, U, 555556]]);
		const a = analyzeText(lines.join('\n'));
		assert.deepStrictEqual(a.connections.map(c => c.handshake.state), ['refused', 'refused']);
		assert.deepStrictEqual(a.findings.filter(f => f.code === 'handshake.refused').map(f => f.packet), [1, 3]);
		assert.deepStrictEqual(a.findings.filter(f => f.code.startsWith('handshake.') && f.code !== 'handshake.refused'), []);
	});

	test('port reuse, new SYN-ACK not captured: ack against the stale base (4.99.3)', () => {
		assert.deepStrictEqual(absolute([
			'10:00:00.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 100, win 65535, length 0',
			'10:00:00.010000 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 200, ack 101, win 65535, length 0',
			'10:00:00.020000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 1, win 65535, length 0',
			'10:00:09.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 900000, win 65535, length 0',
			'10:00:09.020000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 123256, win 65535, length 0',
		]), [[100, U, U], [200, U, 101], [U, U, 201], [900000, U, U], [U, U, 123456]]);
	});

	test('SYN-ACK with a wrong ack shifts the client\'s base: seq 4294967293:15 (4.99.3)', () => {
		assert.deepStrictEqual(absolute([
			'10:00:00.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 65535, length 0',
			'10:00:00.010000 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 5000, ack 1005, win 65535, length 0',
			'10:00:00.020000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 1, win 65535, length 0',
			'10:00:00.030000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 4294967293:15, ack 1, win 65535, length 18',
		]), [[1000, U, U], [5000, U, 1005], [U, U, 5001], [1001, 1019, 5001]]);
	});

	test('a FIN-ACK as the first ACK-flag packet prints absolute, ack 0 real (tests/tfo.out #14 shape)', () => {
		assert.deepStrictEqual(absolute([
			'16:26:20.600000 IP 192.168.0.100.13048 > 3.3.3.3.13054: Flags [F.], seq 936732552, ack 0, win 1400, length 0',
			'16:26:20.600100 IP 3.3.3.3.13054 > 192.168.0.100.13048: Flags [.], ack 1, win 1400, length 0',
		]), [[936732552, U, 0], [U, U, 936732553]]);
	});

	test('-S text: the seed\'s third line is absolute (§10.1)', () => {
		const a = analyzeText([
			'192.168.1.12.1051 > 192.168.1.11.23: S 4255483971:4255483971(0) win 65535 (DF)',
			'192.168.1.11.23 > 192.168.1.12.1051: S 4279842714:4279842714(0) ack 4255483972 win 32120 (DF)',
			'192.168.1.12.1051 > 192.168.1.11.23: . ack 4279842715 win 65535 (DF)',
		].join('\n'));
		assert.strictEqual(a.numbering, 'absolute');
		assert.strictEqual(a.packets[2]?.tcpInfo?.absAck, 4279842715);
		assert.strictEqual(a.packets[2]?.tcpInfo?.relAck, 1);
	});

	test('relative numbers from the ISN: relSeq/relAck', () => {
		const a = analyzeText([
			'10:00:00.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 4294967000, win 65535, length 0',
			'10:00:00.010000 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 4294966900, ack 4294967001, win 65535, length 0',
			'10:00:00.020000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 1, win 65535, length 0',
			'10:00:00.030000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:501, ack 1, win 65535, length 500',
		].join('\n'));
		const p = a.packets[3]?.tcpInfo;
		// 4294967000 + 501 − 2^32 = 205
		assert.deepStrictEqual([p?.absSeq, p?.absSeqEnd, p?.relSeq, p?.relAck], [4294967001, 205, 1, 1]);
	});
});
