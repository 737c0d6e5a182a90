// Opening a binary capture in the real editor (issue 12): the custom editor hands over to a
// read-only `tcpdump-pcap:` document with tcpdump's text, and every feature works on it.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { waitFor } from './helpers';

const EXTENSION_ID = 'tcpdump-lens.tcpdump-lens';
const DEADLINE_MS = 15000;

async function resolveFile(rel: string): Promise<vscode.Uri> {
	const roots: vscode.Uri[] = (vscode.workspace.workspaceFolders ?? []).map(f => f.uri);
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
			// next root
		}
	}
	throw new Error(`${rel} not found`);
}

suite('pcap files', () => {
	test('opening synack-wrong-ack.pcap shows tcpdump\'s text with CodeLens and the handshake diagnostic', async () => {
		const pcap = await resolveFile('test/fixtures/synack-wrong-ack/synack-wrong-ack.pcap');
		const expected = new TextDecoder().decode(await vscode.workspace.fs.readFile(await resolveFile('test/fixtures/synack-wrong-ack/nn.txt')));
		await vscode.commands.executeCommand('vscode.open', pcap);
		const editor = await waitFor('a tcpdump-pcap: editor', () => {
			const e = vscode.window.activeTextEditor;
			return e?.document.uri.scheme === 'tcpdump-pcap' && e.document.getText().length > 0 ? e : undefined;
		}, DEADLINE_MS);
		const doc = editor.document;
		assert.strictEqual(doc.languageId, 'tcpdump');
		assert.strictEqual(doc.getText(), expected);
		const lenses = await waitFor('CodeLens', async () => {
			const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
			return l && l.length > 0 ? l : undefined;
		}, DEADLINE_MS);
		assert.ok(lenses.some(l => l.range.start.line === 0), 'a lens above the SYN on line 1');
		const diag = await waitFor('handshake.synack-ack-mismatch', () =>
			vscode.languages.getDiagnostics(doc.uri).find(d => (typeof d.code === 'object' ? d.code.value : d.code) === 'handshake.synack-ack-mismatch'), DEADLINE_MS);
		assert.strictEqual(diag.range.start.line, 1, 'on the SYN-ACK (line 2)');
		const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, doc.lineAt(0).text.indexOf('Flags [S]') + 7));
		assert.ok(hovers.length > 0, 'a hover on the SYN flag');
	});

	test('a range of a capture (packets 2–3, as the range picker opens it) says so on its first line, then tcpdump\'s lines', async () => {
		const pcap = await resolveFile('test/fixtures/synack-wrong-ack/synack-wrong-ack.pcap');
		const expected = new TextDecoder().decode(await vscode.workspace.fs.readFile(await resolveFile('test/fixtures/synack-wrong-ack/nn.txt'))).split('\n');
		const uri = vscode.Uri.from({ scheme: 'tcpdump-pcap', path: pcap.path + '.tcpdump', query: pcap.toString(), fragment: 'packets=2-3' });
		const doc = await vscode.workspace.openTextDocument(uri);
		assert.strictEqual(doc.lineAt(0).text,
			'tcpdump Lens: packets 2-3 of 3 (a document holds at most 50 MB of text; "tcpdump: Show packets K-M of a large capture" shows other packets). Time stamps: UTC.');
		assert.strictEqual(doc.getText(), [doc.lineAt(0).text, expected[1], expected[2], ''].join('\n'));
		const commands = await vscode.commands.getCommands(true);
		assert.ok(commands.includes('tcpdump.pcap.showPackets'), 'the range picker command is registered');
	});
});
