/**
 * A document that grows at the end (a `tcpdump -l | tee` log) continues its reader with the new
 * lines (src/core/analyse/slicedAnalysis.ts). The contract: the continued analysis is the same, field
 * by field, as a full analysis of the whole text, on every text of every fixture, whatever line the
 * text was cut at; where continuing would not be exact the editor reads the whole text again.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import { analyzeText, type CaptureAnalysis } from '../../src/core/store/capture';
import { analyseTextInSlices, appendedLines, continueInSlices, type SliceOptions } from '../../src/core/analyse/slicedAnalysis';
import { hoverAt } from '../../src/core/features/hover';
import { fixtureCases, fixturePath } from './fixtures';

const options: SliceOptions = {
	sliceBudgetMs: 1000, maxConnections: Infinity, maxPackets: Infinity,
	now: () => 0, yieldNow: () => Promise.resolve(true),
};

/** Everything an editor feature reads from an analysis, as plain data. */
function view(a: CaptureAnalysis) {
	return {
		lineCount: a.lineCount,
		packets: a.packets.map(p => ({
			index: p.index, line: p.line, lastLine: p.lastLine, protocol: p.protocol, time: p.time,
			tcpInfo: p.tcpInfo, tcp: p.tcp, linkKey: p.linkKey, quotedTcp: p.quotedTcp, ipHeaderText: p.ipHeaderText,
		})),
		connections: a.connections.map(c => ({ ...c, stats: a.statsFor(c.index) })),
		findings: a.findings,
		byPacket: a.packets.map(p => a.findingsForPacket(p.index)),
		byLine: Array.from({ length: a.lineCount + 1 }, (_, l) => a.packetAtLine(l)?.index),
		unreadable: a.unreadable,
		counts: a.counts,
		numbering: a.numbering,
		deltaMode: a.deltaMode,
	};
}

/** Every `.txt` of every fixture. */
function texts(): { where: string; text: string }[] {
	const out: { where: string; text: string }[] = [];
	for (const c of fixtureCases()) {
		for (const f of fs.readdirSync(fixturePath(c, '')).filter(f => f.endsWith('.txt')).sort()) {
			out.push({ where: `${c}/${f}`, text: fs.readFileSync(fixturePath(c, f), 'utf8') });
		}
	}
	return out;
}

/** The text up to and including the line break of its `n`-th line. */
function firstLines(text: string, n: number): string {
	let at = -1;
	for (let i = 0; i < n; i++) {
		at = text.indexOf('\n', at + 1);
		if (at < 0) {
			return text;
		}
	}
	return text.slice(0, at + 1);
}

suite('append: a growing document continues its analysis', () => {
	const all = texts();

	test('fixtures present', () => {
		assert.ok(all.length > 200, `${all.length} fixture texts`);
	});

	test('cut at any line: the continued analysis equals a full analysis of the whole text, on every fixture text', async () => {
		let continued = 0;
		for (const { where, text } of all) {
			const lineCount = text.split('\n').length;
			const full = view(analyzeText(text));
			for (let cut = 1; cut < lineCount - 1; cut++) {
				const before = firstLines(text, cut);
				const first = await analyseTextInSlices(before, options);
				assert.ok(first, where);
				assert.deepStrictEqual(view(first.analysis), view(analyzeText(before)), `${where} up to line ${cut}`);
				const added = appendedLines(first.session, text);
				if (!added) {
					continue; // the first new line continues the last packet: a full re-analysis
				}
				continued++;
				const next = await continueInSlices(first.session, text, added, options);
				assert.ok(next?.incremental, where);
				assert.deepStrictEqual(view(next.analysis), full, `${where} cut after line ${cut}`);
			}
		}
		assert.ok(continued > 3000, `${continued} continued`);
	});

	test('a log growing two lines at a time: each step equals the full analysis of the text so far', async () => {
		// (a step whose first new line continues the last packet, or a -ttt/-ttttt text with fewer than
		// 2,000 deltas, whose reading new deltas may change, is a full re-analysis)
		let total = 0;
		for (const { where, text } of all.filter(t => /\/(nn|X|v|ttt|ttttt|banner|num)\.txt$/.test(t.where))) {
			const lineCount = text.split('\n').length;
			let r = await analyseTextInSlices(firstLines(text, 2), options);
			let steps = 0;
			for (let n = 4; n < lineCount + 2; n += 2) {
				const now = firstLines(text, n);
				assert.ok(r, where);
				const added = appendedLines(r.session, now);
				r = added ? await continueInSlices(r.session, now, added, options) : await analyseTextInSlices(now, options);
				steps += added ? 1 : 0;
				assert.ok(r, where);
				assert.deepStrictEqual(view(r.analysis), view(analyzeText(now)), `${where} at ${n} lines`);
			}
			total += steps;
		}
		assert.ok(total > 500, `${total} steps continued`); // 865 when written
	});

	test('hovers on the continued analysis read as on the full one', async () => {
		const text = fs.readFileSync(fixturePath('mixed', 'nn.txt'), 'utf8');
		const first = await analyseTextInSlices(firstLines(text, 20), options);
		assert.ok(first);
		const added = appendedLines(first.session, text);
		assert.ok(added, 'line 21 starts a packet');
		const next = await continueInSlices(first.session, text, added, options);
		assert.ok(next);
		const full = analyzeText(text);
		const lines = text.split('\n');
		for (let line = 0; line < lines.length; line++) {
			for (let character = 0; character < (lines[line] ?? '').length; character += 3) {
				assert.deepStrictEqual(hoverAt(next.analysis, { line, character }), hoverAt(full, { line, character }), `line ${line + 1}:${character}`);
			}
		}
	});

	test('what is not an append of whole lines is read again', async () => {
		const text = fs.readFileSync(fixturePath('mixed', 'nn.txt'), 'utf8');
		const r = await analyseTextInSlices(text, options);
		assert.ok(r);
		assert.strictEqual(appendedLines(r.session, text.replace('win 502', 'win 503')), undefined, 'a changed line');
		assert.strictEqual(appendedLines(r.session, text), undefined, 'nothing added');
		assert.strictEqual(appendedLines(r.session, text + '    0x0000:  4500 0034'), undefined, 'a continuation of the last packet');
		const open = await analyseTextInSlices(text.slice(0, -1), options); // no final line break: its last line may still grow
		assert.ok(open);
		assert.strictEqual(appendedLines(open.session, text), undefined, 'the last line grew');
	});

	test('a text cut into lines as it is read gives the lines splitLines gives (LF, CRLF, lone CR, no final break)', async () => {
		const text = fs.readFileSync(fixturePath('mixed', 'nn.txt'), 'utf8');
		for (const variant of [text, text.replace(/\n/g, '\r\n'), text.replace(/\n/g, '\r'), text.slice(0, -1), text + '\n\n', '', '\n']) {
			const r = await analyseTextInSlices(variant, options);
			assert.ok(r);
			assert.deepStrictEqual(view(r.analysis), view(analyzeText(variant)), JSON.stringify(variant.slice(-12)));
		}
	});
});
