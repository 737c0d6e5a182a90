/**
 * Inlay hints for the visible range only (VS Code asks per range): each kind behind
 * `tcpdump.inlayHints.<kind>`, all off by default.
 */
import * as vscode from 'vscode';
import { inlayHints } from '../core/features/inlayHints';
import { config, onDidChangeConfig } from './config';
import type { DocumentModel } from './documentModel';

export class TcpdumpInlayHintsProvider implements vscode.InlayHintsProvider, vscode.Disposable {
	readonly #changed = new vscode.EventEmitter<void>();
	readonly onDidChangeInlayHints = this.#changed.event;
	readonly #subscription = onDidChangeConfig('inlayHints', () => this.#changed.fire());

	constructor(private readonly model: DocumentModel) {}

	async provideInlayHints(document: vscode.TextDocument, range: vscode.Range, token: vscode.CancellationToken): Promise<vscode.InlayHint[]> {
		try {
			const kinds = config(document.uri).inlayHints;
			if (!Object.values(kinds).some(Boolean)) {
				return [];
			}
			const analysis = await this.model.analysis(document);
			if (!analysis || token.isCancellationRequested) {
				return [];
			}
			return inlayHints(analysis, range.start.line, range.end.line, kinds).map(h => {
				const hint = new vscode.InlayHint(new vscode.Position(h.line, h.character), h.label, vscode.InlayHintKind.Type);
				hint.paddingLeft = true;
				return hint;
			});
		} catch (e) {
			console.error('tcpdump Lens: inlay hints failed', e);
			return [];
		}
	}

	dispose(): void {
		this.#subscription.dispose();
		this.#changed.dispose();
	}
}

export function registerInlayHints(selector: vscode.DocumentSelector, model: DocumentModel): vscode.Disposable {
	const provider = new TcpdumpInlayHintsProvider(model);
	return vscode.Disposable.from(provider, vscode.languages.registerInlayHintsProvider(selector, provider));
}
