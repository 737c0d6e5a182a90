/**
 * core/features/summary.ts: the expert summary's counts are the analysis's findings, its connection rows the
 * connections' own numbers (checked against tshark's frames of the same pcap), and the Markdown
 * escapes capture text.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/core/store/capture';
import { renderSummaryMarkdown, renderSummaryText, summarize } from '../../src/core/features/summary';
import { fixturePath, loadTshark } from './fixtures';

suite('summary', () => {
	test('counts per code and severity equal the findings of each fixture', () => {
		for (const c of ['mixed', 'retransmission', 'duplicate-ack', 'zero-window', 'synack-wrong-ack', 'unanswered-syn']) {
			const a = analyzeText(fs.readFileSync(fixturePath(c, 'nn.txt'), 'utf8'));
			const s = summarize(a);
			const expected = new Map<string, number>();
			for (const f of a.findings) {
				expected.set(`${f.code}/${f.severity}`, (expected.get(`${f.code}/${f.severity}`) ?? 0) + 1);
			}
			assert.deepStrictEqual(new Map(s.codes.map(x => [`${x.code}/${x.severity}`, x.count])), expected, c);
			assert.strictEqual(s.findings, a.findings.length);
			assert.strictEqual(s.connections, a.connections.length);
			assert.strictEqual(s.topConnections.reduce((n, r) => n + r.findings, 0) + 0, a.findings.filter(f => f.connection !== undefined).length, c);
		}
	});

	test('retransmission: one connection listed, its packets and bytes each way as tshark counts them', () => {
		const a = analyzeText(fs.readFileSync(fixturePath('retransmission', 'nn.txt'), 'utf8'));
		const s = summarize(a);
		const tshark = loadTshark('retransmission');
		assert.ok(tshark);
		const row = s.topConnections[0];
		assert.ok(row);
		assert.strictEqual(row.packets, tshark.frames.filter(f => f.tcp).length);
		const total = row.directions.reduce((n, d) => n + d.bytes, 0);
		assert.strictEqual(total, tshark.frames.reduce((n, f) => n + (f.len ?? 0), 0));
		assert.strictEqual(s.codes.find(x => x.code === 'tcp.retransmission')?.count, tshark.frames.filter(f => f.flags.includes('tcp.analysis.retransmission')).length);
		const text = renderSummaryText(s, 'retransmission.txt');
		assert.match(text, /^retransmission\.txt: \d+ packets \(\d+ TCP\), 1 connection, 1 finding: 0 errors, 0 warnings, 1 information, 0 hints/);
		assert.match(text, /#1 \S+ → \S+: 1 finding, complete, ended fin/);
	});

	test('Markdown: a table per code and per connection; capture text cannot inject Markdown', () => {
		const a = analyzeText(fs.readFileSync(fixturePath('mixed', 'nn.txt'), 'utf8'));
		const md = renderSummaryMarkdown(summarize(a), 'mixed|*capture*.txt');
		assert.match(md, /^# Expert summary: mixed\\\|\\\*capture\\\*\.txt\n/);
		assert.match(md, /\n\| count \| severity \| code \| what \| connections \|\n/);
		for (const f of new Set(a.findings.map(x => x.code))) {
			assert.ok(md.includes(`\`${f}\``), f);
		}
		const empty = renderSummaryMarkdown(summarize(analyzeText('')), 'empty');
		assert.match(empty, /No findings\./);
	});
});

suite('summary: the editor command is declared', () => {
	test('package.json: tcpdump.showSummary, category tcpdump, in the palette only for tcpdump documents; wired in extension.ts', () => {
		const root = path.resolve(__dirname, '../../..');
		const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
			contributes: { commands: { command: string; title: string; category: string }[]; menus: { commandPalette: { command: string; when: string }[] } };
		};
		const cmd = pkg.contributes.commands.find(c => c.command === 'tcpdump.showSummary');
		assert.deepStrictEqual(cmd, { command: 'tcpdump.showSummary', title: 'Show expert summary', category: 'tcpdump' });
		assert.deepStrictEqual(pkg.contributes.menus.commandPalette.find(m => m.command === 'tcpdump.showSummary'), { command: 'tcpdump.showSummary', when: 'editorLangId == tcpdump' });
		assert.match(fs.readFileSync(path.join(root, 'src', 'extension.ts'), 'utf8'), /registerSummaryCommand\(model\)/);
		assert.match(fs.readFileSync(path.join(root, 'src', 'vscode', 'summaryCommand.ts'), 'utf8'), /registerCommand\(SHOW_SUMMARY_COMMAND/);
	});
});
