/**
 * "Show only this connection": for every fixture, every format and every connection, the view's
 * findings and hovers equal those of the same lines in the whole capture — same codes, messages
 * and columns, same hover text (relative bases, window scale from the SYNs, times, line numbers
 * of the whole capture), only the line moved.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import { analyzeLines } from '../../src/core/store/capture';
import { lensesFor } from '../../src/core/features/codeLens';
import { connectionView, shiftLines } from '../../src/core/features/connectionView';
import { documentSymbols } from '../../src/core/features/outline';
import { hoverAt } from '../../src/core/features/hover';
import { fixtureCases, fixtureLines, fixturePath, FORMATS } from './fixtures';

/** Where a token starts: the first character, and every character after a space, `[`, `,` or `:`. */
function tokenStarts(text: string): number[] {
	const out: number[] = [];
	for (let i = 0; i < text.length; i++) {
		const prev = i === 0 ? ' ' : text[i - 1];
		if (text[i] !== ' ' && (prev === ' ' || prev === '[' || prev === ',' || prev === ':')) {
			out.push(i);
		}
	}
	return out;
}

suite('connectionView', () => {
	test('findings and hovers of every connection equal the whole capture\'s, in every fixture and format', () => {
		let compared = 0;
		let hovers = 0;
		for (const c of fixtureCases()) {
			for (const f of [...FORMATS, 'A', 'banner']) {
				if (!fs.existsSync(fixturePath(c, `${f}.txt`))) {
					continue;
				}
				const lines = fixtureLines(c, `${f}.txt`);
				const full = analyzeLines(lines);
				for (const conn of full.connections) {
					const view = connectionView(full, lines, conn.index);
					assert.ok(view, `${c}/${f} #${conn.index}`);
					const where = `${c}/${f} connection ${conn.index + 1}`;
					const viewLines = view.text.split('\n');
					// the text: exactly the connection's records, in order
					let n = 0;
					for (const i of conn.packets) {
						const r = full.packets[i]!;
						for (let l = r.line; l <= r.lastLine && l < lines.length; l++) {
							assert.strictEqual(viewLines[n], lines[l], where);
							assert.strictEqual(view.sourceLines[n], l, where);
							n++;
						}
					}
					assert.strictEqual(viewLines.length, n, where);
					// findings: those of the connection's packets, moved
					const want = full.findings.filter(x => conn.packets.includes(x.packet))
						.map(x => ({ ...x, span: { ...x.span, line: view.viewLine(x.span.line) }, related: x.related.filter(r => view.viewLine(r.span.line) >= 0).map(r => ({ ...r, span: { ...r.span, line: view.viewLine(r.span.line) } })) }));
					assert.deepStrictEqual(view.analysis.findings, want, where);
					// hovers at every token start
					for (let v = 0; v < viewLines.length; v++) {
						const s: number = view.sourceLines[v]!;
						for (const ch of tokenStarts(viewLines[v] ?? '')) {
							const a = hoverAt(full, { line: s, character: ch });
							const b = hoverAt(view.analysis, { line: v, character: ch });
							assert.strictEqual(b?.markdown, a?.markdown, `${where}, view line ${v + 1} = line ${s + 1}, column ${ch}`);
							assert.deepStrictEqual(b?.span, a ? shiftLines(a.span, v - s) : undefined, `${where} span`);
							hovers += a ? 1 : 0;
						}
					}
					// CodeLens: only this connection's, same title
					const lens = lensesFor(full).filter(l => l.connection === conn.index);
					assert.deepStrictEqual(lensesFor(view.analysis).map(l => [view.sourceLines[l.line], l.title]), lens.map(l => [l.line, l.title]), where);
					// Outline: this connection only
					assert.strictEqual(documentSymbols(view.analysis).length, 1, where);
					compared++;
				}
			}
		}
		assert.ok(fixtureCases().length === 0 || compared > 300, `${compared} views`);
		assert.ok(fixtureCases().length === 0 || hovers > 10000, `${hovers} hovers`);
	});

	test('interleaved: connection 2 alone names the capture\'s lines and its own ISNs', () => {
		const lines = fixtureLines('interleaved', 'nn.txt');
		const full = analyzeLines(lines);
		const view = connectionView(full, lines, 1)!;
		const viewLines = view.text.split('\n');
		// its SYN, SYN-ACK and ACK are lines 2, 5 and 8 of the capture, lines 1–3 of the view
		assert.deepStrictEqual([...view.sourceLines].slice(0, 3), [1, 4, 7]);
		assert.ok(viewLines.every(l => l.includes('.50002')), view.text);
		const col = viewLines[2]!.indexOf('ack 1,') + 4;
		// markdown escapes punctuation (`\(`): compare the text a reader sees
		const h = (hoverAt(view.analysis, { line: 2, character: col })?.markdown ?? '').replace(/\\(.)/g, '$1');
		// 3100000000 is this connection's server ISN (its SYN-ACK, capture line 5)
		assert.ok(h.includes('ack 1 = server ISN 3100000000 + 1: acknowledges the server\'s SYN (the SYN-ACK on line 5)'), h);
	});

	test('no such connection: undefined', () => {
		const lines = fixtureLines('refused', 'nn.txt');
		assert.strictEqual(connectionView(analyzeLines(lines), lines, 5), undefined);
	});
});
