/** `tcpdump: Show expert summary`: the active capture's summary (core/features/summary.ts) as an untitled Markdown document. */
import * as vscode from 'vscode';
import { renderSummaryMarkdown, summarize } from '../core/features/summary';
import { LANGUAGE_ID } from './diagnostics';
import type { DocumentModel } from './documentModel';

export const SHOW_SUMMARY_COMMAND = 'tcpdump.showSummary';

export function registerSummaryCommand(model: DocumentModel): vscode.Disposable {
	return vscode.commands.registerCommand(SHOW_SUMMARY_COMMAND, async () => {
		const document = vscode.window.activeTextEditor?.document;
		if (!document || document.languageId !== LANGUAGE_ID) {
			void vscode.window.showInformationMessage('tcpdump Lens: open a tcpdump capture first.');
			return;
		}
		const analysis = await model.analysis(document);
		if (!analysis) {
			void vscode.window.showWarningMessage('tcpdump Lens: this capture could not be analysed (too large for the editor?); the CLI summarises any size: tcpdump-lens --summary FILE');
			return;
		}
		const name = document.uri.path.split('/').pop() || document.uri.toString();
		const content = renderSummaryMarkdown(summarize(analysis), name);
		const summary = await vscode.workspace.openTextDocument({ language: 'markdown', content });
		await vscode.window.showTextDocument(summary, { preview: false, viewColumn: vscode.ViewColumn.Beside });
	});
}
