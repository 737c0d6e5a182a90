/**
 * The parse cache: one `CaptureAnalysis` per document, keyed by uri + version, so the hover, CodeLens
 * and diagnostics adapters share one parse per edit. Dropped when the document closes.
 *
 * Parsing runs in slices that yield to the extension host between them, so a large capture never
 * blocks other extensions or typing; a newer version of the document abandons an older parse.
 */
import * as vscode from 'vscode';
import { type CaptureAnalysis } from '../core/store/capture';
import { splitLines } from '../core/scan/lines';
import { analyseInSlices, type AnalysisLimit } from '../core/analyse/slicedAnalysis';

export type { AnalysisLimit };

/** Above this size tcpdump Lens does not analyse (VS Code does not sync documents over 50 MB anyway). */
export const MAX_ANALYSED_CHARS = 50 * 1024 * 1024;

/** How long one slice of reading may hold the extension host before it yields. */
export const SLICE_BUDGET_MS = 8;

/**
 * What the extension host can hold for one document. The cost is per connection (about 5 KB each
 * with its handshake, statistics and analysis state) and per packet (about 1 KB), not per character:
 * a 49 MiB SYN scan is 230,000 connections. Past either budget the analysis stops at that line and
 * says so, instead of taking the extension host (and every other extension in it) down.
 */
export const MAX_EDITOR_CONNECTIONS = 50_000;
export const MAX_EDITOR_PACKETS = 600_000;

interface Entry {
	readonly version: number;
	readonly promise: Promise<CaptureAnalysis | undefined>;
	limit?: AnalysisLimit;
}

function nextTurn(): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, 0));
}

/** The longest slice so far (ms). */
let longestSlice = 0;

/** Computes the analysis of a document derived from another one (a one-connection view). */
export type DerivedAnalysis = (document: vscode.TextDocument) => Promise<CaptureAnalysis | undefined>;

export class DocumentModel implements vscode.Disposable {
	readonly #cache = new Map<string, Entry>();
	readonly #derived = new Map<string, DerivedAnalysis>();
	readonly #subscriptions: vscode.Disposable[] = [];
	readonly #onDidLimit = new vscode.EventEmitter<{ document: vscode.TextDocument; limit: AnalysisLimit }>();
	/** Fired when an analysis stops short of the document's end (see MAX_EDITOR_CONNECTIONS). */
	readonly onDidLimit = this.#onDidLimit.event;

	static get longestSliceMs(): number {
		return longestSlice;
	}

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

	/** Where the analysis of this version stopped short of the end, if it did. */
	limitOf(document: vscode.TextDocument): AnalysisLimit | undefined {
		const cached = this.#cache.get(document.uri.toString());
		return cached && cached.version === document.version ? cached.limit : undefined;
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
			const superseded = () => document.isClosed || document.version !== version || this.#cache.get(key)?.version !== version;
			const result = await analyseInSlices(lines, {
				sliceBudgetMs: SLICE_BUDGET_MS, maxConnections: MAX_EDITOR_CONNECTIONS, maxPackets: MAX_EDITOR_PACKETS,
				now: () => Date.now(),
				yieldNow: async () => {
					await nextTurn();
					return !superseded(); // a newer version has its own parse
				},
			});
			if (!result) {
				return undefined;
			}
			longestSlice = Math.max(longestSlice, result.longestSliceMs);
			const limit = result.limit;
			if (limit) {
				const entry = this.#cache.get(key);
				if (entry?.version === version) {
					entry.limit = limit;
				}
				queueMicrotask(() => this.#onDidLimit.fire({ document, limit }));
			}
			return result.analysis;
		} catch (e) {
			console.error('tcpdump Lens: could not analyse', key, e);
			return undefined;
		}
	}

	dispose(): void {
		this.#cache.clear();
		this.#onDidLimit.dispose();
		for (const d of this.#subscriptions.splice(0)) {
			d.dispose();
		}
	}
}
