/**
 * The parse cache: one `CaptureAnalysis` per document, keyed by uri + version, so the hover, CodeLens
 * and diagnostics adapters share one parse per edit. Dropped when the document closes.
 *
 * Parsing runs in slices that yield to the extension host between them, so a large capture never
 * blocks other extensions or typing; a newer version of the document abandons an older parse.
 */
import * as vscode from 'vscode';
import { CaptureReader, detectDeltaMode, splitLines, toAnalysis, type CaptureAnalysis } from '../core/capture';

/** Above this size tcpdump Lens does not analyse (VS Code does not sync documents over 50 MB anyway). */
export const MAX_ANALYSED_CHARS = 50 * 1024 * 1024;

/** Lines read between two yields: a few milliseconds of work. */
const SLICE_LINES = 20000;

interface Entry {
	readonly version: number;
	readonly promise: Promise<CaptureAnalysis | undefined>;
}

function nextTurn(): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, 0));
}

/** Computes the analysis of a document derived from another one (a one-connection view). */
export type DerivedAnalysis = (document: vscode.TextDocument) => Promise<CaptureAnalysis | undefined>;

export class DocumentModel implements vscode.Disposable {
	readonly #cache = new Map<string, Entry>();
	readonly #derived = new Map<string, DerivedAnalysis>();
	readonly #subscriptions: vscode.Disposable[] = [];

	constructor() {
		this.#subscriptions.push(vscode.workspace.onDidCloseTextDocument(d => this.#cache.delete(d.uri.toString())));
	}

	/** The analysis of this version of the document; undefined when too large, unreadable or superseded. */
	analysis(document: vscode.TextDocument): Promise<CaptureAnalysis | undefined> {
		const key = document.uri.toString();
		const cached = this.#cache.get(key);
		if (cached && cached.version === document.version) {
			return cached.promise;
		}
		const derive = this.#derived.get(document.uri.scheme);
		const promise = derive ? derive(document).catch(() => undefined) : this.#compute(document, key, document.version);
		this.#cache.set(key, { version: document.version, promise });
		return promise;
	}

	/** Documents of this uri scheme get their analysis from `derive` instead of parsing their own text. */
	deriveScheme(scheme: string, derive: DerivedAnalysis): vscode.Disposable {
		this.#derived.set(scheme, derive);
		return new vscode.Disposable(() => this.#derived.delete(scheme));
	}

	async #compute(document: vscode.TextDocument, key: string, version: number): Promise<CaptureAnalysis | undefined> {
		try {
			const text = document.getText();
			if (text.length > MAX_ANALYSED_CHARS) {
				return undefined;
			}
			const lines = splitLines(text);
			const reader = new CaptureReader({ deltaMode: detectDeltaMode(lines) });
			for (let i = 0; i < lines.length; i++) {
				reader.push(lines[i] ?? '');
				if (i % SLICE_LINES === SLICE_LINES - 1) {
					await nextTurn();
					if (document.isClosed || document.version !== version || this.#cache.get(key)?.version !== version) {
						return undefined; // superseded: the newer version has its own parse
					}
				}
			}
			reader.finish();
			return toAnalysis(reader);
		} catch (e) {
			console.error('tcpdump Lens: could not analyse', key, e);
			return undefined;
		}
	}

	dispose(): void {
		this.#cache.clear();
		for (const d of this.#subscriptions.splice(0)) {
			d.dispose();
		}
	}
}
