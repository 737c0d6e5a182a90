/**
 * One pending timer per document: a newer request for the same document replaces the older one.
 * Used by the diagnostics (recompute after typing stops) and by language detection (sniff an
 * untitled document again after a paste).
 */
import type * as vscode from 'vscode';

export class PerDocumentDebounce implements vscode.Disposable {
	readonly #pending = new Map<string, ReturnType<typeof setTimeout>>();

	/** Runs `action` after `delayMs`, unless the same key is scheduled or cancelled again before. */
	schedule(key: string, delayMs: number, action: () => void): void {
		this.cancel(key);
		this.#pending.set(key, setTimeout(() => {
			this.#pending.delete(key);
			action();
		}, delayMs));
	}

	cancel(key: string): void {
		const t = this.#pending.get(key);
		if (t !== undefined) {
			clearTimeout(t);
			this.#pending.delete(key);
		}
	}

	dispose(): void {
		for (const t of this.#pending.values()) {
			clearTimeout(t);
		}
		this.#pending.clear();
	}
}
