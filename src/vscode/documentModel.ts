/**
 * The parse cache: one `CaptureAnalysis` per document, keyed by uri + version, so the hover, CodeLens
 * and diagnostics adapters share one parse per edit. Dropped when the document closes.
 */
import * as vscode from 'vscode';
import { analyzeText, type CaptureAnalysis } from '../core/capture';

/** Above this size tcpdump Lens does not analyse synchronously (README: Known limitations). */
export const MAX_ANALYSED_CHARS = 50 * 1024 * 1024;

interface Entry {
	readonly version: number;
	readonly analysis: CaptureAnalysis | undefined;
}

export class DocumentModel implements vscode.Disposable {
	readonly #cache = new Map<string, Entry>();
	readonly #subscriptions: vscode.Disposable[] = [];

	constructor() {
		this.#subscriptions.push(vscode.workspace.onDidCloseTextDocument(d => this.#cache.delete(d.uri.toString())));
	}

	/** The analysis of this version of the document; undefined when it is too large or could not be read. */
	get(document: vscode.TextDocument): CaptureAnalysis | undefined {
		const key = document.uri.toString();
		const cached = this.#cache.get(key);
		if (cached && cached.version === document.version) {
			return cached.analysis;
		}
		let analysis: CaptureAnalysis | undefined;
		try {
			const text = document.getText();
			analysis = text.length <= MAX_ANALYSED_CHARS ? analyzeText(text) : undefined;
		} catch (e) {
			console.error('tcpdump Lens: could not analyse', key, e);
			analysis = undefined;
		}
		this.#cache.set(key, { version: document.version, analysis });
		return analysis;
	}

	dispose(): void {
		this.#cache.clear();
		for (const d of this.#subscriptions.splice(0)) {
			d.dispose();
		}
	}
}
