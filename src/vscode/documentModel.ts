/**
 * The parse cache: one `CaptureAnalysis` per document, keyed by uri + version, so the hover, CodeLens
 * and diagnostics adapters share one parse per edit. Dropped when the document closes.
 *
 * Parsing runs in slices that yield to the extension host between them, so a large capture never
 * blocks other extensions or typing; a newer version of the document abandons an older parse.
 * A version that only appends whole lines to the previous one (a growing `tcpdump -l | tee` log)
 * continues the previous version's reader with the new lines instead of reading it all again; any
 * other edit is a full re-analysis, in slices.
 */
import * as vscode from 'vscode';
import { type CaptureAnalysis } from '../core/store/capture';
import { analyseTextInSlices, appendedLines, continueInSlices, type AnalysisLimit, type AnalysisSession, type SliceOptions } from '../core/analyse/slicedAnalysis';

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
	promise: Promise<CaptureAnalysis | undefined>;
	limit?: AnalysisLimit;
	/** The reader behind this version's analysis, once complete: the next version may continue it. */
	session?: AnalysisSession;
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
		const entry: Entry = { version: document.version, promise: Promise.resolve(undefined) };
		const previous = cached?.session;
		if (cached) {
			cached.session = undefined; // a session goes on in one later version only
		}
		this.#cache.set(key, entry);
		const promise = derive ? derive(document).catch(() => undefined) : this.#compute(document, key, entry, previous);
		entry.promise = promise;
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

	async #compute(document: vscode.TextDocument, key: string, entry: Entry, previous: AnalysisSession | undefined): Promise<CaptureAnalysis | undefined> {
		const version = entry.version;
		try {
			const text = document.getText();
			if (text.length > MAX_ANALYSED_CHARS) {
				return undefined;
			}
			const superseded = () => document.isClosed || document.version !== version || this.#cache.get(key) !== entry;
			const options: SliceOptions = {
				sliceBudgetMs: SLICE_BUDGET_MS, maxConnections: MAX_EDITOR_CONNECTIONS, maxPackets: MAX_EDITOR_PACKETS,
				now: () => Date.now(),
				yieldNow: async () => {
					await nextTurn();
					return !superseded(); // a newer version has its own parse
				},
			};
			const added = previous ? appendedLines(previous, text) : undefined;
			const result = previous && added ? await continueInSlices(previous, text, added, options) : await analyseTextInSlices(text, options);
			if (!result) {
				return undefined;
			}
			longestSlice = Math.max(longestSlice, result.longestSliceMs);
			if (this.#cache.get(key) === entry) {
				entry.session = result.session;
			}
			const limit = result.limit;
			if (limit) {
				if (this.#cache.get(key) === entry) {
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
