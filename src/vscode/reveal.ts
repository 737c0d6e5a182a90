/**
 * Opens a document at a 0-based line and selects it. Private to this extension's views and
 * commands (the public `tcpdump.revealLine` command belongs to the hover adapter).
 */
import * as vscode from 'vscode';

export async function openAtLine(uri: vscode.Uri, line: number, options: { preserveFocus?: boolean; viewColumn?: vscode.ViewColumn } = {}): Promise<vscode.TextEditor | undefined> {
	const document = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString())
		?? await vscode.workspace.openTextDocument(uri);
	const l = Math.max(0, Math.min(line, document.lineCount - 1));
	const range = new vscode.Range(l, 0, l, document.lineAt(l).text.length);
	const visible = vscode.window.visibleTextEditors.find(e => e.document === document);
	const editor = await vscode.window.showTextDocument(document, {
		viewColumn: options.viewColumn ?? visible?.viewColumn,
		preserveFocus: options.preserveFocus ?? false,
		selection: new vscode.Selection(range.start, range.start),
	});
	editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
	return editor;
}
