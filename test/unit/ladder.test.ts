/**
 * The ladder layout and its exports, on real tcpdump output. Expected values were read off the
 * fixture texts by hand:
 *
 * retransmission/nn.txt (10 lines, one connection):
 *   1 10:00:00.000000 192.168.1.12.40080 > 203.0.113.10.80 [S] seq 3000000000 … mss 1460 … wscale 7
 *   2 10:00:00.024000 203.0.113.10.80 > …40080 [S.] seq 1500000000, ack 3000000001, win 65160
 *   3 10:00:00.024110 [.] ack 1   4 .024310 [P.] seq 1:101   5 .025310 [P.] seq 101:201
 *   6 10:00:00.253310 [P.] seq 1:101 again (retransmission of line 4)   7 .277310 server [.] ack 201
 *   8 .277410 [F.] seq 201   9 .301410 server [F.] seq 1, ack 202   10 .301490 [.] ack 2
 * lost-segment/nn.txt: line 4 seq 1:1001, line 5 seq 2001:3001 (1001:2001 never appears).
 * old-3x-style/seed.txt: 3 lines, no timestamps, `S 4255483971:4255483971(0)`.
 */
import * as assert from 'assert';
import { analyzeText } from '../../src/core/store/capture';
import { ladderAscii } from '../../src/core/features/ladder/ascii';
import { findConnection, formatOffset, ladderLayout, type Ladder } from '../../src/core/features/ladder/layout';
import { ladderMermaid, mermaidText } from '../../src/core/features/ladder/mermaid';
import { escapeXml, ladderSvg } from '../../src/core/features/ladder/svg';
import { timeSequenceGraphs } from '../../src/core/features/ladder/timeSequence';
import { runLadder } from '../../src/cliLadder';
import { fixturePath, readFixture } from './fixtures';

function ladderOf(c: string, file: string, options = {}): Ladder {
	const l = ladderLayout(analyzeText(readFixture(c, file)), 0, options);
	assert.ok(l, `no ladder for ${c}/${file}`);
	return l;
}

