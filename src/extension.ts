/** Entry point: wiring only. Each feature lives in one adapter under src/vscode. */
import * as vscode from 'vscode';
import { registerCodeLens } from './vscode/codeLensProvider';
import { LANGUAGE_ID, registerDiagnostics } from './vscode/diagnostics';
import { DocumentModel } from './vscode/documentModel';
import { registerHover } from './vscode/hoverProvider';
import { registerLanguageDetection } from './vscode/languageDetection';
import { registerSummaryCommand } from './vscode/summaryCommand';

const TCPDUMP: vscode.DocumentSelector = { language: LANGUAGE_ID };

export function activate(context: vscode.ExtensionContext): void {
	const model = new DocumentModel();
	context.subscriptions.push(
		model,
		registerHover(TCPDUMP, model),
		registerCodeLens(TCPDUMP, model),
		registerDiagnostics(model),
		registerLanguageDetection(),
		registerSummaryCommand(model),
	);
}

export function deactivate(): void {
	// Everything is disposed through context.subscriptions.
}
