/**
 * ConnectionTracker: 4-tuples in both directions, port reuse, roles, handshake states and the
 * handshake.* findings of design/tcp-analysis.md §4 (incl. the §4.1 iRTT examples), on lines in
 * tcpdump 4.99.3's shape. The fixture-wide checks against tshark are in capture.test.ts.
 */
import * as assert from 'assert';
import { analyzeText, CaptureReader } from '../../src/core/store/capture';
import { ConnectionTracker } from '../../src/core/track/connections';
import { parsePacketLine } from '../../src/core/scan/packetLine';
import type { PacketRecord } from '../../src/core/types';

const A = '10.0.0.1.40000', B = '10.0.0.2.80';
const ab = (t: string, rest: string) => `${t} IP ${A} > ${B}: ${rest}`;
const ba = (t: string, rest: string) => `${t} IP ${B} > ${A}: ${rest}`;
const SYN = 'Flags [S], seq 1000, win 65535, options [mss 1460,wscale 7], length 0';
const SYNACK = 'Flags [S.], seq 5000, ack 1001, win 65535, options [mss 1400,wscale 2], length 0';
const ACK1 = 'Flags [.], ack 1, win 502, length 0';

function run(lines: string[]) {
	const a = analyzeText(lines.join('\n'));
	assert.deepStrictEqual(a.unreadable, []);
	const codes = a.findings.filter(f => f.code.startsWith('handshake.') || f.code === 'tcp.reused-ports').map(f => `${f.code}@${f.packet}`).sort();
	return { a, codes };
}

suite('connections: grouping', () => {
	test('both directions of a 4-tuple are one connection; the first packet\'s source comes first', () => {
		const { a } = run([
			ba('10:00:00.000000', 'Flags [P.], seq 1:11, ack 1, win 1, length 10'),
			ab('10:00:00.001000', 'Flags [.], ack 11, win 1, length 0'),
			'10:00:00.002000 IP 10.0.0.1.40001 > 10.0.0.2.80: Flags [.], ack 1, win 1, length 0',
			'10:00:00.003000 IP 10.0.0.3.40000 > 10.0.0.2.80: Flags [.], ack 1, win 1, length 0',
		]);
		assert.strictEqual(a.connections.length, 3);
		assert.deepStrictEqual(a.connections[0]?.endpoints, [B, A]);
		assert.deepStrictEqual(a.connections.map(c => c.packets), [[0, 1], [2], [3]]);
		assert.deepStrictEqual(a.packets.map(p => p.tcpInfo?.fromFirst), [true, false, true, true]);
	});

	test('non-TCP packets between TCP ones belong to no connection', () => {
		const { a } = run([
			ab('10:00:00.000000', SYN),
			'10:00:00.000500 IP 10.0.0.1.5353 > 224.0.0.251.5353: 0 A (QM)? x.local. (25)',
			ba('10:00:00.001000', SYNACK),
			ab('10:00:00.002000', ACK1),
		]);
		assert.strictEqual(a.packets[1]?.tcpInfo, undefined);
		assert.deepStrictEqual(a.connections[0]?.packets, [0, 2, 3]);
		assert.strictEqual(a.connections[0]?.handshake.state, 'complete');
	});

	test('a new SYN with another ISN on a used 4-tuple: a new connection and tcp.reused-ports', () => {
		const { a, codes } = run([
			ab('10:00:00.000000', SYN), ba('10:00:00.010000', SYNACK), ab('10:00:00.020000', ACK1),
			ab('10:00:02.000000', 'Flags [S], seq 777777, win 65535, length 0'),
		]);
		assert.deepStrictEqual(a.connections.map(c => c.packets), [[0, 1, 2], [3]]);
		assert.deepStrictEqual(codes, ['handshake.incomplete@3', 'tcp.reused-ports@3']);
		const f = a.findings.find(x => x.code === 'tcp.reused-ports');
		assert.strictEqual(f?.related[0]?.span.line, 0, 'related: the earlier SYN');
	});

	test('a SYN with another ISN is port reuse even before any answer (§4: not a retransmission)', () => {
		const { a, codes } = run([
			ab('10:00:00.000000', SYN),
			ab('10:00:01.000000', 'Flags [S], seq 2000, win 65535, length 0'),
		]);
		assert.strictEqual(a.connections.length, 2);
		assert.ok(!codes.some(c => c.startsWith('handshake.syn-retransmission')), codes.join());
		assert.ok(codes.includes('tcp.reused-ports@1'));
	});

	test('a SYN on a 4-tuple first seen mid-stream opens a new connection', () => {
		const { a } = run([
			ab('10:00:00.000000', 'Flags [P.], seq 1:11, ack 1, win 1, length 10'),
			ab('10:00:05.000000', SYN), ba('10:00:05.010000', SYNACK), ab('10:00:05.020000', ACK1),
		]);
		assert.deepStrictEqual(a.connections.map(c => c.handshake.state), ['none', 'complete']);
		assert.strictEqual(a.connections[1]?.client, A);
	});

	test('retainPackets false keeps no packet lists (live stream)', () => {
		const tracker = new ConnectionTracker({ retainPackets: false });
		const lines = [ab('10:00:00.000000', SYN), ba('10:00:00.010000', SYNACK), ab('10:00:00.020000', ACK1)];
		lines.forEach((l, i) => {
			const p = parsePacketLine(l, i);
			assert.ok(p.kind === 'packet');
			const record: PacketRecord = {
				index: i, line: i, lastLine: i, protocol: 'tcp', packetNumber: undefined, packetNumberSpan: undefined,
				timestamp: p.header.timestamp, time: p.header.timestamp?.seconds, interfaceName: undefined, direction: undefined,
				tcp: p.tcp, tcpInfo: undefined,
			};
			tracker.add(record);
		});
		assert.deepStrictEqual(tracker.finish(), []);
		assert.deepStrictEqual(tracker.connections[0]?.packets, []);
		assert.strictEqual(tracker.connections[0]?.handshake.state, 'complete');
		assert.strictEqual(tracker.numbering, 'relative'); // ack 1 after ISN 5000
	});
});

