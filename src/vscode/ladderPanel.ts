/**
 * The ladder diagram / time-sequence graph webview: one panel per (document, connection), reused
 * when asked again. The core computes the layouts (src/core/features/ladder); the webview (media/ladder.js)
 * only draws them. Messages:
 *   webview → host: `ready`, `reveal {arrow | line}`, `tsg`, `export {format, data?}`, `highlighted {arrow}`
 *   host → webview: `show {ladder, texts}`, `tsg {tsg}`, `highlight {arrow}`, `svg {svg}` (for PNG), `testClick {arrow}`
 * Strict CSP: scripts only with this panel's nonce, styles only from the media folder, no inline
 * script or style, `localResourceRoots` = media/ only.
 */
import * as vscode from 'vscode';
import type { CaptureAnalysis } from '../core/store/capture';
import { ladderAscii } from '../core/features/ladder/ascii';
import { ladderLayout, type Ladder } from '../core/features/ladder/layout';
import { ladderMermaid } from '../core/features/ladder/mermaid';
import { ladderSvg } from '../core/features/ladder/svg';
import { timeSequenceGraphs } from '../core/features/ladder/timeSequence';
import type { DocumentModel } from './documentModel';
import { ladderHtml, makeNonce } from './ladderHtml';

export const SHOW_LADDER = 'tcpdump.showLadder';
/** Test-only: makes the webview click an arrow the way a mouse click does (posts the same message). */
export const LADDER_TEST_CLICK = 'tcpdump.ladder.testClick';
/** Test-only: what the panel knows (open, last arrow the webview reported highlighted). */
export const LADDER_TEST_STATE = 'tcpdump.ladder.testState';

const VIEW_TYPE = 'tcpdump.ladder';

interface PanelEntry {
	readonly panel: vscode.WebviewPanel;
	readonly uri: vscode.Uri;
	readonly connection: number;
	ladder: Ladder | undefined;
	version: number;
	ready: boolean;
	lastHighlighted: number | undefined;
	pendingPng: ((data: string | undefined) => void) | undefined;
}

/** Arguments the command accepts: (uri, index) from the CodeLens, `{ uri, connectionIndex }` from the connections view, or nothing (the cursor's connection). */
function readArgs(a: unknown, b: unknown): { uri: vscode.Uri; connection: number } | undefined {
	if (a && typeof a === 'object' && !(a instanceof vscode.Uri) && 'connectionIndex' in a) {
		const o = a as { uri?: unknown; connectionIndex?: unknown };
		const uri = o.uri instanceof vscode.Uri ? o.uri : typeof o.uri === 'string' ? vscode.Uri.parse(o.uri) : undefined;
		return uri && typeof o.connectionIndex === 'number' ? { uri, connection: o.connectionIndex } : undefined;
	}
	if ((typeof a === 'string' || a instanceof vscode.Uri) && typeof b === 'number') {
		return { uri: typeof a === 'string' ? vscode.Uri.parse(a) : a, connection: b };
	}
	return undefined;
}

export class LadderPanels implements vscode.Disposable {
	readonly #panels = new Map<string, PanelEntry>();
	readonly #subscriptions: vscode.Disposable[] = [];
	readonly #media: vscode.Uri;

