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
import * as fs from 'fs';
import * as path from 'path';
import { analyzeLines, analyzeText } from '../../src/core/store/capture';
import { ladderAscii } from '../../src/core/features/ladder/ascii';
import { findConnection, formatOffset, LADDER_LAYOUT_SLICE, ladderLayout, ladderLayoutSteps, type Ladder } from '../../src/core/features/ladder/layout';
import { ladderMermaid, mermaidText } from '../../src/core/features/ladder/mermaid';
import { escapeXml, ladderSvg } from '../../src/core/features/ladder/svg';
import { timeSequenceGraphs } from '../../src/core/features/ladder/timeSequence';
import { decodeLadderWire, ladderWire, WIRE_BITS, WIRE_PHASES, WIRE_SEVERITIES } from '../../src/core/features/ladder/wire';
import { splitLines } from '../../src/core/scan/lines';
import { longConnection } from '../../bench/ladderConnection';
import { runLadder } from '../../src/cliLadder';
import { fixturePath, readFixture, REPO } from './fixtures';

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
		// a host name with `style` or `classDef` would make Mermaid drop an entity's `;`
		assert.strictEqual(mermaidText('mystyle.example.com: #1'), 'my#115;tyle.example.com: #35;1');
		assert.strictEqual(mermaidText('classDef'), '#99;lassDef');
		assert.strictEqual(mermaidStatementError(`    Client->>Server: ${mermaidText('style: a#b;c')}`, ['Client', 'Server']), undefined);
	});

	test('Mermaid grammar, checked on the seed sample and lossy fixtures: every line lexes as the statement it means', () => {
		for (const [c, file] of [['old-3x-style', 'seed.txt'], ['retransmission', 'nn.txt'], ['duplicate-ack', 'nn.txt'], ['lost-segment', 'nn.txt'], ['ipv6', 'nn.txt']] as const) {
			const ladder = ladderOf(c, file);
			const lines = ladderMermaid(ladder).split('\n');
			assert.strictEqual(lines[0], 'sequenceDiagram', c);
			const ids = ['Client', 'Server'];
			assert.deepStrictEqual(lines.slice(1, 3), [`    participant Client as ${ladder.left}`, `    participant Server as ${ladder.right}`], c);
			for (const l of lines.slice(1)) {
				assert.strictEqual(mermaidStatementError(l, ids), undefined, `${c}: ${l}`);
			}
			// one message per arrow, in order, each carrying its label and line as the text has them
			const messages = lines.filter(l => /^ {4}(Client|Server)(->>|-->>|-x)/.test(l));
			assert.strictEqual(messages.length, ladder.arrows.length, c);
			ladder.arrows.forEach((a, i) => {
				const m = /^ {4}(\w+)(->>|-->>|-x)(\w+): (.*)$/.exec(messages[i] ?? '');
				assert.ok(m, messages[i]);
				assert.deepStrictEqual([m[1], m[3]], a.leftToRight ? ['Client', 'Server'] : ['Server', 'Client']);
				assert.strictEqual(m[2], a.presumedLost ? '-x' : a.retransmissionOf !== undefined ? '-->>' : '->>');
				const text = decodeMermaidEntities(m[4] ?? '');
				assert.ok(text.includes(a.label) && text.endsWith(`(line ${a.line + 1})`), text);
			});
		}
		// read off the fixtures by hand: retransmission line 4 lost (-x), line 6 its dotted retransmission;
		// duplicate-ack line 11 retransmits line 5 (seq 1001:2001); lost-segment line 5 follows a gap
		assert.ok(ladderMermaid(ladderOf('duplicate-ack', 'nn.txt')).includes('    Client-->>Server: +'));
		assert.match(ladderMermaid(ladderOf('duplicate-ack', 'nn.txt')), /Client-->>Server: [^\n]*seq 1001:2001\(1000\)[^\n]*tcp\.(fast-)?retransmission \(of line 5\)\] \(line 11\)/);
		assert.ok(ladderMermaid(ladderOf('lost-segment', 'nn.txt')).includes('    Note over Client,Server: bytes before this segment were not captured'));
	});

	test('the Mermaid grammar check itself rejects what Mermaid would misread', () => {
		const ids = ['Client', 'Server'];
		assert.match(mermaidStatementError('    Client->>Server: a;b', ids) ?? '', /ends the statement/);
		assert.match(mermaidStatementError('    Client->>Server: a #b', ids) ?? '', /comment/);
		assert.match(mermaidStatementError('    Client->>Server: a %% b', ids) ?? '', /comment/);
		assert.match(mermaidStatementError('    participant end as x', ['end']) ?? '', /keyword/);
		assert.match(mermaidStatementError('    Note over Client,Server: style A fill:#35;', ids) ?? '', /style/);
		assert.match(mermaidStatementError('    Client->Server: a', ids) ?? '', /statement/);
		assert.match(mermaidStatementError('    Client->>Server:', ids) ?? '', /statement/);
		assert.strictEqual(mermaidStatementError('    Note over Client,Server: #35;1 #59; #lt;', ids), undefined);
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

/**
 * The rules of Mermaid's sequenceDiagram lexer (packages/mermaid/src/diagrams/sequence/parser/
 * sequenceDiagram.jison, read by hand) and of its `encodeEntities` pre-pass (mermaidAPI), for the
 * statements the export writes. Returns what is wrong with `line`, or undefined.
 *   - encodeEntities first cuts the last `;` of a line matching `style.*:\S*#.*;` or `classDef.*:\S*#.*;`,
 *     then turns every `#word;` into a placeholder without `#` or `;`;
 *   - then `#` starts a comment to the end of the line, `%%` too, `;` ends the statement;
 *   - the lexer is case-insensitive and tries rules in order: keywords come before the ACTOR rule;
 *   - ACTOR = [^+\->:\n,;]+ (a `-` only inside, never before `x`/`)`); arrows `->>`, `-->>`, `-x`;
 *   - TXT = ":" (optional `wrap:`/`nowrap:`) [^#\n;]+ ; an alias runs after ` as ` to the end (no `#`, `;`).
 */
function mermaidStatementError(line: string, ids: readonly string[]): string | undefined {
	if (/style.*:\S*#.*;/.test(line) || /classDef.*:\S*#.*;/.test(line)) {
		return 'Mermaid would read this as a style statement and cut its last ";"';
	}
	const encoded = line.replace(/#\w+;/g, 'E');
	if (encoded.includes('#')) {
		return '"#" starts a comment';
	}
	if (encoded.includes('%%')) {
		return '"%%" starts a comment';
	}
	if (encoded.includes(';')) {
		return '";" ends the statement';
	}
	const keyword = /^(box|participant|actor|create|destroy|loop|rect|opt|alt|else|par|and|critical|option|break|end|left of|right of|links|link|properties|details|over|note|activate|deactivate|title|acctitle|accdescr|sequencediagram|autonumber|off)/i;
	for (const id of ids) {
		if (keyword.test(id) || !/^[^+\->:\n,;\s]+$/.test(id)) {
			return `participant id "${id}" starts with a keyword or holds a character ACTOR cannot`;
		}
	}
	const id = `(${ids.map(i => i.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`;
	const text = '(?!(?:no)?wrap:)[^\\n]*\\S[^\\n]*';
	const shapes = [
		new RegExp(`^ {4}participant ${id} as (?!:?(?:no)?wrap:)\\S[^\\n]*$`),
		new RegExp(`^ {4}Note over ${id},${id}: ${text}$`),
		new RegExp(`^ {4}${id}(->>|-->>|-x)${id}: ${text}$`),
	];
	return shapes.some(r => r.test(encoded)) ? undefined : 'not a statement the export means to write';
}

/** Mermaid's entity codes back to characters (decimal `#35;` and the names the export uses). */
function decodeMermaidEntities(text: string): string {
	const named: Record<string, string> = { lt: '<', gt: '>' };
	return text.replace(/#(\w+);/g, (all, code: string) => /^\d+$/.test(code) ? String.fromCharCode(Number(code)) : named[code] ?? all);
}

suite('ladder message to the webview', () => {
	test('nothing the webview draws is lost: decoding gives back every arrow of the layout', () => {
		for (const [c, file] of [['retransmission', 'nn.txt'], ['lost-segment', 'nn.txt'], ['old-3x-style', 'seed.txt'], ['refused', 'nn.txt'], ['zero-window', 'nn.txt']] as const) {
			const ladder = ladderOf(c, file);
			const wire = ladderWire(JSON.parse(JSON.stringify(ladder)) as Ladder);
			const decoded = decodeLadderWire(JSON.parse(JSON.stringify(wire)));
			assert.deepStrictEqual(decoded, ladder.arrows.map(a => ({
				index: a.index, packet: a.packet, line: a.line, leftToRight: a.leftToRight, y: a.y, yEnd: a.yEnd, time: a.time,
				label: a.label, phase: a.phase, severity: a.severity, findings: a.findings, retransmissionOf: a.retransmissionOf,
				presumedLost: a.presumedLost, notCapturedBefore: a.notCapturedBefore,
			})), c);
			assert.deepStrictEqual(wire.tickY, ladder.ticks.map(t => t.y));
			assert.deepStrictEqual(wire.tickLabels ? wire.tickLabels.split('\n') : [], ladder.ticks.map(t => t.label));
		}
		// by hand, retransmission/nn.txt: line 6 (arrow 5) retransmits line 4 (arrow 3), which is lost
		const arrows = decodeLadderWire(ladderWire(ladderOf('retransmission', 'nn.txt')));
		assert.strictEqual(arrows[5]?.label, '[P.] seq 1:101(100) ack 1 win 502');
		assert.strictEqual(arrows[5]?.retransmissionOf, 3);
		assert.strictEqual(arrows[5]?.severity, 'information');
		assert.deepStrictEqual(arrows[5]?.findings.map(f => f.code), ['tcp.retransmission']);
		assert.strictEqual(arrows[3]?.presumedLost, true);
		assert.deepStrictEqual(arrows.map(a => a.phase), ['handshake', 'handshake', 'handshake', 'data', 'data', 'data', 'data', 'close', 'close', 'close']);
	});

	test('media/ladder.js decodes with the same bits, phases and severities as wire.ts', () => {
		const js = fs.readFileSync(path.join(REPO, 'media', 'ladder.js'), 'utf8');
		const list = (name: string) => /const NAME = \[([^\]]*)\]/.exec(js.replace(/const (PHASES|SEVERITIES)/g, (_, n: string) => n === name ? 'const NAME' : `const ${n}`))?.[1]?.split(',').map(x => x.trim().replace(/'/g, ''));
		assert.deepStrictEqual(list('PHASES'), [...WIRE_PHASES]);
		assert.deepStrictEqual(list('SEVERITIES'), WIRE_SEVERITIES.map(v => v ?? 'undefined'));
		assert.ok(js.includes(`leftToRight: (bits & ${WIRE_BITS.leftToRight}) !== 0`));
		assert.ok(js.includes(`presumedLost: (bits & ${WIRE_BITS.presumedLost}) !== 0`));
		assert.ok(js.includes(`notCapturedBefore: (bits & ${WIRE_BITS.notCapturedBefore}) !== 0`));
		assert.ok(js.includes(`PHASES[(bits >> ${WIRE_BITS.phaseShift}) & 3]`));
		assert.ok(js.includes(`SEVERITIES[(bits >> ${WIRE_BITS.severityShift}) & 7]`));
	});

	test('a 9,995-packet connection: the message is under 1 MB, no line texts in it; ticks never closer than 40 px', () => {
		const lines = splitLines(longConnection(4990));
		const analysis = analyzeLines(lines);
		const ladder = ladderLayout(analysis, 0);
		assert.ok(ladder);
		assert.strictEqual(ladder.arrows.length, 9995);
		const json = JSON.stringify(ladderWire(ladder));
		assert.ok(json.length < 1000000, `${json.length} bytes`);
		assert.ok(!json.includes('203.0.113.10.80 >'), 'no packet line in the message');
		// the connection has 0.2 s silences (under the 1 s gap threshold) where 2 ms steps would be 0.8 px apart
		for (let i = 1; i < ladder.ticks.length; i++) {
			assert.ok((ladder.ticks[i]?.y ?? 0) - (ladder.ticks[i - 1]?.y ?? 0) >= 40, `ticks ${i - 1} and ${i}`);
		}
		assert.ok(ladder.ticks.length > 1000);
	});

	test('ladderLayoutSteps yields every LADDER_LAYOUT_SLICE packets and ends with the same layout', () => {
		const analysis = analyzeLines(splitLines(longConnection(600)));
		const steps = ladderLayoutSteps(analysis, 0);
		const yielded: number[] = [];
		let r = steps.next();
		while (!r.done) {
			yielded.push(r.value);
			r = steps.next();
		}
		const packets = analysis.connections[0]?.packets.length ?? 0;
		assert.deepStrictEqual(yielded, Array.from({ length: Math.floor(packets / LADDER_LAYOUT_SLICE) }, (_, i) => (i + 1) * LADDER_LAYOUT_SLICE));
		assert.deepStrictEqual(r.value, ladderLayout(analysis, 0));
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

	test('window-loss, client → server: the window edge near the data (ack + 24 × 128), the retransmission of 1001:2001', () => {
		// read off test/fixtures/window-loss/nn.txt: line 2 SYN-ACK win 3072 (unscaled on a SYN), wscale 7 both ways;
		// lines 7, 8 ack 1001 win 24 (8 with sack {2001:3001}); 9 seq 1001:2001 again; 10 ack 3001; 14 ack 6001
		const [g] = timeSequenceGraphs(analyzeText(readFixture('window-loss', 'nn.txt')), 0);
		assert.ok(g);
		assert.strictEqual(g.windowScaling, 'scaled');
		assert.deepStrictEqual(g.acks.map(a => [a.line + 1, a.ack, a.windowEdge]), [[2, 1, 3073], [7, 1001, 4073], [8, 1001, 4073], [10, 3001, 6073], [14, 6001, 9073], [16, 6002, 9074]]);
		assert.deepStrictEqual(g.acks.filter(a => a.duplicate).map(a => a.line + 1), [8]);
		assert.deepStrictEqual(g.acks.find(a => a.line === 7)?.sack, [{ left: 2001, right: 3001 }]);
		assert.deepStrictEqual(g.segments.filter(x => x.kind === 'retransmission').map(x => [x.line + 1, x.start, x.end]), [[9, 1001, 2001]]);
		assert.strictEqual(g.bytes, 7000);
		assert.strictEqual(g.retransmittedBytes, 1000);
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
