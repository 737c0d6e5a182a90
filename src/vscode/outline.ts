/**
 * Outline / breadcrumbs / sticky scroll / Go to Symbol: the core's `documentSymbols` as
 * `DocumentSymbol`s. One symbol per connection (`client → server`, detail = Zeek state in words).
 */
import * as vscode from 'vscode';
import { documentSymbols, type SymbolData } from '../core/features/outline';
import type { DocumentModel } from './documentModel';

const KIND: Record<SymbolData['kind'], vscode.SymbolKind> = {
	connection: vscode.SymbolKind.Module,
	phase: vscode.SymbolKind.Namespace,
	packet: vscode.SymbolKind.Event,
};

function toSymbol(document: vscode.TextDocument, s: SymbolData): vscode.DocumentSymbol {
	const last = Math.min(s.endLine, document.lineCount - 1);
	const end = document.lineAt(Math.max(0, last)).range.end;
	const range = new vscode.Range(Math.min(s.startLine, last), 0, end.line, end.character);
	const selLine = Math.min(Math.max(s.selectionLine, range.start.line), end.line);
	const selection = new vscode.Range(selLine, 0, selLine, selLine === end.line ? end.character : document.lineAt(selLine).text.length);
	// VS Code requires a non-empty name and the selection inside the range
	const symbol = new vscode.DocumentSymbol(s.name || '?', s.detail, KIND[s.kind], range, range.contains(selection) ? selection : new vscode.Range(range.start, range.start));
	symbol.children = s.children.map(c => toSymbol(document, c));
	return symbol;
}

export class TcpdumpDocumentSymbolProvider implements vscode.DocumentSymbolProvider {
	constructor(private readonly model: DocumentModel) {}

	async provideDocumentSymbols(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.DocumentSymbol[]> {
		try {
			const analysis = await this.model.analysis(document);
			if (!analysis || token.isCancellationRequested || document.lineCount === 0) {
				return [];
			}
			// Interleaved connections have overlapping ranges, and the breadcrumbs and sticky scroll
			// name the FIRST top-level symbol whose range holds the cursor. Latest start first makes
			// that the connection opened most recently before the cursor, which is the one the line
			// belongs to far more often than the oldest; the Outline view and Go to Symbol sort by
			// position themselves, so the list the user reads is unchanged.
			return documentSymbols(analysis).map(s => toSymbol(document, s)).reverse();
		} catch (e) {
			console.error('tcpdump Lens: outline failed', e);
			return [];
		}
	}
}

export function registerOutline(selector: vscode.DocumentSelector, model: DocumentModel): vscode.Disposable {
	return vscode.languages.registerDocumentSymbolProvider(selector, new TcpdumpDocumentSymbolProvider(model), { label: 'TCP connections' });
}
