/**
 * Tells the user when the analysis of a capture stopped short of its end (the editor's connection
 * or packet budget, see documentModel.ts): what is shown, what is not, and what to do. Once per
 * document, so typing into a huge capture does not repeat it.
 */
import * as vscode from 'vscode';
import type { AnalysisLimit, DocumentModel } from './documentModel';

/** The notice's text: what was analysed, what is missing, and the way to the whole capture. */
export function limitMessage(limit: AnalysisLimit): string {
	const what = limit.reason === 'connections'
		? `${limit.connections.toLocaleString('en-US')} TCP connections`
		: `${limit.packets.toLocaleString('en-US')} packets`;
	return `tcpdump Lens analysed lines 1–${limit.stoppedAtLine.toLocaleString('en-US')} of ` +
		`${limit.lineCount.toLocaleString('en-US')} (${what}, the editor's budget): highlighting still works everywhere, ` +
		`but findings, CodeLens and hovers stop at line ${limit.stoppedAtLine.toLocaleString('en-US')}. ` +
		'For the whole capture run `tcpdump-lens --summary FILE` in a terminal.';
}

export function registerAnalysisLimitNotice(model: DocumentModel): vscode.Disposable {
	const told = new Set<string>();
	return vscode.Disposable.from(
		model.onDidLimit(({ document, limit }) => {
			const key = document.uri.toString();
			if (told.has(key)) {
				return;
			}
			told.add(key);
			void vscode.window.showWarningMessage(limitMessage(limit));
		}),
		vscode.workspace.onDidCloseTextDocument(d => told.delete(d.uri.toString())),
	);
}
