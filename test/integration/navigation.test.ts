// Integration tests for finding one's way through a capture (issue 10), in a real VS Code:
// Outline, the TCP Connections tree (rows, sort, Reveal, Show only this connection), Go to
// Definition on ack and on a retransmitted seq, and the Expert Information counts against the
// Problems panel. Expected values are worked out by hand from the fixture lines (see test/unit).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { waitFor } from './helpers';

const EXTENSION_ID = 'tcpdump-lens.tcpdump-lens';

interface Row { name: string; state: string; connection: number }
interface Api {
	connections: { rows(): readonly Row[]; document: vscode.TextDocument | undefined };
	expert: { groups(): readonly { code: string; count: number }[]; document: vscode.TextDocument | undefined };
}

async function fixture(rel: string): Promise<vscode.TextDocument> {
	const roots = (vscode.workspace.workspaceFolders ?? []).map(f => f.uri);
	const ext = vscode.extensions.getExtension(EXTENSION_ID);
	if (ext) {
		roots.push(ext.extensionUri);
	}
	for (const root of roots) {
		const uri = vscode.Uri.joinPath(root, 'test', 'fixtures', ...rel.split('/'));
		try {
			await vscode.workspace.fs.stat(uri);
		} catch {
			continue;
		}
		const doc = await vscode.workspace.openTextDocument(uri);
		await vscode.window.showTextDocument(doc);
		// .txt fixtures switch to tcpdump by content detection
		return waitFor(`${rel} as tcpdump`, () => {
			const d = vscode.workspace.textDocuments.find(t => t.uri.toString() === uri.toString());
			return d?.languageId === 'tcpdump' ? d : undefined;
		});
	}
	throw new Error(`${rel} not found`);
}

function at(doc: vscode.TextDocument, line1: number, word: string): vscode.Position {
	const col = doc.lineAt(line1 - 1).text.indexOf(word);
	assert.ok(col >= 0, `${word} on line ${line1}`);
	return new vscode.Position(line1 - 1, col + 1);
}