	constructor(private readonly model: DocumentModel, extensionUri: vscode.Uri) {
		this.#media = vscode.Uri.joinPath(extensionUri, 'media');
		this.#subscriptions.push(
			vscode.window.onDidChangeTextEditorSelection(e => this.#onSelection(e.textEditor)),
			vscode.workspace.onDidChangeTextDocument(e => this.#onEdit(e.document)),
		);
	}

	async show(a: unknown, b: unknown): Promise<boolean> {
		let target = readArgs(a, b);
		if (!target) {
			// the editor context menu: the connection under the cursor
			const editor = vscode.window.activeTextEditor;
			if (!editor) {
				return false;
			}
			const analysis = await this.model.analysis(editor.document);
			const packet = analysis?.packetAtLine(editor.selection.active.line);
			const conn = packet?.tcpInfo?.connection;
			if (conn === undefined) {
				void vscode.window.showInformationMessage('tcpdump Lens: put the cursor on a TCP packet line to draw its connection.');
				return false;
			}
			target = { uri: editor.document.uri, connection: conn };
		}
		const key = `${target.uri.toString()}#${target.connection}`;
		const existing = this.#panels.get(key);
		if (existing) {
			existing.panel.reveal(undefined, true);
			return true;
		}
		const document = await vscode.workspace.openTextDocument(target.uri);
		const analysis = await this.model.analysis(document);
		const ladder = analysis ? ladderLayout(analysis, target.connection) : undefined;
		if (!analysis || !ladder) {
			void vscode.window.showInformationMessage(`tcpdump Lens: no TCP connection #${target.connection + 1} in this document.`);
			return false;
		}
		const panel = vscode.window.createWebviewPanel(VIEW_TYPE, `Ladder: ${ladder.left} ⇄ ${ladder.right}`,
			{ viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
			{ enableScripts: true, localResourceRoots: [this.#media], retainContextWhenHidden: false });
		const entry: PanelEntry = { panel, uri: target.uri, connection: target.connection, ladder, version: document.version, ready: false, lastHighlighted: undefined, pendingPng: undefined };
		this.#panels.set(key, entry);
		const webview = panel.webview;
		const script = webview.asWebviewUri(vscode.Uri.joinPath(this.#media, 'ladder.js')).toString();
		const style = webview.asWebviewUri(vscode.Uri.joinPath(this.#media, 'ladder.css')).toString();
		webview.html = ladderHtml(webview.cspSource, script, style, makeNonce(), panel.title);
		panel.onDidDispose(() => this.#panels.delete(key));
		webview.onDidReceiveMessage(m => {
			this.#onMessage(entry, m).catch(e => console.error('tcpdump Lens: ladder message failed', e));
		});
		return true;
	}

	async #post(entry: PanelEntry, analysis: CaptureAnalysis | undefined, document: vscode.TextDocument): Promise<void> {
		const ladder = analysis ? ladderLayout(analysis, entry.connection) : undefined;
		entry.ladder = ladder;
		if (!analysis || !ladder) {
			await entry.panel.webview.postMessage({ type: 'gone' });
			return;
		}
		// each packet's line, for the hover; read from the document, never put into the HTML
		const texts = ladder.arrows.map(a => a.line < document.lineCount ? document.lineAt(a.line).text : '');
		// the time-sequence graphs are computed when their tab is first shown (`tsg` request)
		await entry.panel.webview.postMessage({ type: 'show', ladder, texts });
	}

	async #onMessage(entry: PanelEntry, m: unknown): Promise<void> {
		if (!m || typeof m !== 'object') {
			return;
		}
		const msg = m as { type?: unknown; arrow?: unknown; format?: unknown; data?: unknown; line?: unknown };
		const document = await vscode.workspace.openTextDocument(entry.uri);
		switch (msg.type) {
			case 'ready': {
				entry.ready = true;
				await this.#post(entry, await this.model.analysis(document), document);
				const editor = vscode.window.visibleTextEditors.find(e => e.document === document);
				if (editor) {
					await this.#onSelection(editor);
				}
				return;
			}
			case 'reveal': {
				const arrow = typeof msg.arrow === 'number' ? entry.ladder?.arrows[msg.arrow] : undefined;
				const line = arrow?.line ?? (typeof msg.line === 'number' ? msg.line : undefined);
				if (line === undefined || line >= document.lineCount) {
					return;
				}
				const column = vscode.window.visibleTextEditors.find(e => e.document === document)?.viewColumn ?? vscode.ViewColumn.One;
				const editor = await vscode.window.showTextDocument(document, { viewColumn: column, preserveFocus: true });
				const range = document.lineAt(line).range;
				editor.selection = new vscode.Selection(range.start, range.end);
				editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
				return;
			}
			case 'tsg': {
				const analysis = await this.model.analysis(document);
				await entry.panel.webview.postMessage({ type: 'tsg', tsg: analysis ? timeSequenceGraphs(analysis, entry.connection) : [] });
				return;
			}
			case 'highlighted':
				entry.lastHighlighted = typeof msg.arrow === 'number' ? msg.arrow : undefined;
				return;
			case 'export':
				await this.#export(entry, msg.format, msg.data);
				return;
		}
	}

	async #export(entry: PanelEntry, format: unknown, data: unknown): Promise<void> {
		const ladder = entry.ladder;
		if (!ladder) {
			return;
		}
		const base = `ladder-${ladder.left}-${ladder.right}`.replace(/[^\w.-]+/g, '_');
		switch (format) {
			case 'mermaid':
			case 'ascii': {
				const text = format === 'mermaid' ? ladderMermaid(ladder) : ladderAscii(ladder);
				await vscode.env.clipboard.writeText(format === 'mermaid' ? '```mermaid\n' + text + '\n```\n' : text + '\n');
				const choice = await vscode.window.showInformationMessage(`tcpdump Lens: the ladder was copied as ${format === 'mermaid' ? 'Mermaid' : 'ASCII art'}.`, 'Save as file…');
				if (choice) {
					await this.#save(entry, `${base}.${format === 'mermaid' ? 'mmd' : 'txt'}`, new TextEncoder().encode(text + '\n'));
				}
				return;
			}
			case 'svg':
				await this.#save(entry, `${base}.svg`, new TextEncoder().encode(ladderSvg(ladder)));
				return;
			case 'png-request':
				// the webview rasterises the same SVG on a canvas and sends the PNG back
				await entry.panel.webview.postMessage({ type: 'svg', svg: ladderSvg(ladder) });
				return;
			case 'png': {
				if (typeof data !== 'string' || !data.startsWith('data:image/png;base64,')) {
					void vscode.window.showErrorMessage('tcpdump Lens: the PNG could not be drawn.');
					return;
				}
				const bytes = Uint8Array.from(atob(data.slice('data:image/png;base64,'.length)), c => c.charCodeAt(0));
				await this.#save(entry, `${base}.png`, bytes);
				return;
			}
		}
	}

	async #save(entry: PanelEntry, name: string, bytes: Uint8Array): Promise<void> {
		const folder = vscode.workspace.getWorkspaceFolder(entry.uri)?.uri ?? vscode.Uri.joinPath(entry.uri, '..');
		const target = await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder, name) });
		if (target) {
			await vscode.workspace.fs.writeFile(target, bytes);
		}
	}

	async #onSelection(editor: vscode.TextEditor): Promise<void> {
		const uri = editor.document.uri.toString();
		for (const entry of this.#panels.values()) {
			if (entry.uri.toString() !== uri || !entry.ready || !entry.ladder) {
				continue;
			}
			const analysis = await this.model.analysis(editor.document);
			const packet = analysis?.packetAtLine(editor.selection.active.line);
			if (!packet || packet.tcpInfo?.connection !== entry.connection) {
				continue;
			}
			const arrow = entry.ladder.arrows.findIndex(a => a.packet === packet.index);
			if (arrow >= 0) {
				await entry.panel.webview.postMessage({ type: 'highlight', arrow });
			}
		}
	}

	#refreshTimer: ReturnType<typeof setTimeout> | undefined;

	#onEdit(document: vscode.TextDocument): void {
		const uri = document.uri.toString();
		if (![...this.#panels.values()].some(e => e.uri.toString() === uri)) {
			return;
		}
		clearTimeout(this.#refreshTimer);
		this.#refreshTimer = setTimeout(() => {
			void (async () => {
				const analysis = await this.model.analysis(document);
				for (const entry of this.#panels.values()) {
					if (entry.uri.toString() === uri && entry.ready) {
						await this.#post(entry, analysis, document);
					}
				}
			})().catch(e => console.error('tcpdump Lens: ladder refresh failed', e));
		}, 500);
	}

	/** For the integration test: make the webview click arrow `arrow` of this panel. */
	async testClick(uri: string, connection: number, arrow: number): Promise<boolean> {
		const entry = this.#panels.get(`${vscode.Uri.parse(uri).toString()}#${connection}`);
		return entry?.ready ? entry.panel.webview.postMessage({ type: 'testClick', arrow }) : false;
	}

	testState(uri: string, connection: number): { open: boolean; ready: boolean; highlighted: number | undefined; arrows: number } {
		const entry = this.#panels.get(`${vscode.Uri.parse(uri).toString()}#${connection}`);
		return { open: !!entry, ready: entry?.ready ?? false, highlighted: entry?.lastHighlighted, arrows: entry?.ladder?.arrows.length ?? 0 };
	}

	dispose(): void {
		clearTimeout(this.#refreshTimer);
		for (const e of [...this.#panels.values()]) {
			e.panel.dispose();
		}
		for (const d of this.#subscriptions.splice(0)) {
			d.dispose();
		}
	}
}

export function registerLadder(model: DocumentModel, extensionUri: vscode.Uri): vscode.Disposable {
	const panels = new LadderPanels(model, extensionUri);
	return vscode.Disposable.from(
		panels,
		vscode.commands.registerCommand(SHOW_LADDER, async (a: unknown, b: unknown) => {
			try {
				return await panels.show(a, b);
			} catch (e) {
				console.error('tcpdump Lens: showLadder failed', e);
				return false;
			}
		}),
		vscode.commands.registerCommand(LADDER_TEST_CLICK, (uri: string, connection: number, arrow: number) => panels.testClick(uri, connection, arrow)),
		vscode.commands.registerCommand(LADDER_TEST_STATE, (uri: string, connection: number) => panels.testState(uri, connection)),
	);
}
