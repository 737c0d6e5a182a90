/**
 * "Show only this connection": a read-only virtual document (`tcpdump-lens:` scheme) holding one
 * connection's lines, opened beside the capture. Its analysis is the core's `connectionView` of
 * the whole capture, so every provider (grammar, hover, CodeLens, diagnostics, Outline) shows the
 * numbers of the whole capture. `tcpdump.openSourceLine` jumps from a view line to the capture.
 *
 * URI: `tcpdump-lens:/<capture name> · connection N.tcpdump?<source uri>#<connection index>`; the
 * `.tcpdump` ending gives the document the tcpdump language.
 */
import * as vscode from 'vscode';
import { splitLines } from '../core/scan/lines';
import { connectionView, type ConnectionView } from '../core/features/connectionView';
import { isConnectionRef, SHOW_CONNECTION } from './connectionsView';
import type { DocumentModel } from './documentModel';
import { openAtLine } from './reveal';

export const VIEW_SCHEME = 'tcpdump-lens';
export const OPEN_SOURCE_LINE = 'tcpdump.openSourceLine';

interface ViewKey {
	readonly source: vscode.Uri;
	readonly connection: number;
}

export function viewUri(source: vscode.Uri, connection: number): vscode.Uri {
	const name = source.path.split('/').pop() || 'capture';
	return vscode.Uri.from({ scheme: VIEW_SCHEME, path: `/${name} · connection ${connection + 1}.tcpdump`, query: source.toString(), fragment: String(connection) });
}

export function parseViewUri(uri: vscode.Uri): ViewKey | undefined {
	if (uri.scheme !== VIEW_SCHEME || !uri.query || !/^\d+$/.test(uri.fragment)) {
		return undefined;
	}
	try {
		return { source: vscode.Uri.parse(uri.query, true), connection: Number(uri.fragment) };
	} catch {
		return undefined;
	}
}

export class ConnectionDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
	readonly #changed = new vscode.EventEmitter<vscode.Uri>();
	readonly onDidChange = this.#changed.event;
	/** Built views by view uri, with the source version they were built from. */
	readonly #views = new Map<string, { version: number; view: Promise<ConnectionView | undefined> }>();
	readonly #subscriptions: vscode.Disposable[] = [this.#changed];

	constructor(private readonly model: DocumentModel) {
		this.#subscriptions.push(
			vscode.workspace.onDidChangeTextDocument(e => {
				const src = e.document.uri.toString();
				for (const key of this.#views.keys()) {
					const k = parseViewUri(vscode.Uri.parse(key));
					if (k && k.source.toString() === src) {
						this.#changed.fire(vscode.Uri.parse(key));
					}
				}
			}),
			vscode.workspace.onDidCloseTextDocument(d => this.#views.delete(d.uri.toString())),
		);
	}

	async #sourceDocument(uri: vscode.Uri): Promise<vscode.TextDocument> {
		return vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString()) ?? await vscode.workspace.openTextDocument(uri);
	}

	/** The view for a view uri, built once per version of its source document. */
	async view(uri: vscode.Uri): Promise<ConnectionView | undefined> {
		const key = parseViewUri(uri);
		if (!key) {
			return undefined;
		}
		const source = await this.#sourceDocument(key.source);
		const cached = this.#views.get(uri.toString());
		if (cached && cached.version === source.version) {
			return cached.view;
		}
		const view = (async () => {
			const analysis = await this.model.analysis(source);
			return analysis ? connectionView(analysis, splitLines(source.getText()), key.connection) : undefined;
		})();
		this.#views.set(uri.toString(), { version: source.version, view });
		return view;
	}

	async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
		try {
			return (await this.view(uri))?.text ?? '';
		} catch (e) {
			console.error('tcpdump Lens: connection view failed', e);
			return '';
		}
	}

	dispose(): void {
		for (const d of this.#subscriptions.splice(0)) {
			d.dispose();
		}
	}
}

/** Opens the one-connection view beside the capture. */
export async function showConnection(source: vscode.Uri, connection: number): Promise<vscode.TextEditor> {
	const document = await vscode.workspace.openTextDocument(viewUri(source, connection));
	if (document.languageId !== 'tcpdump') {
		await vscode.languages.setTextDocumentLanguage(document, 'tcpdump');
	}
	return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}

export function registerConnectionDocuments(model: DocumentModel): { documents: ConnectionDocuments; disposable: vscode.Disposable } {
	const documents = new ConnectionDocuments(model);
	return {
		documents,
		disposable: vscode.Disposable.from(
			documents,
			vscode.workspace.registerTextDocumentContentProvider(VIEW_SCHEME, documents),
			model.deriveScheme(VIEW_SCHEME, async d => (await documents.view(d.uri))?.analysis),
			vscode.commands.registerCommand(SHOW_CONNECTION, async (ref?: unknown) => {
				try {
					if (isConnectionRef(ref)) {
						await showConnection(vscode.Uri.parse(ref.uri), ref.connectionIndex);
						return;
					}
					// from the editor: the connection under the cursor
					const editor = vscode.window.activeTextEditor;
					if (!editor) {
						return;
					}
					const analysis = await model.analysis(editor.document);
					const c = analysis?.packetAtLine(editor.selection.active.line)?.tcpInfo?.connection;
					if (c === undefined) {
						void vscode.window.showInformationMessage('tcpdump Lens: the cursor is not on a TCP packet.');
						return;
					}
					const key = parseViewUri(editor.document.uri);
					await showConnection(key ? key.source : editor.document.uri, c);
				} catch (e) {
					console.error('tcpdump Lens: showConnection failed', e);
				}
			}),
			vscode.commands.registerCommand(OPEN_SOURCE_LINE, async () => {
				try {
					const editor = vscode.window.activeTextEditor;
					const key = editor ? parseViewUri(editor.document.uri) : undefined;
					if (!editor || !key) {
						return;
					}
					const view = await documents.view(editor.document.uri);
					const line = view?.sourceLines[editor.selection.active.line];
					if (line !== undefined) {
						await openAtLine(key.source, line, { viewColumn: vscode.ViewColumn.One });
					}
				} catch (e) {
					console.error('tcpdump Lens: openSourceLine failed', e);
				}
			}),
		),
	};
}
