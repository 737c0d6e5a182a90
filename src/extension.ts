/** Entry point: wiring only. Each feature lives in one adapter under src/vscode. */
import * as vscode from 'vscode';
import { registerAnalysisLimitNotice } from './vscode/analysisLimitNotice';
import { registerCodeLens } from './vscode/codeLensProvider';
import { LANGUAGE_ID, registerDiagnostics } from './vscode/diagnostics';
import { registerDocumentLimits } from './vscode/documentLimits';
import { DocumentModel } from './vscode/documentModel';
import { registerHover } from './vscode/hoverProvider';
import { registerLadder } from './vscode/ladderPanel';
import { registerLanguageDetection } from './vscode/languageDetection';
import { registerRevealLine } from './vscode/revealLine';
import { registerLineDecorations } from './vscode/lineDecorations';

const TCPDUMP: vscode.DocumentSelector = { language: LANGUAGE_ID };

export function activate(context: vscode.ExtensionContext): void {
	const model = new DocumentModel();
	context.subscriptions.push(
		model,
		registerHover(TCPDUMP, model),
		registerCodeLens(TCPDUMP, model),
		registerDiagnostics(model),
		registerLanguageDetection(),
		registerAnalysisLimitNotice(model),
		registerRevealLine(),
		registerLadder(model, context.extensionUri),
		registerLineDecorations(model),
		registerDocumentLimits(),
	);
}

export function deactivate(): void {
	// Everything is disposed through context.subscriptions.
}
