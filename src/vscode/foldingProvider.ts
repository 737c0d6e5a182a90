/** Folding: the core's `foldingRanges` (contiguous connections, multi-line packets). */
import * as vscode from 'vscode';
import { foldingRanges } from '../core/features/folding';
import type { DocumentModel } from './documentModel';

export class TcpdumpFoldingProvider implements vscode.FoldingRangeProvider {
	constructor(private readonly model: DocumentModel) {}

	async provideFoldingRanges(document: vscode.TextDocument, _context: vscode.FoldingContext, token: vscode.CancellationToken): Promise<vscode.FoldingRange[]> {
		try {
			const analysis = await this.model.analysis(document);
			if (!analysis || token.isCancellationRequested) {
				return [];
			}
			const blank = (l: number): boolean => l < document.lineCount && document.lineAt(l).isEmptyOrWhitespace;
			return foldingRanges(analysis, blank)
				.filter(f => f.endLine < document.lineCount)
				.map(f => new vscode.FoldingRange(f.startLine, f.endLine, vscode.FoldingRangeKind.Region));
		} catch (e) {
			console.error('tcpdump Lens: folding failed', e);
			return [];
		}
	}
}

export function registerFolding(selector: vscode.DocumentSelector, model: DocumentModel): vscode.Disposable {
	return vscode.languages.registerFoldingRangeProvider(selector, new TcpdumpFoldingProvider(model));
}
