/**
 * Rule-by-rule tests of src/core/analysis.ts on small tcpdump snippets (4.99.3 output shapes from
 * tcp-analysis.md and tcpdump-text-format.md). The snippets are fed through the real line parser;
 * connection tracking is done here by a tiny stand-in (absolute numbers as printed, `-S` style, or
 * mid-stream relative numbers that are consistent within the snippet), so these tests exercise the
 * analyzer alone. Expected verdicts are Wireshark's documented ones, checked by hand.
 */
import * as assert from 'assert';
import { createTcpAnalyzer, createDetailedTcpAnalyzer, WS, type TcpAnalyzer, type WiresharkVerdict } from '../../src/core/analysis';
import { parsePacketLine } from '../../src/core/packetLine';
import type { Connection, Finding, Handshake, PacketRecord } from '../../src/core/types';

interface Run {
	findings: Finding[];
	verdicts: (WiresharkVerdict | undefined)[];
	analyzer: TcpAnalyzer;
	records: PacketRecord[];
	lines: string[];
}

function emptyHandshake(): Handshake {
	return {
		state: 'none', syn: undefined, synAck: undefined, ack: undefined, rst: undefined, syns: [], synAcks: [],
		clientIsn: undefined, serverIsn: undefined, clientMss: undefined, serverMss: undefined,
		clientWscale: undefined, serverWscale: undefined, clientSackOk: false, serverSackOk: false,
		clientTimestamps: false, serverTimestamps: false, synDataLength: 0, rttMs: undefined,
		synToSynAckMs: undefined, synAckToAckMs: undefined, problem: undefined,
	};
}

/** Feeds the lines (one connection) to a fresh analyzer. */
function run(lines: string[]): Run {
	const analyzer = createDetailedTcpAnalyzer();
	const conn: Connection = {
		index: 0, endpoints: ['', ''], client: undefined, server: undefined, packets: [], numbering: 'absolute',
		handshake: emptyHandshake(),
	};
	const findings: Finding[] = [];
	const verdicts: (WiresharkVerdict | undefined)[] = [];
	const records: PacketRecord[] = [];
	let endpoints: [string, string] | undefined;
	let client: string | undefined;
	let hs = emptyHandshake();
	lines.forEach((text, line) => {
		const parsed = parsePacketLine(text, line);
		assert.strictEqual(parsed.kind, 'packet', `not a packet line: ${text}`);
		if (parsed.kind !== 'packet' || !parsed.tcp) {
			throw new Error(`no TCP part: ${text}`);
		}
		const tcp = parsed.tcp;
		endpoints ??= [tcp.src.text, tcp.dst.text];
		const fromFirst = tcp.src.text === endpoints[0];
		const index = records.length;
		if (tcp.flags?.syn && !tcp.flags.ack) {
			client ??= tcp.src.text;
			if (tcp.src.text === client) {
				hs = { ...hs, syn: index, syns: [...hs.syns, index], clientIsn: tcp.seq?.start, clientWscale: tcp.wscale };
			}
		}
		if (tcp.flags?.syn && tcp.flags.ack) {
			hs = { ...hs, synAck: index, synAcks: [...hs.synAcks, index], serverIsn: tcp.seq?.start, serverWscale: tcp.wscale };
		}
		const record: PacketRecord = {
			index, line, lastLine: line, protocol: 'tcp', packetNumber: undefined, packetNumberSpan: undefined,
			timestamp: parsed.header.timestamp, time: parsed.header.timestamp?.seconds,
			interfaceName: undefined, direction: undefined, tcp,
			tcpInfo: {
				connection: 0,
				fromClient: client === undefined ? undefined : tcp.src.text === client,
				fromFirst,
				absSeq: tcp.seq?.start,
				absSeqEnd: tcp.seq?.end,
				absAck: tcp.flags?.ack ? tcp.ack?.value : undefined,
				seqBaseKnown: true,
				relSeq: undefined,
				relAck: undefined,
			},
		};
		records.push(record);
		const c: Connection = { ...conn, endpoints, client, packets: records.map((r) => r.index), handshake: hs };
		const r = analyzer.analyze(c, record);
		findings.push(...r.findings);
		verdicts.push(r.verdict);
	});
	return { findings, verdicts, analyzer, records, lines };
}

