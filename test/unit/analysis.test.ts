/**
 * Rule-by-rule tests of src/core/analyse/analysis.ts on small tcpdump snippets (4.99.3 output shapes from
 * tcp-analysis.md and tcpdump-text-format.md). The snippets are fed through the real line parser;
 * connection tracking is done here by a tiny stand-in (absolute numbers as printed, `-S` style, or
 * mid-stream relative numbers that are consistent within the snippet), so these tests exercise the
 * analyzer alone. Expected verdicts are Wireshark's documented ones, checked by hand.
 */
import * as assert from 'assert';
import { createTcpAnalyzer, createDetailedTcpAnalyzer, WS, type TcpAnalyzer, type WiresharkVerdict } from '../../src/core/analyse/analysis';
import { analyzeText, type CaptureAnalysis } from '../../src/core/store/capture';
import { parsePacketLine } from '../../src/core/scan/packetLine';
import type { Connection, Finding, Handshake, PacketRecord } from '../../src/core/types';
import { fixtureLines, loadTshark, readFixture, spanText } from './fixtures';

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

	test('the same ack with a larger window is a window update (hint); a smaller one is tcp.window-shrunk (information)', () => {
		const r = run([
			`22:13:20.000000 IP ${C}: Flags [P.], seq 1:101, ack 1, win 65535, length 100`,
			`22:13:20.030000 IP ${S}: Flags [.], ack 101, win 30000, length 0`,
			`22:13:20.040000 IP ${S}: Flags [.], ack 101, win 60000, length 0`,
			`22:13:20.050000 IP ${S}: Flags [.], ack 101, win 30000, length 0`,
		]);
		assert.deepStrictEqual(codes(r), ['tcp.window-update@3', 'tcp.window-shrunk@4']);
		assert.strictEqual(r.findings[0]!.severity, 'hint');
		assert.match(r.findings[0]!.message, /grew from 30000 to 60000/);
		assert.strictEqual(r.findings[1]!.severity, 'information');
		// mid-stream: the scale is unknown, so raw windows with the same ack
		assert.match(r.findings[1]!.message, /shrank from 60000 to 30000 \(raw; scale unknown\) with the same ack: the right edge moved left by 30000/);
		assert.deepStrictEqual(r.findings[1]!.related.map((x) => x.span.line), [2]);
		// tshark: any raw change is a window update
		assert.strictEqual(r.verdicts[3]!.flags, WS.windowUpdate);
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

// ---------------------------------------------------------------------------------------------
// On real tcpdump output of the fixtures (test/fixtures/<case>/, crafted with scapy, rendered by
// tcpdump 4.99.3, tshark 4.0.17's verdict in tshark.json): the whole pipeline, tracker included.

/** `frame:code` (1-based frame = packet order, the same in every format) for each finding. */
function frameCodes(a: CaptureAnalysis, only?: (code: string) => boolean): string[] {
	return a.findings.filter((f) => !only || only(f.code)).map((f) => `${f.packet + 1}:${f.code}`);
}

function fixture(c: string, format: string): { a: CaptureAnalysis; lines: string[] } {
	return { a: analyzeText(readFixture(c, `${format}.txt`)), lines: fixtureLines(c, `${format}.txt`) };
}

suite('analysis: Linux 0-byte zero-window probes (zero-window-probe-0byte)', () => {
	// the server has data to send; the client advertised win 0 (frame 8). Linux probes with no
	// data and seq snd_una - 1 (frames 9, 11, 13, 15, at 206, 412, 824, 1648 ms: the backed-off
	// probe timer); the client answers each with the same ack and win 0. tshark: keep_alive on
	// the probes, zero_window on the answers, window_update on frame 17.
	const probes = [9, 11, 13, 15];
	const answers = [10, 12, 14, 16];

	test('tshark calls the probes keep-alives (the fixture is what it claims)', () => {
		const t = loadTshark('zero-window-probe-0byte');
		assert.deepStrictEqual(probes.map((n) => t.frames[n - 1]!.flags), probes.map(() => ['tcp.analysis.keep_alive']));
		assert.deepStrictEqual(probes.map((n) => t.frames[n - 1]!.len), [0, 0, 0, 0]);
	});

	for (const format of ['nn', 'tttt', 't', 'e']) {
		test(`${format}.txt: each probe is a zero-window probe, not a duplicate ACK or keep-alive; each answer a probe ACK`, () => {
			const { a, lines } = fixture('zero-window-probe-0byte', format);
			const codes = frameCodes(a);
			assert.deepStrictEqual(codes.filter((x) => /duplicate-ack|keep-alive/.test(x)), []);
			for (const n of probes) {
				const f = a.findings.find((x) => x.packet === n - 1 && x.code === 'tcp.zero-window-probe');
				assert.ok(f, `frame ${n}: ${codes.join(' ')}`);
				// default verbosity prints no seq on the probe: the repeated ack right after win 0 is the evidence
				assert.strictEqual(spanText(lines, f.span), '84');
				assert.strictEqual(f.certainty, 'ambiguous');
				assert.deepStrictEqual(f.alternatives, ['tcp.duplicate-ack']);
				assert.match(f.message, /repeats ack 84 with no data right after the peer closed its window \(win 0 on line \d+\): a zero-window probe as Linux sends them .*-vv.*not a duplicate ACK/);
				assert.deepStrictEqual(f.related.map((r) => spanText(lines, r.span)), ['0']);
			}
			for (const n of answers) {
				assert.ok(codes.includes(`${n}:tcp.zero-window`) && codes.includes(`${n}:tcp.zero-window-probe-ack`), `frame ${n}: ${codes.join(' ')}`);
			}
			assert.ok(codes.includes('17:tcp.window-update'));
		});
	}

	test('vv.txt prints the probe\'s seq (2896, one below the next expected 2897): certain', () => {
		const { a, lines } = fixture('zero-window-probe-0byte', 'vv');
		for (const n of probes) {
			const f = a.findings.find((x) => x.packet === n - 1 && x.code === 'tcp.zero-window-probe');
			assert.ok(f, `frame ${n}`);
			assert.strictEqual(spanText(lines, f.span), '2896');
			assert.strictEqual(f.certainty, 'certain');
			assert.match(f.message, /seq 2896, no data, one byte below the next expected sequence number, right after the peer closed its window .*\(tshark: TCP Keep-Alive\)/);
		}
		assert.deepStrictEqual(frameCodes(a).filter((x) => /duplicate-ack|keep-alive/.test(x)), []);
	});

	test('a FIN (or RST) with win 0 closes no window: the repeated ACKs after it are not probes', () => {
		// arkime tests/pcap/wireshark-retrans.pcap (Apache-2.0), tcpdump 4.99.3 -nn, lines 103-108
		const lines = [
			'00:52:19.991115 IP 172.17.96.77.4000 > 172.17.96.143.59221: Flags [F.], seq 577, ack 5224, win 0, options [nop,nop,TS val 1445417374 ecr 685211], length 0',
			'00:52:19.991121 IP 172.17.96.77.4000 > 172.17.96.143.59221: Flags [F.], seq 577, ack 5224, win 0, options [nop,nop,TS val 1445417374 ecr 685211], length 0',
			'00:52:19.991444 IP 172.17.96.143.59221 > 172.17.96.77.4000: Flags [.], ack 578, win 17520, options [nop,nop,TS val 685231 ecr 1445417374], length 0',
			'00:52:19.991453 IP 172.17.96.143.59221 > 172.17.96.77.4000: Flags [.], ack 578, win 17520, options [nop,nop,TS val 685231 ecr 1445417374], length 0',
			'00:52:19.991804 IP 172.17.96.143.59221 > 172.17.96.77.4000: Flags [.], ack 578, win 17520, options [nop,nop,TS val 685231 ecr 1445417374], length 0',
		];
		const a = analyzeText(lines.join('\n'));
		assert.deepStrictEqual(frameCodes(a, (c) => c.startsWith('tcp.zero-window')), []);
	});

	test('the data after the window opens is new data, not a retransmission', () => {
		const { a } = fixture('zero-window-probe-0byte', 'nn');
		assert.deepStrictEqual(frameCodes(a, (c) => c.includes('retransmission') || c.includes('lost')), []);
		assert.strictEqual(a.statsFor(0)!.retransmittedBytes, 0);
	});
});

suite('analysis: the same packet seen twice by -i any (any-duplicates)', () => {
	// a connection over 127.0.0.1 captured with -i any (Linux cooked v2): every segment is seen
	// leaving (lo Out) and, 3 µs later, arriving (lo In). tshark: frames 2, 4 (SYN, SYN-ACK), 8, 12,
	// 16, 18 retransmission, 6, 10, 14, 20 duplicate_ack.
	const copies = [2, 4, 6, 8, 10, 12, 14, 16, 18, 20];

	for (const format of ['nn', 'nnS', 'tt', 'e', 'v', 'num']) {
		test(`${format}.txt: every second line is a copy (hint, naming both), nothing else is reported`, () => {
			const { a, lines } = fixture('any-duplicates', format);
			assert.deepStrictEqual(frameCodes(a), copies.map((n) => `${n}:capture.duplicate-packet`));
			for (const f of a.findings) {
				assert.strictEqual(f.severity, 'hint');
				const first = a.packets[f.packet - 1]!;
				assert.match(f.message, new RegExp(`^The same segment as line ${first.line + 1} \\(lo Out\\), seen again on lo In \\(3 µs later\\): one packet captured twice .*not a retransmission\\.$`));
				assert.deepStrictEqual(f.related.map((r) => r.span.line), [a.packets[f.packet - 1]!.tcp!.line]);
				assert.strictEqual(a.packets[f.packet]!.tcpInfo?.duplicateOf, f.packet - 1);
				// the diagnostic sits on the copy's flags
				assert.match(spanText(lines, f.span), /^(S|S\.|\.|P\.|F\.)$/);
			}
		});
	}

	test('the copies do not disturb the analysis: handshake complete once, bytes counted once, no retransmitted bytes', () => {
		const { a } = fixture('any-duplicates', 'nn');
		assert.strictEqual(a.connections.length, 1);
		const hs = a.connections[0]!.handshake;
		assert.strictEqual(hs.state, 'complete');
		assert.deepStrictEqual([hs.syns.length, hs.synAcks.length], [1, 1]);
		// SYN as first seen (0) to the final ACK as first seen (66 µs); tshark starts at the SYN's copy
		assert.ok(Math.abs(hs.rttMs! - 0.066) < 1e-6, String(hs.rttMs));
		const s = a.statsFor(0)!;
		assert.strictEqual(s.packets, 20);
		assert.strictEqual(s.duplicatePackets, 10);
		// GET /any (82 bytes) and the 382-byte response, once each
		assert.deepStrictEqual(s.directions.map((d) => d.bytes), [82, 382]);
		assert.strictEqual(s.retransmittedBytes, 0);
	});

	test('t.txt (no timestamps): still copies, and the message says there are no times to compare', () => {
		const { a } = fixture('any-duplicates', 't');
		assert.deepStrictEqual(frameCodes(a), copies.map((n) => `${n}:capture.duplicate-packet`));
		assert.match(a.findings[0]!.message, /seen again on lo In \(no timestamps to compare\)/);
	});

	// lines in tcpdump 4.99.3's -i any shape (tcpdump-text-format.md §5), two interfaces of a host
	// that forwards (a container behind a bridge): the same segment arrives on eth0, leaves on docker0
	const fwd = [
		'10:00:00.000000 eth0  In  IP 198.51.100.20.51000 > 172.17.0.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7], length 0',
		'10:00:00.000041 docker0 Out IP 198.51.100.20.51000 > 172.17.0.2.80: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7], length 0',
		'10:00:00.000090 docker0 In  IP 172.17.0.2.80 > 198.51.100.20.51000: Flags [S.], seq 5000, ack 1001, win 65160, options [mss 1460,sackOK,TS val 900 ecr 100,nop,wscale 7], length 0',
		'10:00:00.000120 eth0  Out IP 172.17.0.2.80 > 198.51.100.20.51000: Flags [S.], seq 5000, ack 1001, win 65160, options [mss 1460,sackOK,TS val 900 ecr 100,nop,wscale 7], length 0',
		'10:00:00.020000 eth0  In  IP 198.51.100.20.51000 > 172.17.0.2.80: Flags [P.], seq 1:101, ack 1, win 502, options [nop,nop,TS val 120 ecr 900], length 100',
		'10:00:00.020040 docker0 Out IP 198.51.100.20.51000 > 172.17.0.2.80: Flags [P.], seq 1:101, ack 1, win 502, options [nop,nop,TS val 120 ecr 900], length 100',
		'10:00:00.250000 eth0  In  IP 198.51.100.20.51000 > 172.17.0.2.80: Flags [P.], seq 1:101, ack 1, win 502, options [nop,nop,TS val 350 ecr 900], length 100',
		'10:00:00.250040 docker0 Out IP 198.51.100.20.51000 > 172.17.0.2.80: Flags [P.], seq 1:101, ack 1, win 502, options [nop,nop,TS val 350 ecr 900], length 100',
	];

	test('two interfaces: copies name both; a real retransmission between copies is still one, once', () => {
		const a = analyzeText(fwd.join('\n'));
		assert.deepStrictEqual(frameCodes(a), [
			'2:capture.duplicate-packet', '4:capture.duplicate-packet', '6:capture.duplicate-packet',
			'7:tcp.retransmission', '8:capture.duplicate-packet',
		]);
		assert.match(a.findings[0]!.message, /^The same segment as line 1 \(eth0 In\), seen again on docker0 Out \(41 µs later\)/);
		assert.match(a.findings.find((f) => f.code === 'tcp.retransmission')!.message, /seq 1:101 was already sent on line 5; sent again 230 ms later/);
		assert.strictEqual(a.statsFor(0)!.retransmittedBytes, 100);
	});

	test('the same segment on the same interface and direction, or without -i any, is not taken as a copy', () => {
		const same = analyzeText([fwd[4]!, fwd[4]!.replace('10:00:00.020000', '10:00:00.020040')].join('\n'));
		assert.deepStrictEqual(frameCodes(same), ['2:tcp.retransmission']);
		const plain = (l: string) => l.replace(/^(\S+) \S+ +(In|Out) +/, '$1 ');
		const noAny = analyzeText([fwd[4]!, fwd[5]!].map(plain).join('\n'));
		assert.deepStrictEqual(frameCodes(noAny), ['2:tcp.retransmission']);
	});

	test('more than a millisecond apart is not a copy', () => {
		const late = analyzeText([fwd[4]!, fwd[5]!.replace('10:00:00.020040', '10:00:00.021500')].join('\n'));
		assert.deepStrictEqual(frameCodes(late), ['2:tcp.retransmission']);
	});
});

suite('analysis: a shrinking window (window-shrunk)', () => {
	// wscale 7 both ways. Frame 7: ack 1001, win 502 (edge 1001 + 64256 = 65257); frame 8: same
	// ack, win 300 (38400 B): the edge moves left by 25856; frame 9: win 502 again (window update);
	// frame 11: ack 2001, win 400: edge 2001 + 51200 = 53201, 12056 left of 65257.
	// tshark: window_update on 8 and 9 (any raw change with the same ack), nothing on 11.
	test('tshark sees two window updates (the fixture is what it claims)', () => {
		const t = loadTshark('window-shrunk');
		assert.deepStrictEqual(t.frames.filter((f) => f.flags.length > 0).map((f) => `${f.frame}:${f.flags.join(',')}`),
			['8:tcp.analysis.window_update', '9:tcp.analysis.window_update']);
	});

	for (const format of ['nn', 'nnS', 'vv', 'X']) {
		test(`${format}.txt: the same-ack shrink and the ack-advancing shrink are tcp.window-shrunk; the growth a window update`, () => {
			const { a, lines } = fixture('window-shrunk', format);
			assert.deepStrictEqual(frameCodes(a), ['8:tcp.window-shrunk', '9:tcp.window-update', '11:tcp.window-shrunk']);
			const [same, update, advancing] = a.findings;
			assert.strictEqual(same!.severity, 'information');
			assert.strictEqual(spanText(lines, same!.span), '300');
			assert.match(same!.message, /^window shrank from 64256 to 38400 bytes \(win × 128\) with the same ack: the right edge moved left by 25856 bytes \(RFC 9293 §3\.8\.6/);
			assert.deepStrictEqual(same!.related.map((r) => spanText(lines, r.span)), ['502']);
			assert.strictEqual(update!.severity, 'hint');
			assert.match(update!.message, /grew from 38400 to 64256/);
			assert.strictEqual(spanText(lines, advancing!.span), '400');
			const printedAck = format === 'nnS' ? '1700000080' : '2001';
			assert.ok(advancing!.message.startsWith(`ack ${format === 'nnS' ? '2800002001' : printedAck} + win 400 (51200 bytes) puts the right edge 12056 bytes left of where line `), advancing!.message);
		});
	}

	test('a drop of less than one window unit (2^scale bytes) is rounding, not a shrink', () => {
		const lines = fixtureLines('window-shrunk', 'nn.txt').slice(0, 7);
		// 100 more bytes from the server (frame 6's shape), then frame 7 again with the ack 100 bytes
		// further and the window one unit (128 B) smaller: the edge moves 28 bytes left, less than one unit
		const more = lines[5]!.replace('10:00:00.048710', '10:00:00.048800').replace('seq 1:1001', 'seq 1001:1101').replace('length 1000', 'length 100');
		const rounded = lines[6]!.replace('10:00:00.048750', '10:00:00.048900').replace('ack 1001, win 502', 'ack 1101, win 501');
		assert.ok(more !== lines[5] && rounded !== lines[6]);
		assert.deepStrictEqual(frameCodes(analyzeText([...lines, more, rounded].join('\n'))), []);
		// two units smaller with the same 100 bytes acked: 156 bytes left, a shrink
		const twoUnits = rounded.replace('win 501', 'win 500');
		assert.deepStrictEqual(frameCodes(analyzeText([...lines, more, twoUnits].join('\n'))), ['9:tcp.window-shrunk']);
	});
});

suite('analysis: a window scale shift over 14 (wscale-invalid, zeek window-scale-range)', () => {
	test('wscale-invalid: reported on the option, used as 14: no window-full on the clean transfer', () => {
		const { a, lines } = fixture('wscale-invalid', 'nn');
		assert.deepStrictEqual(frameCodes(a), ['1:tcp.window-scale-invalid']);
		const f = a.findings[0]!;
		assert.strictEqual(f.severity, 'warning');
		assert.strictEqual(spanText(lines, f.span), 'wscale 255');
		assert.strictEqual(f.message, 'wscale 255 asks for a window scale shift above 14, the maximum (RFC 7323 §2.3): the shift is taken as 14 (windows × 16384)');
		assert.strictEqual(a.connections[0]!.handshake.clientWscale, 14);
		assert.strictEqual(a.connections[0]!.handshake.serverWscale, 7);
		// tshark: the same note on frame 1, and window_size 502 << 14 = 8224768 for the client
		assert.deepStrictEqual(loadTshark('wscale-invalid').frames[0]!.flags, ['tcp.options.wscale.shift.invalid']);
	});

	test('the public capture zeek window-scale-range (tcpdump 4.99.3 -nn): the same', () => {
		// testing/btest/Traces/tcp/window-scale-range.pcap of zeek/zeek (BSD-3-Clause), first lines
		const lines = [
			'22:13:20.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 8192, options [mss 1460,wscale 255,eol], length 0',
			'22:13:20.100000 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 5000, ack 1001, win 8192, options [mss 1460,wscale 7,eol], length 0',
			'22:13:20.200000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 1, win 512, length 0',
			'22:13:20.300000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:6, ack 1, win 65535, length 5: HTTP',
			'22:13:20.400000 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [.], ack 6, win 65535, length 0',
		];
		const a = analyzeText(lines.join('\n'));
		assert.deepStrictEqual(frameCodes(a), ['1:tcp.window-scale-invalid']);
		assert.ok(!a.findings.some((f) => /Infinity/.test(f.message)));
	});
});

suite('analysis: retransmittedBytes counts retransmissions only', () => {
	test('out-of-order: the late segment was sent once: 0 retransmitted bytes (tshark: out_of_order only)', () => {
		const { a } = fixture('out-of-order', 'nn');
		assert.deepStrictEqual(loadTshark('out-of-order').frames[6]!.flags, ['tcp.analysis.out_of_order']);
		assert.ok(frameCodes(a).includes('7:tcp.out-of-order'));
		assert.strictEqual(a.statsFor(0)!.retransmittedBytes, 0);
	});

	test('retransmission: the 100 bytes sent again are 100 retransmitted bytes', () => {
		const { a } = fixture('retransmission', 'nn');
		assert.strictEqual(a.statsFor(0)!.retransmittedBytes, 100);
		assert.deepStrictEqual(a.statsFor(0)!.directions.map((d) => d.retransmittedBytes), [100, 0]);
	});
});