suite('finding one\'s way: outline, connections, definitions, expert summary', () => {
	let api: Api;

	suiteSetup(async () => {
		const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
		assert.ok(ext);
		api = await ext.activate();
		assert.ok(api?.connections, 'activate() returns the views');
	});

	teardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	test('the Outline lists mixed/nn.txt\'s four connections with their states', async () => {
		const doc = await fixture('mixed/nn.txt');
		const symbols = await waitFor('document symbols', async () => {
			const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
			return s && s.length > 0 ? s : undefined;
		});
		// vscode.executeDocumentSymbolProvider returns the symbols sorted by position (VS Code's
		// OutlineModel.getTopLevelSymbols), so the provider's latest-start-first order, which the
		// breadcrumbs follow, is not visible here; images/outline.png shows the breadcrumbs' choice.
		const byPosition = [...symbols].sort((a, b) => a.range.start.line - b.range.start.line);
		assert.deepStrictEqual(byPosition.map(s => [s.name, s.detail.split(' · ')[0]]), [
			['192.168.1.12.52100 → 203.0.113.10.80', 'SF normal close'],
			['192.168.1.12.52102 → 203.0.113.10.80', 'SF normal close'],
			['192.168.1.12.52104 → 203.0.113.10.8443', 'REJ refused'],
			['192.168.1.12.39822 → 198.51.100.7.443', 'SF normal close'],
		]);
		assert.strictEqual(byPosition[2]?.range.start.line, 16);
	});

	test('the TCP Connections tree follows the editor, sorts, reveals and shows one connection alone', async () => {
		const doc = await fixture('mixed/nn.txt');
		await waitFor('four rows', () => api.connections.document === doc && api.connections.rows().length === 4 ? true : undefined);
		assert.deepStrictEqual(api.connections.rows().map(r => r.state), ['SF', 'SF', 'REJ', 'SF']);
		// bytes both ways: 52102 174 + 7083, 52100 89 + 3283, 39822 597 + 1600, 52104 none
		await vscode.commands.executeCommand('tcpdump.connections.sort', 'bytes');
		assert.deepStrictEqual(api.connections.rows().map(r => r.connection), [1, 0, 3, 2]);
		await vscode.commands.executeCommand('tcpdump.connections.sort', 'start');
		assert.deepStrictEqual(api.connections.rows().map(r => r.connection), [0, 1, 2, 3]);

		// Reveal connection 4 (39822): its first line is line 31
		await vscode.commands.executeCommand('tcpdump.connections.reveal', { uri: doc.uri.toString(), connectionIndex: 3 });
		await waitFor('cursor on line 31', () => vscode.window.activeTextEditor?.selection.active.line === 30 ? true : undefined);

		// Show only connection 3 (the refused one): two lines, its finding, the whole capture's hover
		await vscode.commands.executeCommand('tcpdump.showConnection', { uri: doc.uri.toString(), connectionIndex: 2 });
		const view = await waitFor('the one-connection view', () => {
			const e = vscode.window.activeTextEditor;
			return e?.document.uri.scheme === 'tcpdump-lens' ? e.document : undefined;
		});
		assert.strictEqual(view.languageId, 'tcpdump');
		assert.deepStrictEqual([view.lineAt(0).text, view.lineAt(1).text], [doc.lineAt(16).text, doc.lineAt(17).text]);
		const diags = await waitFor('the refused finding in the view', () => {
			const d = vscode.languages.getDiagnostics(view.uri);
			return d.length > 0 ? d : undefined;
		});
		const full = await waitFor('the capture\'s finding on lines 17–18', () => {
			const d = vscode.languages.getDiagnostics(doc.uri).filter(x => x.range.start.line === 16 || x.range.start.line === 17);
			return d.length > 0 ? d : undefined;
		});
		assert.deepStrictEqual(diags.map(d => [d.message, d.range.start.line + 16]), full.map(d => [d.message, d.range.start.line]));
	});

	test('F12 on an ack lands on the segment it acknowledges; on a retransmission\'s seq on the first transmission', async () => {
		const doc = await fixture('retransmission/nn.txt');
		const editor = vscode.window.activeTextEditor!;
		// line 7: ack 201 → seq 101:201 on line 5
		const defs = await waitFor('a definition', async () => {
			const d = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, at(doc, 7, 'ack 201'));
			return d && d.length > 0 ? d : undefined;
		});
		const line = (l: vscode.Location | vscode.LocationLink) => ('range' in l ? l.range : l.targetRange).start.line;
		assert.deepStrictEqual(defs.map(line), [4]);
		editor.selection = new vscode.Selection(at(doc, 7, 'ack 201'), at(doc, 7, 'ack 201'));
		await vscode.commands.executeCommand('editor.action.revealDefinition');
		await waitFor('cursor on line 5', () => vscode.window.activeTextEditor?.selection.active.line === 4 ? true : undefined);
		// line 6: the retransmitted seq 1:101 → line 4
		const e2 = vscode.window.activeTextEditor!;
		e2.selection = new vscode.Selection(at(doc, 6, 'seq 1:101'), at(doc, 6, 'seq 1:101'));
		await vscode.commands.executeCommand('editor.action.revealDefinition');
		await waitFor('cursor on line 4', () => vscode.window.activeTextEditor?.selection.active.line === 3 ? true : undefined);
	});

	test('Expert Information counts equal the Problems panel\'s, code by code', async () => {
		const doc = await fixture('zero-window/nn.txt');
		const diags = await waitFor('diagnostics', () => {
			const d = vscode.languages.getDiagnostics(doc.uri);
			return d.length > 0 ? d : undefined;
		});
		const groups = await waitFor('expert groups', () => api.expert.document === doc && api.expert.groups().length > 0 ? api.expert.groups() : undefined);
		const problems = new Map<string, number>();
		for (const d of diags) {
			const code = String(typeof d.code === 'object' ? d.code.value : d.code);
			problems.set(code, (problems.get(code) ?? 0) + 1);
		}
		assert.deepStrictEqual(new Map(groups.map(g => [g.code, g.count])), problems);
	});
});
