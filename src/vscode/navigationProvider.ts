/**
 * Go to Definition (ack → acknowledged segment, retransmission → first transmission, relative
 * seq → the SYN of its ISN), Find All References (a segment's ACKs and retransmissions) and
 * document highlights (the connection's address.port tokens; the handshake's flags), from the
 * core's navigation module.
 */
import * as vscode from 'vscode';
import type { CaptureAnalysis } from '../core/store/capture';
import { definitionAt, highlightsAt, referencesAt, type NavTarget } from '../core/features/navigation';
import { toCorePosition, toRange } from './convert';
import type { DocumentModel } from './documentModel';

function location(document: vscode.TextDocument, analysis: CaptureAnalysis, t: NavTarget): vscode.Location {
	const r = analysis.packets[t.packet];
	const span = t.span.end > t.span.start ? t.span : { line: r?.line ?? t.span.line, start: 0, end: 0 };
	return new vscode.Location(document.uri, toRange(span));
}

export class TcpdumpNavigationProvider implements vscode.DefinitionProvider, vscode.ReferenceProvider, vscode.DocumentHighlightProvider {
	constructor(private readonly model: DocumentModel) {}

	async provideDefinition(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Location[]> {
		try {
			const analysis = await this.model.analysis(document);
			if (!analysis || token.isCancellationRequested) {
				return [];
			}
			return definitionAt(analysis, toCorePosition(position)).map(t => location(document, analysis, t));
		} catch (e) {
			console.error('tcpdump Lens: definition failed', e);
			return [];
		}
	}

	async provideReferences(document: vscode.TextDocument, position: vscode.Position, context: vscode.ReferenceContext, token: vscode.CancellationToken): Promise<vscode.Location[]> {
		try {
			const analysis = await this.model.analysis(document);
			if (!analysis || token.isCancellationRequested) {
				return [];
			}
			return referencesAt(analysis, toCorePosition(position), context.includeDeclaration).map(t => location(document, analysis, t));
		} catch (e) {
			console.error('tcpdump Lens: references failed', e);
			return [];
		}
	}

	async provideDocumentHighlights(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.DocumentHighlight[]> {
		try {
			const analysis = await this.model.analysis(document);
			if (!analysis || token.isCancellationRequested) {
				return [];
			}
			return highlightsAt(analysis, toCorePosition(position)).map(s => new vscode.DocumentHighlight(toRange(s), vscode.DocumentHighlightKind.Read));
		} catch (e) {
			console.error('tcpdump Lens: highlights failed', e);
			return [];
		}
	}
}

export function registerNavigation(selector: vscode.DocumentSelector, model: DocumentModel): vscode.Disposable {
	const provider = new TcpdumpNavigationProvider(model);
	return vscode.Disposable.from(
		vscode.languages.registerDefinitionProvider(selector, provider),
		vscode.languages.registerReferenceProvider(selector, provider),
		vscode.languages.registerDocumentHighlightProvider(selector, provider),
	);
}
