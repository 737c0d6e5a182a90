// The ladder diagram in a real VS Code: opened from the CodeLens for the retransmission fixture's
// connection, a click on an arrow reveals its line, moving the cursor highlights the arrow, and the
// panel is reused. The click goes through the webview: `tcpdump.ladder.testClick` asks the page to
// run the same function a mouse click runs, which posts the same `reveal` message.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { waitFor } from './helpers';

const EXTENSION_ID = 'tcpdump-lens.tcpdump-lens';
const DEADLINE_MS = 15000;

async function fixture(rel: string): Promise<vscode.Uri> {
	const roots = (vscode.workspace.workspaceFolders ?? []).map(f => f.uri);
	const ext = vscode.extensions.getExtension(EXTENSION_ID);
	if (ext) {
		roots.push(ext.extensionUri);
	}
	for (const root of roots) {
		const uri = vscode.Uri.joinPath(root, ...rel.split('/'));
		try {
			await vscode.workspace.fs.stat(uri);
			return uri;
		} catch {
			// try the next root
		}
	}
	throw new Error(`${rel} not found`);
}

interface LadderState { open: boolean; ready: boolean; highlighted: number | undefined; arrows: number }

function ladderTabs(): vscode.Tab[] {
	return vscode.window.tabGroups.all.flatMap(g => g.tabs).filter(t => t.input instanceof vscode.TabInputWebview && t.label.startsWith('Ladder:'));
}

suite('ladder diagram in a real VS Code', () => {
	suiteSetup(async () => {
		await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
	});

	teardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	test('opens from the CodeLens, a click on an arrow reveals its line, the cursor highlights the arrow', async () => {
		const uri = await fixture('test/fixtures/retransmission/nn.txt');
		let doc = await vscode.workspace.openTextDocument(uri);
		doc = await vscode.languages.setTextDocumentLanguage(doc, 'tcpdump');
		const editor = await vscode.window.showTextDocument(doc);
		const lens = await waitFor('the "Ladder diagram" CodeLens', async () => {
			const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
			return (lenses ?? []).find(l => l.command?.command === 'tcpdump.showLadder');
		}, DEADLINE_MS);
		assert.strictEqual(lens.range.start.line, 0, 'above the SYN (line 1)');
		assert.strictEqual(lens.command?.title, 'Ladder diagram');
		await vscode.commands.executeCommand(lens.command?.command ?? '', ...(lens.command?.arguments ?? []));
		const key = doc.uri.toString();
		const state = await waitFor('the webview to load and report ready', async () => {
			const s = await vscode.commands.executeCommand<LadderState>('tcpdump.ladder.testState', key, 0);
			return s?.ready ? s : undefined;
		}, DEADLINE_MS);
		assert.strictEqual(state.arrows, 10, 'one arrow per packet line of the fixture');
		assert.strictEqual(ladderTabs().length, 1);
		assert.match(ladderTabs()[0]?.label ?? '', /^Ladder: 192\.168\.1\.12\.40080 ⇄ 203\.0\.113\.10\.80$/);

		// the retransmission is arrow 6 (index 5), on line 6 of the text
		assert.ok(await vscode.commands.executeCommand<boolean>('tcpdump.ladder.testClick', key, 0, 5));
		const revealed = await waitFor('line 6 selected in the text', () => {
			const e = vscode.window.visibleTextEditors.find(v => v.document.uri.toString() === key);
			return e && e.selection.active.line === 5 ? e : undefined;
		}, DEADLINE_MS);
		assert.ok(revealed.document.lineAt(5).text.startsWith('10:00:00.253310 IP 192.168.1.12.40080 > 203.0.113.10.80: Flags [P.], seq 1:101'));

		// moving the cursor to line 9 (the server's FIN) highlights arrow 9 (index 8)
		const target = vscode.window.visibleTextEditors.find(v => v.document.uri.toString() === key) ?? editor;
		target.selection = new vscode.Selection(8, 10, 8, 10);
		await waitFor('the webview to highlight arrow 9', async () => {
			const s = await vscode.commands.executeCommand<LadderState>('tcpdump.ladder.testState', key, 0);
			return s?.highlighted === 8 ? true : undefined;
		}, DEADLINE_MS);

		// asked again (the way the connections view calls it): the same panel, not a second one
		assert.ok(await vscode.commands.executeCommand<boolean>('tcpdump.showLadder', { uri: doc.uri, connectionIndex: 0 }));
		assert.strictEqual(ladderTabs().length, 1);
	});

	test('an unknown connection opens nothing', async () => {
		const uri = await fixture('test/fixtures/retransmission/nn.txt');
		const shown = await vscode.commands.executeCommand<boolean>('tcpdump.showLadder', { uri, connectionIndex: 7 });
		assert.strictEqual(shown, false);
		assert.strictEqual(ladderTabs().length, 0);
	});
});
