/** Definition, references and highlights on real fixtures; targets worked out by hand from the lines. */
import * as assert from 'assert';
import { analyzeText, type CaptureAnalysis } from '../../src/core/store/capture';
import { definitionAt, highlightsAt, neighbourPacket, referencesAt } from '../../src/core/features/navigation';
import { fixtureLines, readFixture } from './fixtures';

/** 1-based line → the column of `word` on it. */
function at(lines: readonly string[], line: number, word: string): { line: number; character: number } {
	const col = (lines[line - 1] ?? '').indexOf(word);
	assert.ok(col >= 0, `${word} on line ${line}`);
	return { line: line - 1, character: col + 1 };
}

function load(c: string, f = 'nn'): { a: CaptureAnalysis; lines: string[] } {
	return { a: analyzeText(readFixture(c, `${f}.txt`)), lines: fixtureLines(c, `${f}.txt`) };
}

const lines1 = (targets: { span: { line: number } }[]) => targets.map(t => t.span.line + 1);

suite('navigation', () => {
	test('retransmission: ack 201 (line 7) → seq 101:201 (line 5); the SYN-ACK\'s ack → the SYN', () => {
		const { a, lines } = load('retransmission');
		assert.deepStrictEqual(lines1(definitionAt(a, at(lines, 7, 'ack 201'))), [5]);
		assert.deepStrictEqual(lines1(definitionAt(a, at(lines, 2, 'ack 3000000001'))), [1]);
		// ack 1 on the final handshake ACK (line 3) → the SYN-ACK (line 2); ack 2 (line 10) → the server's FIN (line 9)
		assert.deepStrictEqual(lines1(definitionAt(a, at(lines, 3, 'ack 1'))), [2]);
		assert.deepStrictEqual(lines1(definitionAt(a, at(lines, 10, 'ack 2'))), [9]);
	});

	test('retransmission: seq 1:101 on line 6 → its first transmission on line 4; the target is the seq token', () => {
		const { a, lines } = load('retransmission');
		const [t] = definitionAt(a, at(lines, 6, 'seq 1:101'));
		assert.strictEqual(t?.role, 'first-transmission');
		assert.strictEqual(t?.span.line, 3);
		assert.strictEqual((lines[3] ?? '').slice(t.span.start, t.span.end), '1:101');
	});

	test('the same in absolute numbers (-S) and in -v two-line output', () => {
		const s = load('retransmission', 'nnS');
		assert.deepStrictEqual(lines1(definitionAt(s.a, at(s.lines, 7, 'ack 3000000201'))), [5]);
		const v = load('retransmission', 'v');
		// -v: each packet is two lines; packet 7's ack is on line 14, packet 5's seq on line 10
		assert.deepStrictEqual(lines1(definitionAt(v.a, at(v.lines, 14, 'ack 201'))), [10]);
	});

	test('a first transmission\'s relative seq → the SYN whose ISN is its base', () => {
		const { a, lines } = load('retransmission');
		const [t] = definitionAt(a, at(lines, 4, 'seq 1:101'));
		assert.strictEqual(t?.role, 'isn');
		assert.strictEqual(t?.span.line, 0);
	});

	test('references on seq 1:101 (line 4): its retransmission (line 6) and the ACK covering it (ack 201, line 7)', () => {
		const { a, lines } = load('retransmission');
		const refs = referencesAt(a, at(lines, 4, 'seq 1:101'), false);
		assert.deepStrictEqual(refs.map(r => [r.span.line + 1, r.role]), [[6, 'retransmission'], [7, 'ack']]);
		assert.strictEqual(referencesAt(a, at(lines, 4, 'seq 1:101'), true)[0]?.role, 'self');
	});

	test('highlights: every address.port of the connection under the cursor; the handshake\'s flags on a SYN', () => {
		const { a, lines } = load('interleaved');
		const h = highlightsAt(a, at(lines, 2, '192.168.1.12.50002'));
		// connection 2 has 9 packets: 18 endpoint tokens, all on lines mentioning .50002
		assert.strictEqual(h.length, 18);
		assert.ok(h.every(s => (lines[s.line] ?? '').includes('.50002')));
		const f = highlightsAt(a, at(lines, 2, '[S]'));
		assert.deepStrictEqual(f.map(s => s.line + 1), [2, 5, 8]);
	});

	test('next / previous packet of the connection skips the other connections', () => {
		const { a } = load('interleaved');
		// connection 2: lines 2, 5, 8, 11 …
		assert.strictEqual((neighbourPacket(a, 1, 1)?.line ?? -1) + 1, 5);
		assert.strictEqual((neighbourPacket(a, 4, -1)?.line ?? -1) + 1, 2);
		assert.strictEqual(neighbourPacket(a, 1, -1), undefined);
	});

	test('no token, no packet, bad positions: nothing, never a throw', () => {
		const { a } = load('mixed');
		assert.deepStrictEqual(definitionAt(a, { line: 0, character: 5 }), []); // a DNS line
		assert.deepStrictEqual(definitionAt(a, { line: 999, character: 0 }), []);
		assert.deepStrictEqual(referencesAt(a, { line: -1, character: -1 }, true), []);
		assert.deepStrictEqual(highlightsAt(a, { line: 2, character: 9999 }), []);
	});
});
