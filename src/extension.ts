/** Entry point: wiring only. Each feature lives in one adapter under src/vscode. */
import * as vscode from 'vscode';
import { registerAnalysisLimitNotice } from './vscode/analysisLimitNotice';
import { registerCodeLens } from './vscode/codeLensProvider';
import { registerConnectionDocuments } from './vscode/connectionDocument';
import { registerConnectionsView } from './vscode/connectionsView';
import { LANGUAGE_ID, registerDiagnostics } from './vscode/diagnostics';
import { registerDocumentLimits } from './vscode/documentLimits';
import { DocumentModel } from './vscode/documentModel';
import { registerExpertView } from './vscode/expertView';
import { registerHover } from './vscode/hoverProvider';
import { registerLadder } from './vscode/ladderPanel';
import { registerLanguageDetection } from './vscode/languageDetection';
import { registerRevealLine } from './vscode/revealLine';
import { registerLineDecorations } from './vscode/lineDecorations';
import { registerFolding } from './vscode/foldingProvider';
import { registerInlayHints } from './vscode/inlayHintsProvider';
import { registerNavigationCommands } from './vscode/navigationCommands';
import { registerNavigation } from './vscode/navigationProvider';
import { registerOutline } from './vscode/outline';
import { registerPcapDocuments } from './vscode/pcapDocuments';
import { registerSummaryCommand } from './vscode/summaryCommand';

const TCPDUMP: vscode.DocumentSelector = { language: LANGUAGE_ID };

/** What the integration tests read back (the trees' rows); not a public API. */
export interface TcpdumpLensApi {
	readonly connections: ReturnType<typeof registerConnectionsView>['provider'];
	readonly expert: ReturnType<typeof registerExpertView>['provider'];
}

export function activate(context: vscode.ExtensionContext): TcpdumpLensApi {
	const model = new DocumentModel();
	const connections = registerConnectionsView(model);
	const expert = registerExpertView(model);
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
		registerOutline(TCPDUMP, model),
		connections.disposable,
		expert.disposable,
		registerConnectionDocuments(model).disposable,
		registerNavigation(TCPDUMP, model),
		registerFolding(TCPDUMP, model),
		registerInlayHints(TCPDUMP, model),
		registerNavigationCommands(model),
		registerPcapDocuments(),
		registerSummaryCommand(model),
	);
	return { connections: connections.provider, expert: expert.provider };
}

export function deactivate(): void {
	// Everything is disposed through context.subscriptions.
}