suite('ladder layout', () => {
	test('retransmission: client left, server right, one arrow per line, directions as printed', () => {
		const l = ladderOf('retransmission', 'nn.txt');
		assert.strictEqual(l.left, '192.168.1.12.40080');
		assert.strictEqual(l.right, '203.0.113.10.80');
		assert.strictEqual(l.rolesKnown, true);
		assert.deepStrictEqual(l.arrows.map(a => a.line), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		// lines 2, 7 and 9 are the server's
		assert.deepStrictEqual(l.arrows.map(a => a.leftToRight), [true, false, true, true, true, true, false, true, false, true]);
	});

	test('labels carry the numbers as tcpdump printed them (relative after the handshake)', () => {
		const l = ladderOf('retransmission', 'nn.txt');
		assert.strictEqual(l.arrows[0]?.label, '[S] seq 3000000000 win 64240 mss 1460 wscale 7');
		assert.strictEqual(l.arrows[1]?.label, '[S.] seq 1500000000 ack 3000000001 win 65160 mss 1460 wscale 7');
		assert.strictEqual(l.arrows[2]?.label, '[.] ack 1 win 502');
		assert.strictEqual(l.arrows[3]?.label, '[P.] seq 1:101(100) ack 1 win 502');
		assert.strictEqual(l.arrows[8]?.label, '[F.] seq 1 ack 202 win 509');
		// -S prints absolute numbers: the label follows
		const abs = ladderOf('retransmission', 'nnS.txt');
		assert.strictEqual(abs.arrows[3]?.label, '[P.] seq 3000000001:3000000101(100) ack 1500000001 win 502');
	});

	test('the retransmission (line 6) links to its original (line 4), which is drawn as presumed lost', () => {
		const l = ladderOf('retransmission', 'nn.txt');
		const retr = l.arrows[5];
		assert.ok(retr);
		assert.deepStrictEqual(retr.findings.map(f => f.code), ['tcp.retransmission']);
		assert.strictEqual(retr.severity, 'information');
		assert.strictEqual(retr.retransmissionOf, 3);
		assert.strictEqual(l.arrows[3]?.line, 3);
		assert.strictEqual(l.arrows[3]?.presumedLost, true);
		assert.deepStrictEqual(l.arrows.filter(a => a.presumedLost).map(a => a.line), [3]);
		assert.deepStrictEqual(l.arrows.filter(a => a.retransmissionOf !== undefined).map(a => a.line), [5]);
	});

	test('handshake and close phases: lines 1-3 handshake, FINs and the last ACK close', () => {
		const l = ladderOf('retransmission', 'nn.txt');
		assert.deepStrictEqual(l.handshakeArrows, [0, 1, 2]);
		assert.deepStrictEqual(l.closeArrows, [7, 8, 9]);
		// iRTT = SYN 0.000000 → ACK 0.024110
		assert.strictEqual(l.handshakeNote, 'handshake complete, iRTT 24.1 ms');
	});

	test('y follows time: 30 px per row plus 400 px per second', () => {
		const l = ladderOf('retransmission', 'nn.txt');
		assert.strictEqual(l.arrows[0]?.y, 30);
		assert.strictEqual(l.arrows[0]?.yEnd, 40);
		// 30 + 30 + 0.024 s × 400
		assert.strictEqual(l.arrows[1]?.y, 69.6);
		assert.strictEqual(l.arrows[5]?.time, 0.25331);
		// arrow 4 at 0.025310 → arrow 5 at 0.253310: 30 + 0.228 × 400 = 121.2 px lower
		assert.strictEqual(Math.round(((l.arrows[5]?.y ?? 0) - (l.arrows[4]?.y ?? 0)) * 100) / 100, 121.2);
		assert.deepStrictEqual(l.gaps, []);
	});

	test('ticks at round times, interpolated between the arrows around them', () => {
		const l = ladderOf('retransmission', 'nn.txt');
		assert.deepStrictEqual(l.ticks.map(t => t.label), ['0', '100 ms', '200 ms', '300 ms']);
		// 100 ms lies between line 5 (0.02531 s) and line 6 (0.25331 s): 32.8 % of the way
		const a4 = l.arrows[4];
		const a5 = l.arrows[5];
		assert.ok(a4 && a5);
		const expected = a4.y + (0.1 - 0.02531) / 0.228 * (a5.y - a4.y);
		assert.ok(Math.abs((l.ticks[1]?.y ?? 0) - expected) < 0.01);
	});

	test('a silence longer than the threshold is compressed and marked', () => {
		const l = ladderOf('retransmission', 'nn.txt', { gapThreshold: 0.1 });
		// the only pause over 100 ms: line 5 → line 6, 228 ms
		assert.strictEqual(l.gaps.length, 1);
		assert.strictEqual(l.gaps[0]?.after, 4);
		assert.ok(Math.abs((l.gaps[0]?.seconds ?? 0) - 0.228) < 1e-9);
		assert.strictEqual((l.arrows[5]?.y ?? 0) - (l.arrows[4]?.y ?? 0), 30 + 30);
		// no tick inside the cut-out time: 100 ms and 200 ms fall in it; 300 ms lies between line 8 (0.27741) and 9 (0.30141)
		assert.deepStrictEqual(l.ticks.map(t => t.label), ['0', '300 ms']);
	});

	test('lost-segment: the segment after the gap (line 5, seq 2001:3001) is marked', () => {
		const l = ladderOf('lost-segment', 'nn.txt');
		assert.deepStrictEqual(l.arrows.filter(a => a.notCapturedBefore).map(a => a.line), [4]);
		assert.ok(l.arrows[4]?.findings.some(f => f.code === 'tcp.lost-segment' && f.severity === 'warning'));
		assert.deepStrictEqual(l.arrows.filter(a => a.presumedLost), []);
	});

	test('no timestamps (3.x seed): rows evenly spaced, no time axis', () => {
		const l = ladderOf('old-3x-style', 'seed.txt');
		assert.deepStrictEqual(l.arrows.map(a => a.y), [30, 60, 90]);
		assert.deepStrictEqual(l.arrows.map(a => a.time), [undefined, undefined, undefined]);
		assert.deepStrictEqual(l.ticks, []);
		assert.strictEqual(l.arrows[0]?.label, '[S] seq 4255483971:4255483971(0) win 65535');
		assert.strictEqual(l.arrows[2]?.label, '[.] ack 4279842715 win 65535');
	});

	test('findConnection: 1-based number, #number, endpoints either way; unknown → undefined', () => {
		const a = analyzeText(readFixture('retransmission', 'nn.txt'));
		assert.strictEqual(findConnection(a, '1')?.index, 0);
		assert.strictEqual(findConnection(a, '#1')?.index, 0);
		assert.strictEqual(findConnection(a, '192.168.1.12.40080-203.0.113.10.80')?.index, 0);
		assert.strictEqual(findConnection(a, '203.0.113.10.80-192.168.1.12.40080')?.index, 0);
		assert.strictEqual(findConnection(a, '2'), undefined);
		assert.strictEqual(findConnection(a, '0'), undefined);
		assert.strictEqual(findConnection(a, '192.168.1.12.40080-203.0.113.10.81'), undefined);
		assert.strictEqual(ladderLayout(a, 5), undefined);
	});

	test('formatOffset', () => {
		assert.deepStrictEqual([0, 0.02431, 0.1, 1.5].map(formatOffset), ['0', '24.31 ms', '100 ms', '1.5 s']);
	});
});

suite('ladder exports', () => {
	test('ASCII: lifelines aligned on every row, the lost original stops short with X, the retransmission names it', () => {
		const text = ladderAscii(ladderOf('retransmission', 'nn.txt'));
		const rows = text.split('\n');
		assert.ok(rows[0]?.startsWith('time (s)   192.168.1.12.40080'));
		assert.ok(rows[0]?.endsWith('203.0.113.10.80'));
		const arrowRows = rows.filter(r => /^\d+\.\d{6} +\|/.test(r));
		assert.strictEqual(arrowRows.length, 10);
		const bar = arrowRows[0]?.indexOf('|', 12) ?? -1;
		for (const r of arrowRows) {
			assert.strictEqual(r.indexOf('|'), 11, r);
			assert.strictEqual(r.indexOf('|', 12), bar, r);
		}
		const line4 = arrowRows[3] ?? '';
		assert.ok(line4.startsWith('0.024310   |--[P.] seq 1:101(100) ack 1 win 502'), line4);
		assert.match(line4, /-X +\| {2}line 4 {2}presumed lost: sent again on line 6$/);
		const line6 = arrowRows[5] ?? '';
		assert.match(line6, /^0\.253310 {3}\|--\[P\.\] seq 1:101\(100\) ack 1 win 502-+>\| {2}line 6 {2}information tcp\.retransmission of line 4$/);
		assert.match(arrowRows[6] ?? '', /^0\.277310 {3}\|<-+\[\.\] ack 201 win 509--\| {2}line 7$/);
		assert.ok(rows.some(r => r.includes('== handshake complete, iRTT 24.1 ms ==')));
		assert.ok(rows.indexOf(rows.find(r => r.includes('== close ==')) ?? '') === rows.indexOf(arrowRows[7] ?? '') - 1);
		assert.ok(/^[\x20-\x7e\n]*$/.test(text), 'plain ASCII only');
	});

	test('Mermaid: every statement has the sequenceDiagram grammar\'s shape; lost is -x, retransmission dotted', () => {
		const text = ladderMermaid(ladderOf('retransmission', 'nn.txt'));
		const lines = text.split('\n');
		assert.strictEqual(lines[0], 'sequenceDiagram');
		assert.strictEqual(lines[1], '    participant Client as 192.168.1.12.40080');
		assert.strictEqual(lines[2], '    participant Server as 203.0.113.10.80');
		// the lexer: TXT = ":" [^#\n;]+, ACTOR = [^+\->:\n,;]+, arrows ->> -->> -x; alias text [^#\n;]*
		const statement = /^ {4}(participant (Client|Server) as [^#\n;]+|Note over Client,Server: [^#\n;]+|(Client|Server)(->>|-->>|-x)(Client|Server): [^#\n;]+)$/;
		for (const l of lines.slice(1)) {
			assert.match(l, statement);
		}
		assert.strictEqual(lines.filter(l => /^ {4}(Client|Server)(->>|-->>|-x)/.test(l)).length, 10);
		assert.ok(lines.includes('    Client-xServer: +24.31 ms [P.] seq 1:101(100) ack 1 win 502 (presumed lost) (line 4)'));
		assert.ok(lines.includes('    Client-->>Server: +253.31 ms [P.] seq 1:101(100) ack 1 win 502 [tcp.retransmission (of line 4)] (line 6)'));
		assert.ok(lines.includes('    Note over Client,Server: handshake complete, iRTT 24.1 ms'));
		assert.strictEqual(lines.indexOf('    Note over Client,Server: close'), lines.findIndex(l => l.includes('(line 8)')) - 1);
	});

	test('Mermaid escaping: # ; < > % become entity codes', () => {
		assert.strictEqual(mermaidText('a;b#c<d>e%f\ng'), 'a#59;b#35;c#lt;d#gt;e#37;f g');
	});

	test('SVG: one arrow per packet, the lost one crossed, the retransmission dashed; text escaped', () => {
		const svg = ladderSvg(ladderOf('retransmission', 'nn.txt'));
		assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
		assert.ok(svg.endsWith('</svg>'));
		assert.strictEqual((svg.match(/marker-end="url\(#head-/g) ?? []).length, 9); // 10 arrows, one stops short
		assert.strictEqual((svg.match(/stroke-dasharray="6 3"/g) ?? []).length, 1);
		assert.ok(svg.includes('>[P.] seq 1:101(100) ack 1 win 502</text>'));
		assert.ok(svg.includes('line 6 · tcp.retransmission · of line 4'));
		assert.ok(!/<script/i.test(svg));
		assert.strictEqual(escapeXml('<a href="x">&\'</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
	});
});

suite('tcpdump-lens --ladder', () => {
	function run(args: string[]): { code: number; out: string; err: string } {
		let out = '';
		let err = '';
		const code = runLadder(args, s => { out += s; }, s => { err += s; });
		return { code, out, err };
	}

	test('seed sample: ASCII by default, three arrows, exit 0', () => {
		const r = run(['--ladder', '1', fixturePath('old-3x-style', 'seed.txt')]);
		assert.strictEqual(r.code, 0, r.err);
		const rows = r.out.split('\n').filter(l => l.includes('|--') || l.includes('<-'));
		assert.strictEqual(rows.length, 3);
		assert.ok(rows[1]?.includes('[S] seq 4279842714:4279842714(0) ack 4255483972 win 32120--|  line 2'));
	});

	test('lossy fixture as Mermaid, connection named by its endpoints', () => {
		const r = run(['--ladder', '203.0.113.10.80-192.168.1.12.40080', '--format', 'mermaid', fixturePath('retransmission', 'nn.txt')]);
		assert.strictEqual(r.code, 0, r.err);
		assert.ok(r.out.startsWith('sequenceDiagram\n'));
		assert.ok(r.out.includes('Client-->>Server: +253.31 ms'));
	});

	test('unknown connection: exit 2 and the list of connections; bad format: exit 2', () => {
		const r = run(['--ladder', '7', fixturePath('retransmission', 'nn.txt')]);
		assert.strictEqual(r.code, 2);
		assert.match(r.err, /no connection 7 .*there are:\n {2}1 {2}192\.168\.1\.12\.40080-203\.0\.113\.10\.80/s);
		assert.strictEqual(run(['--ladder', '1', '--format', 'png', fixturePath('retransmission', 'nn.txt')]).code, 2);
		assert.strictEqual(run(['--ladder', '1', fixturePath('retransmission', 'retransmission.pcap')]).code, 2);
	});
});

/**
 * duplicate-ack/nn.txt, client 192.168.1.12.40086 → server, read by hand:
 *   1 SYN seq 50000000 · 2 SYN-ACK ack 50000001 win 65160 (wscale 7 both ways)
 *   4-7 seq 1:1001, 1001:2001, 2001:3001, 3001:4001 · 8 ack 1001 win 509
 *   9 ack 1001 sack {2001:3001} (dup) · 10 ack 1001 sack {2001:4001} (dup)
 *   11 seq 1001:2001 again (retransmission) · 12 ack 4001 · 13 FIN seq 4001 · 14 ack 4002
 * zero-window/nn.txt, server → client: 8 the client's ack 2897 win 0; 9 probe seq 2897:2898.
 */
suite('time-sequence graph', () => {
	function graphs(c: string) {
		return timeSequenceGraphs(analyzeText(readFixture(c, 'nn.txt')), 0);
	}

	test('duplicate-ack, client → server: segments as relative byte ranges, the retransmission marked', () => {
		const [up, down] = graphs('duplicate-ack');
		assert.ok(up && down);
		assert.strictEqual(up.from, '192.168.1.12.40086');
		assert.strictEqual(up.to, '203.0.113.10.80');
		assert.deepStrictEqual(up.segments.map(s => [s.line + 1, s.start, s.end, s.kind]), [
			[1, 0, 1, 'syn'],
			[4, 1, 1001, 'data'], [5, 1001, 2001, 'data'], [6, 2001, 3001, 'data'], [7, 3001, 4001, 'data'],
			[11, 1001, 2001, 'retransmission'],
			[13, 4001, 4002, 'fin'],
		]);
		assert.strictEqual(up.bytes, 5000);
		assert.strictEqual(up.retransmittedBytes, 1000);
		assert.strictEqual(up.segments[5]?.time, 0.25891);
	});

	test('duplicate-ack: the ACK line, the scaled window edge, SACK blocks and dup ACKs', () => {
		const [up] = graphs('duplicate-ack');
		assert.ok(up);
		assert.strictEqual(up.windowScaling, 'scaled');
		assert.strictEqual(up.windowShift, 7);
		assert.deepStrictEqual(up.acks.map(a => [a.line + 1, a.ack]), [[2, 1], [8, 1001], [9, 1001], [10, 1001], [12, 4001], [14, 4002]]);
		// the SYN-ACK's window is never scaled; later ones are: 1001 + 509 × 2^7
		assert.strictEqual(up.acks[0]?.windowEdge, 1 + 65160);
		assert.strictEqual(up.acks[1]?.windowEdge, 1001 + 509 * 128);
		assert.deepStrictEqual(up.acks.map(a => a.duplicate), [false, false, true, true, false, false]);
		assert.deepStrictEqual(up.acks[2]?.sack, [{ left: 2001, right: 3001 }]);
		assert.deepStrictEqual(up.acks[3]?.sack, [{ left: 2001, right: 4001 }]);
	});

	test('-S (absolute numbers): the same relative graph, SACK blocks converted', () => {
		const [up] = timeSequenceGraphs(analyzeText(readFixture('duplicate-ack', 'nnS.txt')), 0);
		assert.ok(up);
		assert.deepStrictEqual(up.segments.map(s => [s.start, s.end]).slice(1, 3), [[1, 1001], [1001, 2001]]);
		assert.deepStrictEqual(up.acks[2]?.sack, [{ left: 2001, right: 3001 }]);
	});

	test('zero-window, server → client: the zero window on line 8 and the probe on line 9', () => {
		const [, down] = graphs('zero-window');
		assert.ok(down);
		assert.strictEqual(down.from, '203.0.113.10.80');
		const zero = down.acks.filter(a => a.zeroWindow).map(a => [a.line + 1, a.ack, a.windowEdge]);
		assert.deepStrictEqual(zero, [[8, 2897, 2897], [10, 2897, 2897]]);
		assert.deepStrictEqual(down.segments.filter(s => s.kind === 'probe').map(s => [s.line + 1, s.start, s.end]), [[9, 2897, 2898]]);
	});
});
