/**
 * `tcpdump.revealLine(uri, line)`: opens the document (if needed), moves the cursor to the 0-based
 * line and scrolls it into view. Hovers link their "line N" to it; other views may reuse it.
 * Arguments are checked: the command is reachable from hover markdown links.
 */
import * as vscode from 'vscode';

export const REVEAL_LINE_COMMAND = 'tcpdump.revealLine';

/** The `command:` URI a markdown link uses to reveal `line` (0-based) of `uri`. */
export function revealLineUri(uri: vscode.Uri, line: number): string {
	// parentheses would end the markdown link target: a file name may hold them
	const args = encodeURIComponent(JSON.stringify([uri.toString(), line])).replace(/\(/g, '%28').replace(/\)/g, '%29');
	return `command:${REVEAL_LINE_COMMAND}?${args}`;
}

async function revealLine(uriText: unknown, line: unknown): Promise<void> {
	if (typeof uriText !== 'string' || typeof line !== 'number' || !Number.isInteger(line) || line < 0) {
		return;
	}
	const uri = vscode.Uri.parse(uriText, true);
	const open = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === uri.toString());
	const document = open?.document ?? await vscode.workspace.openTextDocument(uri);
	const target = Math.max(0, Math.min(line, document.lineCount - 1));
	const range = new vscode.Range(target, 0, target, 0);
	const editor = await vscode.window.showTextDocument(document, { viewColumn: open?.viewColumn, selection: range, preserveFocus: false });
	editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

export function registerRevealLine(): vscode.Disposable {
	return vscode.commands.registerCommand(REVEAL_LINE_COMMAND, revealLine);
}
