// Integration tests for the CodeLens escaping and selection limit, in a real VS Code. Line numbers of
// test/fixtures/interleaved/nn.txt worked out by hand: connection 192.168.1.12.50001 ↔ 203.0.113.10.80
// is on lines 1, 4, 7, 10, 15, 16, 20, 22, 25 (1-based): 9 packets on 8 separate line ranges
// (15 and 16 are consecutive).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { waitFor } from './helpers';


async function fixture(rel: string): Promise<vscode.Uri> {
	const roots = (vscode.workspace.workspaceFolders ?? []).map(f => f.uri);
	const ext = vscode.extensions.getExtension('tcpdump-lens.tcpdump-lens');
	if (ext) {
		roots.push(ext.extensionUri);
	}
	for (const root of roots) {
		const uri = vscode.Uri.joinPath(root, ...rel.split('/'));
		try {
			await vscode.workspace.fs.stat(uri);
			return uri;
		} catch {
			// next root
		}
	}
	throw new Error(`${rel} not found`);
}

async function openAsTcpdump(doc: vscode.TextDocument): Promise<vscode.TextEditor> {
	const typed = doc.languageId === 'tcpdump' ? doc : await vscode.languages.setTextDocumentLanguage(doc, 'tcpdump');
	return vscode.window.showTextDocument(typed);
}

async function lensesOf(uri: vscode.Uri, min: number): Promise<vscode.CodeLens[]> {
	return waitFor(`${min} CodeLens`, async () => {
		const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
		const titled = (lenses ?? []).filter(l => l.command?.title);
		return titled.length >= min ? titled : undefined;
	});
}

suite('CodeLens: escaping and the selection limit', () => {
	suiteSetup(async () => {
		await vscode.extensions.getExtension('tcpdump-lens.tcpdump-lens')?.activate();
	});

	test('a host name with $(icon) syntax is escaped in the CodeLens title', async () => {
		const doc = await vscode.workspace.openTextDocument({
			language: 'tcpdump',
			content: [
				'10:00:00.000000 IP 192.168.1.12.51240 > $(zap)host.example.8080: Flags [S], seq 1000, win 64240, length 0',
				'10:00:00.000210 IP $(zap)host.example.8080 > 192.168.1.12.51240: Flags [S.], seq 5000, ack 1001, win 64240, length 0',
			].join('\n'),
		});
		await openAsTcpdump(doc);
		const [lens] = await lensesOf(doc.uri, 1);
		const title = lens?.command?.title ?? '';
		assert.ok(title.includes('\\$(zap)host.example.8080'), title);
		assert.ok(!/(^|[^\\])\$\(/.test(title), `unescaped $( in ${title}`);
	});

	test('clicking the lens selects every packet; consecutive lines are one selection', async () => {
		const editor = await openAsTcpdump(await vscode.workspace.openTextDocument(await fixture('test/fixtures/interleaved/nn.txt')));
		const lenses = await lensesOf(editor.document.uri, 3);
		const lens = lenses.find(l => l.range.start.line === 0);
		assert.ok(lens?.command, 'a lens on line 1');
		await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
		const lines = editor.selections.map(s => `${s.start.line + 1}-${s.end.line + 1}`);
		assert.deepStrictEqual(lines, ['1-1', '4-4', '7-7', '10-10', '15-16', '20-20', '22-22', '25-25']);
	});

	test('above editor.multiCursorLimit the first ranges are selected (and a message says so), not a silent cut', async () => {
		const config = vscode.workspace.getConfiguration('editor');
		const before = config.inspect<number>('multiCursorLimit')?.globalValue;
		await config.update('multiCursorLimit', 3, vscode.ConfigurationTarget.Global);
		try {
			const editor = await openAsTcpdump(await vscode.workspace.openTextDocument(await fixture('test/fixtures/interleaved/nn.txt')));
			const lens = (await lensesOf(editor.document.uri, 3)).find(l => l.range.start.line === 0);
			assert.ok(lens?.command);
			await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
			assert.deepStrictEqual(editor.selections.map(s => s.start.line + 1), [1, 4, 7]);
		} finally {
			await config.update('multiCursorLimit', before, vscode.ConfigurationTarget.Global);
		}
	});

	test('above tcpdump.codeLens.maxConnections: a summary on line 1 and lenses only on the problem handshakes', async () => {
		// mixed/nn.txt: 4 connections; the retransmitting 52102 (SYN on line 13) and the refused 52104
		// (line 17) are the problem ones (see test/unit/codeLens.test.ts)
		const settings = vscode.workspace.getConfiguration('tcpdump');
		const before = settings.inspect<number>('codeLens.maxConnections')?.globalValue;
		await settings.update('codeLens.maxConnections', 3, vscode.ConfigurationTarget.Global);
		try {
			const editor = await openAsTcpdump(await vscode.workspace.openTextDocument(await fixture('test/fixtures/mixed/nn.txt')));
			const lenses = await waitFor('the thinned lenses', async () => {
				const all = await lensesOf(editor.document.uri, 1);
				return all.some(l => l.command?.title.startsWith('4 connections')) ? all : undefined;
			});
			// line number and the title's first 24 characters
			const rows = lenses.map(l => `${l.range.start.line + 1} ${l.command?.title.slice(0, 24)}`);
			assert.deepStrictEqual(rows, [
				'1 4 connections: CodeLens ',
				'13 ✓ handshake complete · 1',
				'13 Ladder diagram',
				'17 ✗ refused (RST after 23.',
				'17 Ladder diagram',
			]);
			assert.ok(lenses[0]?.command?.title.includes('only on the 2 with a problem'), lenses[0]?.command?.title);
			assert.ok(lenses[0]?.command?.title.includes('set tcpdump.codeLens.maxConnections to 4 or more'), lenses[0]?.command?.title);
		} finally {
			await settings.update('codeLens.maxConnections', before, vscode.ConfigurationTarget.Global);
		}
		const editor = await openAsTcpdump(await vscode.workspace.openTextDocument(await fixture('test/fixtures/mixed/nn.txt')));
		const restored = await waitFor('every lens again', async () => {
			const all = await lensesOf(editor.document.uri, 8);
			return all.some(l => l.command?.title.startsWith('4 connections')) ? undefined : all;
		});
		assert.deepStrictEqual([...new Set(restored.map(l => l.range.start.line + 1))], [3, 13, 17, 31]);
	});
});