/** `code@line` (1-based) for each finding, in order. */
function codes(r: Run): string[] {
	return r.findings.map((f) => `${f.code}@${f.span.line + 1}`);
}

const C = '10.0.0.1.40080 > 10.0.0.2.80';
const S = '10.0.0.2.80 > 10.0.0.1.40080';

suite('analysis: retransmissions', () => {
	test('the WSUG example: the same 100 bytes again 230 ms later is a retransmission', () => {
		const r = run([
			`22:13:20.020000 IP ${C}: Flags [P.], seq 1:101, ack 1, win 65535, length 100: HTTP`,
			`22:13:20.021000 IP ${C}: Flags [P.], seq 101:201, ack 1, win 65535, length 100: HTTP`,
			`22:13:20.250000 IP ${C}: Flags [P.], seq 1:101, ack 1, win 65535, length 100: HTTP`,
		]);
		assert.deepStrictEqual(codes(r), ['tcp.retransmission@3']);
		const f = r.findings[0]!;
		assert.strictEqual(f.certainty, 'certain');
		assert.match(f.message, /seq 1:101 was already sent on line 1; sent again 230 ms later/);
		assert.deepStrictEqual(f.related.map((x) => x.span.line), [0]);
		// the diagnostic sits on the `1:101` token
		assert.strictEqual(lineText(r, 2).slice(f.span.start, f.span.end), '1:101');
	});

	test('without timestamps (-t) it may be out-of-order: ambiguous, says why', () => {
		const r = run([
			`IP ${C}: Flags [P.], seq 1:101, ack 1, win 65535, length 100`,
			`IP ${C}: Flags [P.], seq 101:201, ack 1, win 65535, length 100`,
			`IP ${C}: Flags [P.], seq 1:101, ack 1, win 65535, length 100`,
		]);
		assert.deepStrictEqual(codes(r), ['tcp.retransmission@3']);
		assert.strictEqual(r.findings[0]!.certainty, 'ambiguous');
		assert.ok(r.findings[0]!.alternatives.includes('tcp.out-of-order'));
		assert.match(r.findings[0]!.message, /without -t/);
		assert.ok((r.verdicts[2]!.undecidable & WS.outOfOrder) !== 0);
	});

	test('an older segment within 3 ms of the newest is out-of-order, not a retransmission', () => {
		const r = run([
			`22:13:20.020000 IP ${C}: Flags [P.], seq 101:201, ack 1, win 65535, length 100`,
			`22:13:20.021000 IP ${C}: Flags [P.], seq 201:301, ack 1, win 65535, length 100`,
			`22:13:20.022000 IP ${C}: Flags [P.], seq 1:101, ack 1, win 65535, length 100`,
		]);
		// line 1 starts the direction (mid-stream): nothing before it to miss
		assert.deepStrictEqual(codes(r), ['tcp.out-of-order@3']);
	});

	test('data the peer already acknowledged is a spurious retransmission (and tshark also sets retransmission)', () => {
		const r = run([
			`22:13:20.020000 IP ${C}: Flags [P.], seq 1:101, ack 1, win 65535, length 100`,
			`22:13:20.040000 IP ${S}: Flags [.], ack 101, win 65535, length 0`,
			`22:13:20.300000 IP ${C}: Flags [P.], seq 1:101, ack 1, win 65535, length 100`,
		]);
		assert.deepStrictEqual(codes(r), ['tcp.spurious-retransmission@3']);
		assert.match(r.findings[0]!.message, /ack 101 on line 2/);
		assert.strictEqual(r.verdicts[2]!.flags, WS.spuriousRetransmission | WS.retransmission);
	});

	test('three duplicate ACKs, then the missing segment within 20 ms: fast retransmission', () => {
		const r = run([
			`22:13:20.000000 IP ${C}: Flags [.], seq 1:1449, ack 1, win 65535, length 1448`,
			`22:13:20.000100 IP ${C}: Flags [.], seq 1449:2897, ack 1, win 65535, length 1448`,
			`22:13:20.000200 IP ${C}: Flags [.], seq 2897:4345, ack 1, win 65535, length 1448`,
			`22:13:20.000300 IP ${C}: Flags [.], seq 4345:5793, ack 1, win 65535, length 1448`,
			`22:13:20.024000 IP ${S}: Flags [.], ack 1449, win 65535, options [nop,nop,sack 1 {2897:4345}], length 0`,
			`22:13:20.024100 IP ${S}: Flags [.], ack 1449, win 65535, options [nop,nop,sack 1 {2897:5793}], length 0`,
			`22:13:20.024200 IP ${S}: Flags [.], ack 1449, win 65535, options [nop,nop,sack 1 {2897:5793}], length 0`,
			`22:13:20.024300 IP ${C}: Flags [.], seq 1449:2897, ack 1, win 65535, length 1448`,
		]);
		assert.deepStrictEqual(codes(r), ['tcp.duplicate-ack@6', 'tcp.duplicate-ack@7', 'tcp.fast-retransmission@8']);
		// SACK blocks: a keep-alive reading is implausible; the dup ACKs are certain enough
		assert.strictEqual(r.findings[0]!.certainty, 'certain');
		assert.match(r.findings[0]!.message, /#1 of line 5/);
		assert.match(r.findings[1]!.message, /#2 of line 5/);
		assert.strictEqual(r.verdicts[7]!.flags, WS.fastRetransmission | WS.retransmission);
	});

	test('a retransmitted SYN-ACK of a simultaneous open is not a retransmission (tshark says it is)', () => {
		const r = run([
			`22:13:20.000000 IP ${C}: Flags [S], seq 1000, win 65535, length 0`,
			`22:13:20.000100 IP ${S}: Flags [S], seq 5000, win 65535, length 0`,
			`22:13:20.001000 IP ${C}: Flags [S.], seq 1000, ack 5001, win 65535, length 0`,
			`22:13:20.001100 IP ${S}: Flags [S.], seq 5000, ack 1001, win 65535, length 0`,
		]);
		assert.deepStrictEqual(codes(r), []);
		assert.ok(r.verdicts[2]!.flags & WS.retransmission);
		assert.ok(r.verdicts[3]!.flags & WS.retransmission);
	});
});

suite('analysis: gaps', () => {
	test('a segment starting after the previous one ended: previous segment not captured', () => {
		const r = run([
			`22:13:20.000000 IP ${C}: Flags [P.], seq 1:101, ack 1, win 65535, length 100`,
			`22:13:20.001000 IP ${C}: Flags [P.], seq 201:301, ack 1, win 65535, length 100`,
		]);
		assert.deepStrictEqual(codes(r), ['tcp.lost-segment@2']);
		assert.match(r.findings[0]!.message, /starts 100 byte\(s\) after the previous segment ended \(expected seq 101\).*common at capture start/);
	});

	test('an ACK beyond everything seen from the peer: ACKed unseen segment', () => {
		const r = run([
			`22:13:20.000000 IP ${C}: Flags [P.], seq 1:101, ack 1, win 65535, length 100`,
			`22:13:20.030000 IP ${S}: Flags [.], ack 301, win 65535, length 0`,
		]);
		assert.deepStrictEqual(codes(r), ['tcp.ack-lost-segment@2']);
		assert.match(r.findings[0]!.message, /ack 301 acknowledges data beyond .* \(up to 101\)/);
	});
});

suite('analysis: duplicate ACKs and keep-alives', () => {
	const head = [
		`22:13:20.000000 IP ${C}: Flags [P.], seq 1:11, ack 1, win 65535, length 10`,
		`22:13:20.030000 IP ${S}: Flags [.], ack 11, win 65535, length 0`,
	];

	test('default verbosity: a repeated pure ACK is a dup ACK, marked ambiguous with the keep-alive readings', () => {
		const r = run([...head, `22:13:20.031000 IP ${S}: Flags [.], ack 11, win 65535, length 0`]);
		assert.deepStrictEqual(codes(r), ['tcp.duplicate-ack@3']);
		const f = r.findings[0]!;
		assert.strictEqual(f.certainty, 'ambiguous');
		assert.deepStrictEqual([...f.alternatives].sort(), ['tcp.keep-alive', 'tcp.keep-alive-ack']);
		assert.match(f.message, /-vv/);
	});

	test('default verbosity: after an idle minute with nothing outstanding, the repeat reads as keep-alive, the answer as keep-alive ACK', () => {
		const r = run([
			...head,
			`22:14:20.031000 IP ${C}: Flags [.], ack 1, win 65535, length 0`,
			`22:14:20.061000 IP ${S}: Flags [.], ack 11, win 65535, length 0`,
		]);
		// the tcp-analysis.md §3 example; tshark: [TCP Keep-Alive], [TCP Keep-Alive ACK]
		assert.deepStrictEqual(codes(r), ['tcp.keep-alive@3', 'tcp.keep-alive-ack@4']);
		assert.ok(r.findings.every((f) => f.certainty === 'ambiguous'));
	});

	test('-vv prints the pure ACK\'s seq: keep-alive (seq one below) and its ACK are certain', () => {
		const r = run([
			`22:13:20.000000 IP ${C}: Flags [P.], seq 1:11, ack 1, win 65535, length 10`,
			`22:13:20.030000 IP ${S}: Flags [.], seq 1, ack 11, win 65535, length 0`,
			`22:13:21.031000 IP ${C}: Flags [.], seq 10, ack 1, win 65535, length 0`,
			`22:13:21.061000 IP ${S}: Flags [.], seq 1, ack 11, win 65535, length 0`,
		]);
		assert.deepStrictEqual(codes(r), ['tcp.keep-alive@3', 'tcp.keep-alive-ack@4']);
		assert.ok(r.findings.every((f) => f.certainty === 'certain'));
	});

	test('-vv: the same ACK with seq == next expected is a certain duplicate ACK', () => {
		const r = run([
			`22:13:20.000000 IP ${C}: Flags [P.], seq 1:11, ack 1, win 65535, length 10`,
			`22:13:20.030000 IP ${S}: Flags [.], seq 1, ack 11, win 65535, length 0`,
			`22:13:20.031000 IP ${S}: Flags [.], seq 1, ack 11, win 65535, length 0`,
		]);
		assert.deepStrictEqual(codes(r), ['tcp.duplicate-ack@3']);
		assert.strictEqual(r.findings[0]!.certainty, 'certain');
	});

	test('a 1-byte keep-alive looks like a retransmission, keep-alive wins', () => {
		const r = run([
			`22:13:20.000000 IP ${C}: Flags [P.], seq 1:11, ack 1, win 65535, length 10`,
			`22:13:20.030000 IP ${S}: Flags [.], ack 11, win 65535, length 0`,
			`22:14:20.000000 IP ${C}: Flags [.], seq 10:11, ack 1, win 65535, length 1`,
		]);
		assert.deepStrictEqual(codes(r), ['tcp.keep-alive@3']);
		assert.strictEqual(r.findings[0]!.certainty, 'certain');
	});
});

suite('analysis: windows', () => {
	const handshake = [
		`22:13:20.000000 IP ${C}: Flags [S], seq 1000, win 65535, options [mss 1460,wscale 2], length 0`,
		`22:13:20.010000 IP ${S}: Flags [S.], seq 5000, ack 1001, win 300, options [mss 1460,wscale 2], length 0`,
		`22:13:20.011000 IP ${C}: Flags [.], ack 5001, win 16384, length 0`,
	];

	test('win 0 is a zero window; a 1-byte probe and the still-zero answer are named', () => {
		const r = run([
			`22:13:20.000000 IP ${C}: Flags [P.], seq 1:401, ack 1, win 65535, length 400`,
			`22:13:20.030000 IP ${S}: Flags [.], ack 401, win 0, length 0`,
			`22:13:20.230000 IP ${C}: Flags [.], seq 401:402, ack 1, win 65535, length 1`,
			`22:13:20.260000 IP ${S}: Flags [.], ack 401, win 0, length 0`,
		]);
		assert.deepStrictEqual(codes(r), ['tcp.zero-window@2', 'tcp.zero-window-probe@3', 'tcp.zero-window@4', 'tcp.zero-window-probe-ack@4']);
	});

	test('a zero-window probe after the handshake is not "window full", though it passes the closed window', () => {
		const r = run([
			...handshake,
			`22:13:20.012000 IP ${C}: Flags [P.], seq 1001:1101, ack 5001, win 16384, length 100`,
			`22:13:20.022000 IP ${S}: Flags [.], ack 1101, win 0, length 0`,
			`22:13:20.222000 IP ${C}: Flags [.], seq 1101:1102, ack 5001, win 16384, length 1`,
		]);
		assert.deepStrictEqual(codes(r), ['tcp.zero-window@5', 'tcp.zero-window-probe@6']);
	});

	test('raw window change without an effective change (SYN-ACK win 300 unscaled, then win 75 << 2): no update, tshark says update', () => {
		const r = run([
			...handshake,
			`22:13:20.012000 IP ${S}: Flags [.], ack 1001, win 75, length 0`,
		]);
		assert.deepStrictEqual(codes(r), []);
		assert.strictEqual(r.verdicts[3]!.flags, WS.windowUpdate);
	});

	test('the same ack with a larger window is a window update (hint); a smaller one is a shrink (information)', () => {
		const r = run([
			`22:13:20.000000 IP ${C}: Flags [P.], seq 1:101, ack 1, win 65535, length 100`,
			`22:13:20.030000 IP ${S}: Flags [.], ack 101, win 30000, length 0`,
			`22:13:20.040000 IP ${S}: Flags [.], ack 101, win 60000, length 0`,
			`22:13:20.050000 IP ${S}: Flags [.], ack 101, win 30000, length 0`,
		]);
		assert.deepStrictEqual(codes(r), ['tcp.window-update@3', 'tcp.window-update@4']);
		assert.strictEqual(r.findings[0]!.severity, 'hint');
		assert.match(r.findings[0]!.message, /grew from 30000 to 60000/);
		assert.strictEqual(r.findings[1]!.severity, 'information');
		assert.match(r.findings[1]!.message, /shrank from 60000 to 30000/);
	});

	test('a segment ending exactly at the peer\'s scaled window edge fills the window; beyond it overshoots', () => {
		// server window after line 5: ack 1101 + 75 << 2 = 1401
		const base = [
			...handshake,
			`22:13:20.012000 IP ${C}: Flags [P.], seq 1001:1101, ack 5001, win 16384, length 100`,
			`22:13:20.022000 IP ${S}: Flags [.], ack 1101, win 75, length 0`,
		];
		const exact = run([...base, `22:13:20.023000 IP ${C}: Flags [P.], seq 1101:1401, ack 5001, win 16384, length 300`]);
		assert.deepStrictEqual(codes(exact), ['tcp.window-full@6']);
		assert.ok(exact.verdicts[5]!.flags & WS.windowFull);
		const over = run([...base, `22:13:20.023000 IP ${C}: Flags [P.], seq 1101:1501, ack 5001, win 16384, length 400`]);
		assert.deepStrictEqual(codes(over), ['tcp.window-full@6']);
		assert.match(over.findings[0]!.message, /overshoots .* by 100 byte/);
		// tshark flags equality only
		assert.strictEqual(over.verdicts[5]!.flags & WS.windowFull, 0);
	});

	test('mid-stream the scale is unknown: no window-full finding, and the verdict says undecidable', () => {
		const r = run([
			`22:13:20.012000 IP ${C}: Flags [P.], seq 1001:1101, ack 5001, win 16384, length 100`,
			`22:13:20.022000 IP ${S}: Flags [.], ack 1101, win 75, length 0`,
			`22:13:20.023000 IP ${C}: Flags [P.], seq 1101:1176, ack 5001, win 16384, length 75`,
		]);
		assert.deepStrictEqual(codes(r), []);
		assert.ok(r.verdicts[2]!.undecidable & WS.windowFull);
	});
});

suite('analysis: clean connections and statistics', () => {
	const clean = [
		`22:13:20.000000 IP ${C}: Flags [S], seq 1000, win 65535, options [mss 1460,wscale 7], length 0`,
		`22:13:20.024000 IP ${S}: Flags [S.], seq 5000, ack 1001, win 65535, options [mss 1460,wscale 7], length 0`,
		`22:13:20.024100 IP ${C}: Flags [.], ack 5001, win 502, length 0`,
		`22:13:20.024200 IP ${C}: Flags [P.], seq 1001:1101, ack 5001, win 502, length 100: HTTP: GET / HTTP/1.1`,
		`22:13:20.048000 IP ${S}: Flags [.], ack 1101, win 509, length 0`,
		`22:13:20.049000 IP ${S}: Flags [P.], seq 5001:6449, ack 1101, win 509, length 1448: HTTP: HTTP/1.1 200 OK`,
		`22:13:20.049100 IP ${C}: Flags [.], ack 6449, win 501, length 0`,
		`22:13:20.050000 IP ${C}: Flags [F.], seq 1101, ack 6449, win 501, length 0`,
		`22:13:20.074000 IP ${S}: Flags [F.], seq 6449, ack 1102, win 509, length 0`,
		`22:13:20.074100 IP ${C}: Flags [.], ack 6450, win 501, length 0`,
	];

	test('a normal connection gives no tcp.* finding', () => {
		assert.deepStrictEqual(codes(run(clean)), []);
	});

	test('statistics: packets and bytes each way, ending, completeness 31', () => {
		const r = run(clean);
		const s = r.analyzer.stats(0)!;
		assert.strictEqual(s.packets, 10);
		assert.deepStrictEqual([s.directions[0].packets, s.directions[0].bytes], [6, 100]);
		assert.deepStrictEqual([s.directions[1].packets, s.directions[1].bytes], [4, 1448]);
		assert.strictEqual(s.endedBy, 'fin');
		assert.strictEqual(s.endedFrom, '10.0.0.1.40080');
		assert.ok(Math.abs(s.durationS! - 0.0741) < 1e-9);
		// SYN 1 + SYN-ACK 2 + ACK 4 + DATA 8 + FIN 16 (WSUG: "Complete, WITH_DATA")
		assert.strictEqual(s.completenessValue, 31);
		assert.strictEqual(s.retransmittedBytes, 0);
	});

	test('refused: SYN + RST-ACK is 37, as tshark reports', () => {
		const r = run([
			`22:13:20.000000 IP ${C}: Flags [S], seq 1000, win 65535, length 0`,
			`22:13:20.010000 IP ${S}: Flags [R.], seq 0, ack 1001, win 0, length 0`,
		]);
		assert.deepStrictEqual(codes(r), []);
		assert.strictEqual(r.analyzer.stats(0)!.completenessValue, 37);
		assert.strictEqual(r.analyzer.stats(0)!.endedBy, 'rst');
	});

	test('never throws on odd input (no tcpInfo, -q lines)', () => {
		const a = createTcpAnalyzer();
		const parsed = parsePacketLine(`22:13:20.000000 IP ${C}: tcp 100`, 0);
		assert.ok(parsed.kind === 'packet' && parsed.tcp);
		const rec = {
			index: 0, line: 0, lastLine: 0, protocol: 'tcp', packetNumber: undefined, packetNumberSpan: undefined,
			timestamp: undefined, time: undefined, interfaceName: undefined, direction: undefined,
			tcp: parsed.kind === 'packet' ? parsed.tcp : undefined,
			tcpInfo: { connection: 0, fromClient: undefined, fromFirst: true, absSeq: undefined, absSeqEnd: undefined, absAck: undefined, seqBaseKnown: false, relSeq: undefined, relAck: undefined },
		} satisfies PacketRecord;
		const conn: Connection = { index: 0, endpoints: ['a', 'b'], client: undefined, server: undefined, packets: [0], numbering: 'unknown', handshake: emptyHandshake() };
		assert.deepStrictEqual(a.onPacket(conn, rec), []);
		assert.deepStrictEqual(a.onPacket(conn, { ...rec, tcpInfo: undefined }), []);
		assert.strictEqual(a.stats(0)!.packets, 1);
	});
});

function lineText(r: Run, line: number): string {
	return r.lines[line] ?? '';
}
