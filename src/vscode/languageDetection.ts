/**
 * Switches `.log`/`.txt`/`.out` and untitled plain-text documents holding tcpdump output to the
 * `tcpdump` language (`tcpdump.autoDetect`), and offers `tcpdump.treatAsTcpdump` for the rest.
 * A document the user switched back is left alone.
 */
import * as vscode from 'vscode';
import { config } from './config';
import { looksLikeTcpdump } from '../core/scan/detect';
import { PerDocumentDebounce } from './debounce';
import { LANGUAGE_ID } from './diagnostics';

export const TREAT_AS_TCPDUMP = 'tcpdump.treatAsTcpdump';
const SNIFF_LINES = 50;
const CANDIDATE_LANGUAGES = new Set(['plaintext', 'log']);
const CANDIDATE_FILE = /\.(?:log|txt|out)$/i;

export class LanguageDetection implements vscode.Disposable {
	/** Documents already switched once (so switching back by hand sticks). */
	readonly #switched = new Set<string>();
	readonly #pending = new PerDocumentDebounce();
	readonly #subscriptions: vscode.Disposable[] = [this.#pending];

	constructor() {
		this.#subscriptions.push(
			vscode.workspace.onDidOpenTextDocument(d => void this.#detect(d)),
			// Untitled documents are empty when opened: look again after a paste.
			vscode.workspace.onDidChangeTextDocument(e => {
				if (e.document.isUntitled && CANDIDATE_LANGUAGES.has(e.document.languageId)) {
					this.#later(e.document);
				}
			}),
			vscode.workspace.onDidCloseTextDocument(d => this.#pending.cancel(d.uri.toString())),
			vscode.commands.registerCommand(TREAT_AS_TCPDUMP, (uri?: unknown) => this.#treatAsTcpdump(uri)),
		);
		for (const d of vscode.workspace.textDocuments) {
			void this.#detect(d);
		}
	}

	#later(document: vscode.TextDocument): void {
		this.#pending.schedule(document.uri.toString(), 300, () => void this.#detect(document));
	}

	#isCandidate(document: vscode.TextDocument): boolean {
		if (!CANDIDATE_LANGUAGES.has(document.languageId) || document.isClosed) {
			return false;
		}
		return document.isUntitled || CANDIDATE_FILE.test(document.uri.path);
	}

	async #detect(document: vscode.TextDocument): Promise<void> {
		try {
			const key = document.uri.toString();
			if (this.#switched.has(key) || !this.#isCandidate(document)) {
				return;
			}
			if (!config(document.uri).autoDetect) {
				return;
			}
			const n = Math.min(SNIFF_LINES, document.lineCount);
			const lines: string[] = [];
			for (let i = 0; i < n; i++) {
				lines.push(document.lineAt(i).text);
			}
			if (!looksLikeTcpdump(lines)) {
				return;
			}
			this.#switched.add(key);
			await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
		} catch (e) {
			console.error('tcpdump Lens: language detection failed', e);
		}
	}

	async #treatAsTcpdump(uri: unknown): Promise<vscode.TextDocument | undefined> {
		try {
			let document: vscode.TextDocument | undefined;
			if (uri instanceof vscode.Uri) {
				document = await vscode.workspace.openTextDocument(uri);
			} else if (typeof uri === 'string') {
				document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
			} else {
				document = vscode.window.activeTextEditor?.document;
			}
			if (!document) {
				void vscode.window.showInformationMessage('tcpdump Lens: open the capture text first.');
				return undefined;
			}
			this.#switched.add(document.uri.toString());
			if (document.languageId === LANGUAGE_ID) {
				return document;
			}
			return await vscode.languages.setTextDocumentLanguage(document, LANGUAGE_ID);
		} catch (e) {
			console.error('tcpdump Lens: treat as tcpdump failed', e);
			return undefined;
		}
	}

	dispose(): void {
		for (const d of this.#subscriptions.splice(0)) {
			d.dispose();
		}
	}
}

export function registerLanguageDetection(): vscode.Disposable {
	return new LanguageDetection();
}
