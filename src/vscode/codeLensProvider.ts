/**
 * CodeLens adapter: one lens per connection (the core's `lensesFor`), clicking it runs
 * `tcpdump.selectConnection`, which selects every line of that connection. Honours
 * `tcpdump.codeLens.enabled` and refreshes when that setting changes.
 */
import * as vscode from 'vscode';
import { config, onDidChangeConfig } from './config';
import { lensesFor } from '../core/codeLens';
import type { DocumentModel } from './documentModel';

export const SELECT_CONNECTION = 'tcpdump.selectConnection';

export class TcpdumpCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
	readonly #changed = new vscode.EventEmitter<void>();
	readonly onDidChangeCodeLenses = this.#changed.event;
	readonly #subscriptions: vscode.Disposable[] = [];

	constructor(private readonly model: DocumentModel) {
		this.#subscriptions.push(this.#changed, onDidChangeConfig('codeLens', () => this.#changed.fire()));
	}

	async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
		try {
			if (!config(document.uri).codeLensEnabled) {
				return [];
			}
			const analysis = await this.model.analysis(document);
			if (!analysis || token.isCancellationRequested) {
				return [];
			}
			const uri = document.uri.toString();
			return lensesFor(analysis).map(l => new vscode.CodeLens(new vscode.Range(l.line, 0, l.line, 0), {
				title: l.title,
				tooltip: 'Select every line of this connection',
				command: SELECT_CONNECTION,
				arguments: [uri, l.connection],
			}));
		} catch (e) {
			console.error('tcpdump Lens: CodeLens failed', e);
			return [];
		}
	}

	dispose(): void {
		for (const d of this.#subscriptions.splice(0)) {
			d.dispose();
		}
	}
}

/** Selects every packet record (packet line and its continuation lines) of one connection and reveals the first. */
async function selectConnection(model: DocumentModel, uri: unknown, connection: unknown): Promise<void> {
	if (typeof uri !== 'string' || typeof connection !== 'number') {
		return;
	}
	const target = vscode.Uri.parse(uri);
	const document = vscode.workspace.textDocuments.find(d => d.uri.toString() === target.toString())
		?? await vscode.workspace.openTextDocument(target);
	const editor = vscode.window.visibleTextEditors.find(e => e.document === document)
		?? await vscode.window.showTextDocument(document);
	const analysis = await model.analysis(document);
	const conn = analysis?.connections[connection];
	if (!analysis || !conn) {
		return;
	}
	const selections: vscode.Selection[] = [];
	for (const i of conn.packets) {
		const r = analysis.packets[i];
		if (!r || r.line >= document.lineCount) {
			continue;
		}
		const last = Math.min(r.lastLine, document.lineCount - 1);
		selections.push(new vscode.Selection(r.line, 0, last, document.lineAt(last).text.length));
	}
	const first = selections[0];
	if (!first) {
		return;
	}
	editor.selections = selections;
	editor.revealRange(first, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

export function registerCodeLens(selector: vscode.DocumentSelector, model: DocumentModel): vscode.Disposable {
	const provider = new TcpdumpCodeLensProvider(model);
	return vscode.Disposable.from(
		provider,
		vscode.languages.registerCodeLensProvider(selector, provider),
		vscode.commands.registerCommand(SELECT_CONNECTION, async (uri: unknown, connection: unknown) => {
			try {
				await selectConnection(model, uri, connection);
			} catch (e) {
				console.error('tcpdump Lens: selectConnection failed', e);
			}
		}),
	);
}
