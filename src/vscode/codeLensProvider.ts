/**
 * CodeLens adapter: one lens per connection (the core's `lensPlan`), clicking it runs
 * `tcpdump.selectConnection`, which selects every line of that connection. Honours
 * `tcpdump.codeLens.enabled` and `tcpdump.codeLens.maxConnections` (above it, problem handshakes
 * only and a summary lens on line 1) and refreshes when they change. Titles carry capture text
 * (host names), so `$(icon)` syntax in them is escaped.
 *
 * The lens list is built once per analysis (one per document version) and handed back as is on
 * every later request; titles are formatted in `resolveCodeLens`, only for the lenses VS Code shows.
 */
import * as vscode from 'vscode';
import { config, editorLimits, onDidChangeConfig, raiseMultiCursorLimit } from './config';
import { MAX_CONNECTIONS_SETTING, lensPlan, lensTitle } from '../core/features/codeLens';
import type { CaptureAnalysis } from '../core/store/capture';
import { escapeCodicons } from './codiconEscape';
import { connectionLineRanges } from './connectionRanges';
import type { DocumentModel } from './documentModel';

export const SELECT_CONNECTION = 'tcpdump.selectConnection';

/** A connection's select lens: its title is formatted when VS Code resolves it. */
class ConnectionLens extends vscode.CodeLens {
	constructor(range: vscode.Range, readonly analysis: CaptureAnalysis, readonly uri: string, readonly connection: number) {
		super(range);
	}
}

/**
 * Up to this many lenses the titles are formatted at once (a few milliseconds): the list then comes
 * back complete and in order from the first request; above, VS Code resolves the visible ones.
 */
const EAGER_TITLES = 200;

interface CachedLenses {
	readonly analysis: CaptureAnalysis;
	readonly maxConnections: number;
	readonly lenses: vscode.CodeLens[];
}

export class TcpdumpCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
	readonly #changed = new vscode.EventEmitter<void>();
	readonly onDidChangeCodeLenses = this.#changed.event;
	readonly #subscriptions: vscode.Disposable[] = [];
	/** Per document: the lenses of its latest analysis. */
	readonly #cache = new Map<string, CachedLenses>();

	constructor(private readonly model: DocumentModel) {
		this.#subscriptions.push(this.#changed, onDidChangeConfig('codeLens', () => this.#changed.fire()),
			vscode.workspace.onDidCloseTextDocument(d => this.#cache.delete(d.uri.toString())));
	}

	async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
		try {
			const settings = config(document.uri);
			if (!settings.codeLensEnabled) {
				return [];
			}
			const analysis = await this.model.analysis(document);
			if (!analysis || token.isCancellationRequested) {
				return [];
			}
			const uri = document.uri.toString();
			const cached = this.#cache.get(uri);
			if (cached && cached.analysis === analysis && cached.maxConnections === settings.codeLensMaxConnections) {
				return cached.lenses;
			}
			const lenses = this.#build(analysis, uri, settings.codeLensMaxConnections);
			this.#cache.set(uri, { analysis, maxConnections: settings.codeLensMaxConnections, lenses });
			return lenses;
		} catch (e) {
			console.error('tcpdump Lens: CodeLens failed', e);
			return [];
		}
	}

	resolveCodeLens(lens: vscode.CodeLens): vscode.CodeLens {
		try {
			if (lens instanceof ConnectionLens && !lens.command) {
				lens.command = {
					title: escapeCodicons(lensTitle(lens.analysis, lens.connection)),
					tooltip: 'Select every line of this connection',
					command: SELECT_CONNECTION,
					arguments: [lens.uri, lens.connection],
				};
			}
		} catch (e) {
			console.error('tcpdump Lens: CodeLens title failed', e);
		}
		return lens;
	}

	#build(analysis: CaptureAnalysis, uri: string, maxConnections: number): vscode.CodeLens[] {
		const plan = lensPlan(analysis, maxConnections);
		const out: vscode.CodeLens[] = [];
		if (plan.summary !== undefined) {
			out.push(new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
				title: plan.summary,
				tooltip: `Open the setting ${MAX_CONNECTIONS_SETTING}`,
				command: 'workbench.action.openSettings',
				arguments: [MAX_CONNECTIONS_SETTING],
			}));
		}
		const eager = plan.anchors.length <= EAGER_TITLES;
		for (const a of plan.anchors) {
			const range = new vscode.Range(a.line, 0, a.line, 0);
			const select = new ConnectionLens(range, analysis, uri, a.connection);
			out.push(eager ? this.resolveCodeLens(select) : select, new vscode.CodeLens(range, {
				title: 'Ladder diagram',
				tooltip: 'Show this connection as a ladder diagram and a time-sequence graph',
				command: 'tcpdump.showLadder',
				arguments: [uri, a.connection],
			}));
		}
		return out;
	}

	dispose(): void {
		this.#cache.clear();
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
