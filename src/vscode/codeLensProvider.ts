/**
 * CodeLens adapter: one lens per connection (the core's `lensesFor`), clicking it runs
 * `tcpdump.selectConnection`, which selects every line of that connection. Honours
 * `tcpdump.codeLens.enabled` and refreshes when that setting changes. Titles carry capture text
 * (host names), so `$(icon)` syntax in them is escaped.
 */
import * as vscode from 'vscode';
import { config, editorLimits, onDidChangeConfig, raiseMultiCursorLimit } from './config';
import { lensesFor } from '../core/features/codeLens';
import { escapeCodicons } from './codiconEscape';
import { connectionLineRanges } from './connectionRanges';
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
			return lensesFor(analysis).flatMap(l => [new vscode.CodeLens(new vscode.Range(l.line, 0, l.line, 0), {
				title: escapeCodicons(l.title),
				tooltip: 'Select every line of this connection',
				command: SELECT_CONNECTION,
				arguments: [uri, l.connection],
			}), new vscode.CodeLens(new vscode.Range(l.line, 0, l.line, 0), {
				title: 'Ladder diagram',
				tooltip: 'Show this connection as a ladder diagram and a time-sequence graph',
				command: 'tcpdump.showLadder',
				arguments: [uri, l.connection],
			})]);
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

/**
 * Selects every packet record of one connection and reveals the first. VS Code keeps at most
 * `editor.multiCursorLimit` selections; when the connection needs more, the first ones are selected
 * and the user is told so, with a button that raises the limit and selects them all.
 */
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
	const records = conn.packets.map(i => analysis.packets[i]).filter((r): r is NonNullable<typeof r> => r !== undefined);
	const ranges = connectionLineRanges(records, document.lineCount);
	const first = ranges[0];
	if (!first) {
		return;
	}
	const limit = editorLimits(document.uri).multiCursorLimit;
	const selections = ranges.slice(0, limit).map(r => new vscode.Selection(r.first, 0, r.last, document.lineAt(r.last).text.length));
	editor.selections = selections;
	editor.revealRange(selections[0]!, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
	if (ranges.length > limit) {
		const lastSelected = ranges[limit - 1]!;
		const raise = `Raise the limit to ${ranges.length.toLocaleString('en-US')} and select all`;
		// Not awaited: the selection is made now; the message only offers more.
		void vscode.window.showWarningMessage(
			`This connection's ${records.length.toLocaleString('en-US')} packets lie on ${ranges.length.toLocaleString('en-US')} separate line ranges; ` +
			`VS Code keeps at most ${limit.toLocaleString('en-US')} selections (editor.multiCursorLimit), so only lines ${first.first + 1}–${lastSelected.last + 1} are selected.`,
			raise,
		).then(async answer => {
			if (answer === raise && editor.document.version === document.version) {
				await raiseMultiCursorLimit(ranges.length);
				editor.selections = ranges.map(r => new vscode.Selection(r.first, 0, r.last, document.lineAt(r.last).text.length));
			}
		}, e => console.error('tcpdump Lens: selectConnection message failed', e));
	}
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
