/**
 * A status bar item that says when one of VS Code's limits takes something away from the capture in
 * the active editor (texts and thresholds in limitNotices.ts): a file over 50 MiB that extensions never
 * see, highlighting turned off above 20 MiB / 300,000 lines, more than 1,000 diagnostics. The tooltip
 * says what still works and what to do. Hidden otherwise.
 */
import * as vscode from 'vscode';
import { editorLimits } from './config';
import { DIAGNOSTIC_SOURCE, LANGUAGE_ID } from './diagnostics';
import { limitNotices, SYNC_LIMIT_CHARS, type DocumentFacts } from './limitNotices';

const UPDATE_DELAY_MS = 250;

/** File names contributed to the `tcpdump` language (package.json): the only unsynced files we can attribute to it. */
function looksLikeCaptureName(uri: vscode.Uri): boolean {
	return /\.(?:tcpdump|pcap\.txt)$/i.test(uri.path);
}

export class DocumentLimits implements vscode.Disposable {
	readonly #item = vscode.window.createStatusBarItem('tcpdump.documentLimits', vscode.StatusBarAlignment.Right, 100);
	readonly #subscriptions: vscode.Disposable[] = [this.#item];
	#timer: ReturnType<typeof setTimeout> | undefined;
	#generation = 0;

	constructor() {
		this.#item.name = 'tcpdump Lens: large capture';
		this.#subscriptions.push(
			vscode.window.onDidChangeActiveTextEditor(() => this.#schedule()),
			vscode.window.tabGroups.onDidChangeTabs(() => this.#schedule()),
			vscode.window.tabGroups.onDidChangeTabGroups(() => this.#schedule()),
			vscode.workspace.onDidChangeTextDocument(e => {
				if (e.document === vscode.window.activeTextEditor?.document) {
					this.#schedule();
				}
			}),
			vscode.languages.onDidChangeDiagnostics(e => {
				const active = vscode.window.activeTextEditor?.document.uri.toString();
				if (active && e.uris.some(u => u.toString() === active)) {
					this.#schedule();
				}
			}),
			vscode.workspace.onDidChangeConfiguration(e => {
				if (e.affectsConfiguration('editor.largeFileOptimizations')) {
					this.#schedule();
				}
			}),
		);
		this.#schedule();
	}

	#schedule(): void {
		if (this.#timer !== undefined) {
			clearTimeout(this.#timer);
		}
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			this.#update().catch(e => console.error('tcpdump Lens: document limits failed', e));
		}, UPDATE_DELAY_MS);
	}

	async #facts(): Promise<DocumentFacts | undefined> {
		const editor = vscode.window.activeTextEditor;
		if (editor) {
			const document = editor.document;
			if (document.languageId !== LANGUAGE_ID) {
				return undefined;
			}
			const lastLine = document.lineAt(document.lineCount - 1);
			return {
				synced: true,
				chars: document.offsetAt(lastLine.range.end),
				lines: document.lineCount,
				largeFileOptimizations: editorLimits(document.uri).largeFileOptimizations,
				diagnostics: vscode.languages.getDiagnostics(document.uri).filter(d => d.source === DIAGNOSTIC_SOURCE).length,
			};
		}
		// No editor the extension host knows of: maybe a text tab whose document is too large to sync.
		const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
		if (!(input instanceof vscode.TabInputText) || !looksLikeCaptureName(input.uri)
			|| vscode.workspace.textDocuments.some(d => d.uri.toString() === input.uri.toString())) {
			return undefined;
		}
		const stat = await vscode.workspace.fs.stat(input.uri);
		return stat.size > SYNC_LIMIT_CHARS ? { synced: false, bytes: stat.size } : undefined;
	}

	async #update(): Promise<void> {
		const generation = ++this.#generation;
		const facts = await this.#facts();
		if (generation !== this.#generation) {
			return; // a newer update is running
		}
		const notices = facts ? limitNotices(facts) : [];
		if (notices.length === 0) {
			this.#item.hide();
			return;
		}
		this.#item.text = `$(warning) tcpdump: ${notices.map(x => x.label).join(' · ')}`;
		const tooltip = new vscode.MarkdownString(notices.map(x => x.explanation).join('\n\n---\n\n'));
		tooltip.isTrusted = false;
		this.#item.tooltip = tooltip;
		this.#item.show();
	}

	dispose(): void {
		if (this.#timer !== undefined) {
			clearTimeout(this.#timer);
		}
		for (const d of this.#subscriptions.splice(0)) {
			d.dispose();
		}
	}
}

export function registerDocumentLimits(): vscode.Disposable {
	return new DocumentLimits();
}