suite('connections: handshakes', () => {
	test('complete: roles, ISNs, MSS and wscale of each side', () => {
		const { a, codes } = run([ab('10:00:00.000000', SYN), ba('10:00:00.010000', SYNACK), ab('10:00:00.010500', ACK1)]);
		const c = a.connections[0];
		assert.ok(c);
		assert.deepStrictEqual([c.client, c.server], [A, B]);
		const h = c.handshake;
		assert.deepStrictEqual([h.state, h.clientIsn, h.serverIsn, h.clientMss, h.serverMss, h.clientWscale, h.serverWscale],
			['complete', 1000, 5000, 1460, 1400, 7, 2]);
		assert.ok(Math.abs((h.rttMs ?? NaN) - 10.5) < 1e-6);
		assert.deepStrictEqual(codes, []);
		assert.deepStrictEqual(a.packets.map(p => p.tcpInfo?.fromClient), [true, false, true]);
	});

	test('§4.1: SYN retransmitted, iRTT from the most recent SYN (0.051 s)', () => {
		const { a, codes } = run([
			ab('10:00:00.000000', SYN), ab('10:00:01.000000', SYN),
			ba('10:00:01.050000', SYNACK), ab('10:00:01.051000', ACK1),
		]);
		const h = a.connections[0]?.handshake;
		assert.strictEqual(h?.state, 'complete');
		assert.ok(Math.abs((h.rttMs ?? NaN) - 51) < 1e-6, String(h.rttMs));
		assert.deepStrictEqual(codes, ['handshake.syn-retransmission@1']);
		assert.match(a.findings[0]?.message ?? '', /initial RTO/);
	});

	test('§4.1: SYN-ACK retransmitted is included (iRTT 1.020 s) and reported', () => {
		const { a, codes } = run([
			ab('10:00:00.000000', SYN), ba('10:00:00.010000', SYNACK),
			ba('10:00:01.010000', SYNACK), ab('10:00:01.020000', ACK1),
		]);
		const h = a.connections[0]?.handshake;
		assert.strictEqual(h?.state, 'complete');
		assert.ok(Math.abs((h.rttMs ?? NaN) - 1020) < 1e-6, String(h.rttMs));
		assert.ok(Math.abs((h.synAckToAckMs ?? NaN) - 10) < 1e-6, String(h.synAckToAckMs));
		assert.deepStrictEqual(codes, ['handshake.syn-retransmission@2']);
		assert.deepStrictEqual(h.synAcks, [1, 2]);
	});

	test('no iRTT without timestamps (-t)', () => {
		const { a } = run([`IP ${A} > ${B}: ${SYN}`, `IP ${B} > ${A}: ${SYNACK}`, `IP ${A} > ${B}: ${ACK1}`]);
		assert.strictEqual(a.connections[0]?.handshake.state, 'complete');
		assert.strictEqual(a.connections[0]?.handshake.rttMs, undefined);
	});

	test('SYN-ACK acking the wrong number: error on its ack digits, related the SYN, then incomplete', () => {
		const lines = [
			ab('10:00:00.000000', SYN),
			ba('10:00:00.010000', 'Flags [S.], seq 5000, ack 1005, win 65535, length 0'),
			ab('10:00:00.010100', 'Flags [R], seq 1005, win 0, length 0'),
		];
		const { a, codes } = run(lines);
		assert.deepStrictEqual(codes, ['handshake.incomplete@0', 'handshake.synack-ack-mismatch@1']);
		const f = a.findings.find(x => x.code === 'handshake.synack-ack-mismatch');
		assert.strictEqual(lines[1]?.slice(f?.span.start, f?.span.end), '1005');
		assert.strictEqual(f?.related[0]?.span.line, 0);
		assert.match(f?.message ?? '', /1001/);
		assert.strictEqual(a.connections[0]?.handshake.state, 'ack-mismatch');
		assert.strictEqual(a.connections[0]?.handshake.rttMs, undefined);
	});

	test('TFO: a SYN-ACK acking ISN + 1 + data, or only ISN + 1, is fine', () => {
		for (const ack of [1001 + 82, 1001]) {
			const { a, codes } = run([
				ab('10:00:00.000000', 'Flags [S], seq 1000:1082, win 65535, options [tfo  cookie 3fa1c2d49b0e7716], length 82'),
				ba('10:00:00.010000', `Flags [S.], seq 5000, ack ${ack}, win 65535, length 0`),
				ab('10:00:00.020000', `Flags [.], ack 1, win 502, length 0`),
			]);
			assert.deepStrictEqual(codes, [], String(ack));
			assert.strictEqual(a.connections[0]?.handshake.state, 'complete');
		}
	});

	test('final ACK acking the wrong number: ack-mismatch on its ack, related the SYN-ACK', () => {
		const lines = [ab('10:00:00.000000', SYN), ba('10:00:00.010000', SYNACK), ab('10:00:00.020000', 'Flags [.], ack 5, win 502, length 0')];
		const { a, codes } = run(lines);
		assert.deepStrictEqual(codes, ['handshake.ack-mismatch@2', 'handshake.incomplete@0']);
		const f = a.findings.find(x => x.code === 'handshake.ack-mismatch');
		assert.strictEqual(lines[2]?.slice(f?.span.start, f?.span.end), '5');
		assert.strictEqual(f?.related[0]?.span.line, 1);
		assert.strictEqual(f?.severity, 'error');
	});

	test('no final ACK but client data acking the SYN-ACK: complete', () => {
		const { a, codes } = run([ab('10:00:00.000000', SYN), ba('10:00:00.010000', SYNACK), ab('10:00:00.020000', 'Flags [P.], seq 1:11, ack 1, win 502, length 10')]);
		assert.deepStrictEqual(codes, []);
		assert.strictEqual(a.connections[0]?.handshake.state, 'complete');
	});

	test('SYN-ACK without its final ACK: incomplete, saying what is missing and how long before the end', () => {
		const { a, codes } = run([ab('10:00:00.000000', SYN), ba('10:00:00.010000', SYNACK), '10:00:03.010000 IP 10.9.9.9.1 > 10.9.9.8.2: Flags [.], ack 1, win 1, length 0']);
		assert.deepStrictEqual(codes, ['handshake.incomplete@0']);
		const f = a.findings.find(x => x.code === 'handshake.incomplete');
		assert.match(f?.message ?? '', /no final ACK/);
		assert.match(f?.message ?? '', /3\.000 s before the end/);
		assert.strictEqual(f?.related[0]?.span.line, 1, 'related: the last handshake packet');
		assert.strictEqual(a.connections[0]?.handshake.state, 'incomplete');
	});

	test('refused: RST-ACK answering the SYN (4.99.3 shape), no iRTT', () => {
		const lines = [ab('10:00:00.000000', SYN), ba('10:00:00.000210', 'Flags [R.], seq 0, ack 1001, win 0, length 0')];
		const { a, codes } = run(lines);
		assert.deepStrictEqual(codes, ['handshake.refused@1']);
		const f = a.findings[0];
		assert.strictEqual(lines[1]?.slice(f?.span.start, f?.span.end), 'R.');
		assert.strictEqual(f?.related[0]?.span.line, 0);
		assert.deepStrictEqual([a.connections[0]?.handshake.state, a.connections[0]?.handshake.rst, a.connections[0]?.handshake.rttMs], ['refused', 1, undefined]);
	});

	test('a RST after a valid SYN-ACK is not a refusal', () => {
		const { codes } = run([ab('10:00:00.000000', SYN), ba('10:00:00.010000', SYNACK), ba('10:00:00.020000', 'Flags [R], seq 5001, win 0, length 0')]);
		assert.ok(!codes.some(c => c.startsWith('handshake.refused')), codes.join());
	});

	test('SYN-ACK first (SYN not captured): roles from the SYN-ACK', () => {
		const { a, codes } = run([ba('10:00:00.010000', SYNACK), ab('10:00:00.020000', ACK1)]);
		assert.deepStrictEqual([a.connections[0]?.client, a.connections[0]?.server], [A, B]);
		assert.deepStrictEqual([a.connections[0]?.handshake.clientIsn, a.connections[0]?.handshake.serverIsn], [1000, 5000]);
		assert.deepStrictEqual(codes, []);
	});

	test('simultaneous open: state simultaneous, SYN-ACKs not retransmissions', () => {
		const { a, codes } = run([
			ab('10:00:00.000000', SYN),
			ba('10:00:00.000400', 'Flags [S], seq 5000, win 65535, length 0'),
			ab('10:00:00.010500', 'Flags [S.], seq 1000, ack 5001, win 65535, length 0'),
			ba('10:00:00.010800', 'Flags [S.], seq 5000, ack 1001, win 65535, length 0'),
			ab('10:00:00.020800', 'Flags [P.], seq 1:14, ack 1, win 502, length 13'),
		]);
		assert.deepStrictEqual(codes, []);
		assert.strictEqual(a.connections[0]?.handshake.state, 'simultaneous');
		assert.strictEqual(a.connections.length, 1);
	});

	test('simultaneous open with a wrong ack in one SYN-ACK: mismatch', () => {
		const { a, codes } = run([
			ab('10:00:00.000000', SYN),
			ba('10:00:00.000400', 'Flags [S], seq 5000, win 65535, length 0'),
			ab('10:00:00.010500', 'Flags [S.], seq 1000, ack 5009, win 65535, length 0'),
			ba('10:00:00.010800', 'Flags [S.], seq 5000, ack 1001, win 65535, length 0'),
		]);
		assert.ok(codes.includes('handshake.synack-ack-mismatch@2'), codes.join());
		assert.strictEqual(a.connections[0]?.handshake.state, 'ack-mismatch');
	});

	test('a live reader emits findings through onFinding as they are known', () => {
		const seen: string[] = [];
		const r = new CaptureReader({ retainPackets: false, onFinding: f => seen.push(`${f.code}@${f.span.line}`) });
		r.push(ab('10:00:00.000000', SYN));
		r.push(ab('10:00:01.000000', SYN));
		// a record is complete when the next line shows it has no more continuation lines
		r.push('10:00:01.500000 ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28');
		assert.deepStrictEqual(seen, ['handshake.syn-retransmission@1']);
		r.finish();
		assert.deepStrictEqual(seen, ['handshake.syn-retransmission@1', 'handshake.incomplete@0']);
	});
});
