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

interface LadderState {
	open: boolean; ready: boolean; highlighted: number | undefined; described: string | undefined; arrows: number;
	gone: string | undefined; loads: number; shown: { tab?: string; selected?: number; zoom?: number } | undefined;
}

async function ladderState(key: string, connection = 0): Promise<LadderState> {
	return vscode.commands.executeCommand<LadderState>('tcpdump.ladder.testState', key, connection);
}

/** Opens the retransmission fixture's ladder and waits until the page has drawn it. */
async function openRetransmissionLadder(): Promise<{ doc: vscode.TextDocument; key: string }> {
	const uri = await fixture('test/fixtures/retransmission/nn.txt');
	let doc = await vscode.workspace.openTextDocument(uri);
	doc = await vscode.languages.setTextDocumentLanguage(doc, 'tcpdump');
	await vscode.window.showTextDocument(doc);
	assert.ok(await vscode.commands.executeCommand<boolean>('tcpdump.showLadder', { uri: doc.uri, connectionIndex: 0 }));
	const key = doc.uri.toString();
	await waitFor('the page to draw the ladder', async () => ((await ladderState(key)).loads > 0 ? true : undefined), DEADLINE_MS);
	return { doc, key };
}

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
		// the selection comes back to the page as a highlight; what the page announces is what it decoded
		const described = await waitFor('the page to describe arrow 6', async () => {
			const s = await ladderState(key);
			return s.highlighted === 5 ? s.described : undefined;
		}, DEADLINE_MS);
		assert.strictEqual(described, '6 of 10, line 6, client → server, [P.] seq 1:101(100) ack 1 win 502, information tcp.retransmission, retransmission of line 4');

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

	test('hidden and shown again: the page is rebuilt and restores its selection from getState', async () => {
		const { key } = await openRetransmissionLadder();
		assert.ok(await vscode.commands.executeCommand<boolean>('tcpdump.ladder.testClick', key, 0, 5));
		await waitFor('arrow 6 selected', async () => ((await ladderState(key)).highlighted === 5 ? true : undefined), DEADLINE_MS);
		const loads = (await ladderState(key)).loads;
		// another editor in the panel's group hides it; the page is not kept (retainContextWhenHidden: false)
		const group = vscode.window.tabGroups.all.find(g => g.tabs.some(t => t.input instanceof vscode.TabInputWebview && t.label.startsWith('Ladder:')));
		assert.ok(group);
		const other = await vscode.workspace.openTextDocument(await fixture('test/fixtures/duplicate-ack/nn.txt'));
		await vscode.window.showTextDocument(other, { viewColumn: group.viewColumn, preserveFocus: false });
		await waitFor('the ladder tab hidden', () => (ladderTabs()[0]?.isActive === false ? true : undefined), DEADLINE_MS);
		assert.ok(await vscode.commands.executeCommand<boolean>('tcpdump.showLadder', { uri: vscode.Uri.parse(key), connectionIndex: 0 }));
		const again = await waitFor('the page drawn again', async () => {
			const s = await ladderState(key);
			return s.loads > loads ? s : undefined;
		}, DEADLINE_MS);
		assert.strictEqual(again.shown?.selected, 5, 'the selection survived');
		assert.strictEqual(again.shown?.tab, 'ladder');
		assert.strictEqual(ladderTabs().length, 1);
	});

	test('after a reload: the serializer re-opens the saved document and connection, or says the document is gone', async () => {
		const uri = await fixture('test/fixtures/retransmission/nn.txt');
		// the state media/ladder.js saves (what VS Code hands back to deserializeWebviewPanel)
		assert.strictEqual(await vscode.commands.executeCommand<boolean>('tcpdump.ladder.testRestore', { uri: uri.toString(), connection: 0, tab: 'ladder', selected: 8, zoom: 1, scrollTop: 0 }), true);
		const restored = await waitFor('the restored page to draw', async () => {
			const s = await ladderState(uri.toString());
			return s.loads > 0 ? s : undefined;
		}, DEADLINE_MS);
		assert.strictEqual(restored.arrows, 10);
		assert.strictEqual(restored.gone, undefined);

		const missing = vscode.Uri.joinPath(uri, '..', 'no-such-capture.tcpdump');
		assert.strictEqual(await vscode.commands.executeCommand<boolean>('tcpdump.ladder.testRestore', { uri: missing.toString(), connection: 0 }), true);
		const gone = await waitFor('the page to say the document is gone', async () => (await ladderState(missing.toString())).gone, DEADLINE_MS);
		assert.match(gone, /no-such-capture\.tcpdump is no longer there/);

		// a state without a target: nothing restored (the page shows why)
		assert.strictEqual(await vscode.commands.executeCommand<boolean>('tcpdump.ladder.testRestore', { tab: 'ladder' }), false);
	});

	test('PNG export: the bytes the page encodes are a PNG of the SVG\'s size; the SVG is well-formed XML to the page\'s parser', async () => {
		const { key } = await openRetransmissionLadder();
		const svg = await vscode.commands.executeCommand<{ svg?: string; root?: string; errors?: number }>('tcpdump.ladder.testExport', key, 0, 'svg');
		assert.strictEqual(svg?.root, 'svg');
		assert.strictEqual(svg?.errors, 0);
		const size = /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="(\d+)" height="(\d+)"/.exec(svg?.svg ?? '');
		assert.ok(size, 'the SVG has a width and a height');
		const png = await vscode.commands.executeCommand<{ base64?: string }>('tcpdump.ladder.testExport', key, 0, 'png');
		assert.ok(png?.base64, 'the page sent a PNG data URL');
		const bytes = Buffer.from(png.base64, 'base64');
		assert.deepStrictEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
		assert.strictEqual(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
		assert.deepStrictEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], [Number(size[1]), Number(size[2])], 'width and height of the SVG');
		assert.strictEqual(bytes.subarray(bytes.length - 8, bytes.length - 4).toString('latin1'), 'IEND', 'ends with IEND');
		assert.ok(bytes.length > 5000, `${bytes.length} bytes: more than a blank image`);
	});

	test('an unknown connection opens nothing', async () => {
		const uri = await fixture('test/fixtures/retransmission/nn.txt');
		const shown = await vscode.commands.executeCommand<boolean>('tcpdump.showLadder', { uri, connectionIndex: 7 });
		assert.strictEqual(shown, false);
		assert.strictEqual(ladderTabs().length, 0);
	});
});
