// The extension host survives any capture it accepts: a 49 MiB SYN scan (230,000 refused
// connections, just under VS Code's 50 MiB sync limit) is opened and typed into; the analysis
// stops at the editor's connection budget and the extension host stays far from running out of heap.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { waitFor } from './helpers';

const LIMIT_MIB = 1536;

/** A SYN scan as `tcpdump -nn -S` prints it: each probe answered by a RST. */
function synScanText(targetBytes: number): string {
	const parts: string[] = [];
	let size = 0;
	for (let i = 0; size < targetBytes; i++) {
		const us = String(i % 1000000).padStart(6, '0');
		const sec = String(Math.floor(i / 1000000) % 60).padStart(2, '0');
		const host = `10.1.${(i >> 8) & 255}.${i & 255}`;
		const port = 1 + (i % 65000);
		const seq = 1000000 + i * 7;
		const syn = `10:00:${sec}.${us} IP 10.0.0.1.40000 > ${host}.${port}: Flags [S], seq ${seq}, win 1024, options [mss 1460], length 0\n`;
		const rst = `10:00:${sec}.${us} IP ${host}.${port} > 10.0.0.1.40000: Flags [R.], seq 0, ack ${seq + 1}, win 0, length 0\n`;
		parts.push(syn, rst);
		size += syn.length + rst.length;
	}
	return parts.join('');
}

suite('tcpdump Lens at scale', () => {
	test('a 49 MiB SYN scan opens, takes two typed characters, and the extension host stays under 1.5 GB', async function () {
		this.timeout(300000);
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tcpdump-lens-scale-')), 'syn-scan.tcpdump');
		fs.writeFileSync(file, synScanText(49 * 1024 * 1024));
		try {
			const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
			assert.strictEqual(doc.languageId, 'tcpdump');
			const editor = await vscode.window.showTextDocument(doc);
			const uri = doc.uri;
			// The analysis stops at the budget: refused connections up to there, none past it.
			const first = await waitFor('diagnostics on the SYN scan', () => {
				const d = vscode.languages.getDiagnostics(uri);
				return d.length > 0 ? d : undefined;
			}, 180000);
			assert.ok(first.some(d => d.code && String(typeof d.code === 'object' ? d.code.value : d.code) === 'handshake.refused'));
			const lastLine = Math.max(...first.map(d => d.range.start.line));
			assert.ok(lastLine < doc.lineCount - 1000, `analysis stopped before the end (last finding on line ${lastLine + 1} of ${doc.lineCount})`);
			for (const ch of ['x', 'y']) {
				await editor.edit(e => e.insert(new vscode.Position(0, 0), ch));
			}
			// A hover waits for the analysis of the current version: it answers once the re-analysis
			// after the typing is done, in this same extension host.
			const rst = doc.lineAt(1).text;
			const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri,
				new vscode.Position(1, rst.indexOf('[R.]') + 1));
			const text = hovers.flatMap(h => h.contents.map(c => typeof c === 'string' ? c : 'value' in c ? c.value : '')).join('\n');
			assert.ok(/RST/.test(text), `hover on the RST flag after typing explains RST:\n${text}`);
			await new Promise(r => setTimeout(r, 3000));
			const rssMiB = process.memoryUsage().rss / (1024 * 1024);
			console.log(`    extension host RSS after opening and typing: ${rssMiB.toFixed(0)} MiB`);
			assert.ok(rssMiB < LIMIT_MIB, `extension host RSS ${rssMiB.toFixed(0)} MiB < ${LIMIT_MIB} MiB`);
		} finally {
			await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
			fs.rmSync(path.dirname(file), { recursive: true, force: true });
		}
	});
});
