/**
 * The ladder diagram / time-sequence graph webview: one panel per (document, connection), reused
 * when asked again. The core computes the layouts (src/core/features/ladder); the webview (media/ladder.js)
 * only draws them. Messages:
 *   webview → host: `ready`, `reveal {arrow | line}`, `lineText {arrow}`, `tsg`, `export {format, data?}`,
 *     `highlighted {arrow, described}`, `shown {state, timing}`, `svgParsed {root, errors}`
 *   host → webview: `show {ladder (a LadderWire), target, timing}`, `lineText {arrow, text}`, `tsg {tsg}`,
 *     `highlight {arrow}`, `svg {svg}` (for PNG), `gone {reason}`, `testClick {arrow}`, `testParseSvg {svg}`
 * After a reload VS Code hands the panel back to the serializer (`onWebviewPanel:tcpdump.ladder`) with
 * the state the page saved (document URI, connection, scroll, zoom, tab), and the same ladder is shown
 * again, or a message saying why it cannot be.
 * Strict CSP: scripts only with this panel's nonce, styles only from the media folder, no inline
 * script or style, `localResourceRoots` = media/ only.
 */
import * as vscode from 'vscode';
import type { CaptureAnalysis } from '../core/store/capture';
import { ladderAscii } from '../core/features/ladder/ascii';
import { ladderLayoutSteps, type Ladder } from '../core/features/ladder/layout';
import { ladderWire, type LadderWire } from '../core/features/ladder/wire';
import { ladderMermaid } from '../core/features/ladder/mermaid';
import { ladderSvg } from '../core/features/ladder/svg';
import { timeSequenceGraphs } from '../core/features/ladder/timeSequence';
import type { DocumentModel } from './documentModel';
import { ladderHtml, makeNonce, savedLadderTarget } from './ladderHtml';

export const SHOW_LADDER = 'tcpdump.showLadder';
/** Test-only: makes the webview click an arrow the way a mouse click does (posts the same message). */
export const LADDER_TEST_CLICK = 'tcpdump.ladder.testClick';
/** Test-only: what the panel knows (open, last arrow the webview reported highlighted). */
export const LADDER_TEST_STATE = 'tcpdump.ladder.testState';
/** Test-only: runs the serializer's restore path on a new panel with the given saved state. */
export const LADDER_TEST_RESTORE = 'tcpdump.ladder.testRestore';
/** Test-only: the PNG the webview draws, or the SVG with the webview's XML parser's verdict, without a save dialog. */
export const LADDER_TEST_EXPORT = 'tcpdump.ladder.testExport';

export const LADDER_VIEW_TYPE = 'tcpdump.ladder';
const VIEW_TYPE = LADDER_VIEW_TYPE;

/** Milliseconds and wall-clock times of one opening, as the webview reports them back (`shown`). */
export interface LadderOpenTiming {
	readonly requestedAt?: number;
	/** Opening the document and its analysis (usually ready: the CodeLens needed it). */
	readonly analysisMs?: number;
	/** From creating the panel to its page's `ready` (HTML, script, style loaded). */
	readonly pageLoadMs?: number;
	readonly layoutMs?: number;
	readonly encodeMs?: number;
	readonly messageBytes?: number;
	readonly sentAt?: number;
	readonly receivedAt?: number;
	readonly decodeMs?: number;
	readonly drawMs?: number;
	readonly paintedAt?: number;
	readonly longestTaskMs?: number;
}

interface PanelEntry {
	readonly panel: vscode.WebviewPanel;
	readonly uri: vscode.Uri;
	readonly connection: number;
	readonly key: string;
	ladder: Ladder | undefined;
	/** The message built from `ladder`, kept: the page is rebuilt each time the tab is shown again. */
	wire: LadderWire | undefined;
	wireBytes: number;
	layoutMs: number;
	encodeMs: number;
	version: number | undefined;
	/** When the user asked for this panel (reset by each `show`), for the open-time figure. */
	requestedAt: number | undefined;
	analysisMs: number | undefined;
	createdAt: number;
	pageLoadMs: number | undefined;
	ready: boolean;
	/** Why nothing can be drawn (document closed or gone, connection no longer there). */
	gone: string | undefined;
	lastHighlighted: number | undefined;
	lastDescribed: string | undefined;
	/** What the page reported after it last drew: its restored state and the timing of the opening. */
	lastShown: unknown;
	lastTiming: LadderOpenTiming | undefined;
	loads: number;
	/** The layout being computed while the page loads. */
	pendingLayout: Promise<void> | undefined;
	pendingPng: ((data: string | undefined) => void) | undefined;
	pendingSvgCheck: ((verdict: { root: string; errors: number }) => void) | undefined;
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
		const requestedAt = Date.now();
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
			existing.requestedAt = requestedAt;
			existing.panel.reveal(undefined, true);
			return true;
		}
		// a second click while the layout is still being computed: the same panel, not a second one
		const opening = this.#opening.get(key);
		if (opening) {
			return opening;
		}
		const promise = this.#open(target, requestedAt).finally(() => this.#opening.delete(key));
		this.#opening.set(key, promise);
		return promise;
	}

	readonly #opening = new Map<string, Promise<boolean>>();

	async #open(target: { uri: vscode.Uri; connection: number }, requestedAt: number): Promise<boolean> {
		const document = await vscode.workspace.openTextDocument(target.uri);
		const analysis = await this.model.analysis(document);
		const analysisMs = Date.now() - requestedAt;
		const conn = analysis?.connections[target.connection];
		if (!analysis || !conn) {
			void vscode.window.showInformationMessage(`tcpdump Lens: no TCP connection #${target.connection + 1} in this document.`);
			return false;
		}
		// the panel first: VS Code builds the webview (iframe, script) while the layout is computed
		// (the title names the endpoints as the layout does: the client, or the first seen, left)
		const panel = vscode.window.createWebviewPanel(VIEW_TYPE, `Ladder: ${conn.client ?? conn.endpoints[0]} ⇄ ${conn.server ?? conn.endpoints[1]}`,
			{ viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
			{ enableScripts: true, localResourceRoots: [this.#media], retainContextWhenHidden: false });
		const entry = this.#adopt(panel, target.uri, target.connection);
		entry.requestedAt = requestedAt;
		entry.analysisMs = analysisMs;
		entry.version = document.version;
		entry.pendingLayout = layoutInSlices(analysis, target.connection).then(laid => {
			entry.ladder = laid.ladder;
			entry.layoutMs = laid.busyMs;
		}, e => {
			console.error('tcpdump Lens: ladder layout failed', e);
			entry.version = undefined;
		}).finally(() => {
			entry.pendingLayout = undefined;
		});
		return true;
	}

	/**
	 * The serializer's restore: VS Code re-creates a ladder tab after a reload with the state the
	 * page saved. The same document and connection are drawn again, or the page says why not.
	 */
	async restore(panel: vscode.WebviewPanel, state: unknown): Promise<boolean> {
		panel.webview.options = { enableScripts: true, localResourceRoots: [this.#media] };
		const target = savedLadderTarget(state);
		if (!target) {
			this.#setHtml(panel);
			const sub = panel.webview.onDidReceiveMessage(m => {
				if (m && typeof m === 'object' && (m as { type?: unknown }).type === 'ready') {
					void panel.webview.postMessage({ type: 'gone', reason: 'This ladder cannot be restored: the panel did not save which document and connection it showed. Open it again from the CodeLens.' });
				}
			});
			panel.onDidDispose(() => sub.dispose());
			return false;
		}
		const uri = vscode.Uri.parse(target.uri);
		const key = `${uri.toString()}#${target.connection}`;
		const existing = this.#panels.get(key);
		if (existing && existing.panel !== panel) {
			// already open (asked for again before the restore ran): one panel per connection
			panel.dispose();
			existing.panel.reveal(undefined, true);
			return true;
		}
		this.#adopt(panel, uri, target.connection);
		return true;
	}

	#setHtml(panel: vscode.WebviewPanel): void {
		const webview = panel.webview;
		const script = webview.asWebviewUri(vscode.Uri.joinPath(this.#media, 'ladder.js')).toString();
		const style = webview.asWebviewUri(vscode.Uri.joinPath(this.#media, 'ladder.css')).toString();
		webview.html = ladderHtml(webview.cspSource, script, style, makeNonce(), panel.title);
	}

	#adopt(panel: vscode.WebviewPanel, uri: vscode.Uri, connection: number): PanelEntry {
		const key = `${uri.toString()}#${connection}`;
		const entry: PanelEntry = {
			panel, uri, connection, key, ladder: undefined, wire: undefined, wireBytes: 0, layoutMs: 0, encodeMs: 0,
			version: undefined, requestedAt: undefined, analysisMs: undefined, createdAt: Date.now(), pageLoadMs: undefined, ready: false, gone: undefined, lastHighlighted: undefined,
			lastDescribed: undefined, lastShown: undefined, lastTiming: undefined, loads: 0, pendingLayout: undefined, pendingPng: undefined, pendingSvgCheck: undefined,
		};
		this.#panels.set(key, entry);
		this.#setHtml(panel);
		panel.onDidDispose(() => {
			if (this.#panels.get(key) === entry) {
				this.#panels.delete(key);
			}
			entry.pendingPng?.(undefined);
			entry.pendingSvgCheck?.({ root: '', errors: -1 });
		});
		panel.webview.onDidReceiveMessage(m => {
			this.#onMessage(entry, m).catch(e => console.error('tcpdump Lens: ladder message failed', e));
		});
		panel.onDidChangeViewState(e => {
			if (!e.webviewPanel.visible) {
				// hidden, the page is dropped (retainContextWhenHidden: false); shown again, it says `ready`
				entry.ready = false;
			}
		});
		return entry;
	}

	/** The entry's document, or undefined (and `entry.gone` says why) when it is no longer there. */
	async #document(entry: PanelEntry): Promise<vscode.TextDocument | undefined> {
		const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === entry.uri.toString());
		if (open) {
			return open;
		}
		if (entry.uri.scheme === 'untitled') {
			// opening an untitled URI again would make a new, empty document
			entry.gone = 'The unsaved document this ladder was drawn from is closed. Open the capture and the ladder again.';
			return undefined;
		}
		try {
			return await vscode.workspace.openTextDocument(entry.uri);
		} catch {
			entry.gone = `The document ${entry.uri.toString(true)} is no longer there (moved, renamed or deleted). Open the capture and the ladder again.`;
			return undefined;
		}
	}

	async #post(entry: PanelEntry): Promise<void> {
		if (entry.pendingLayout) {
			await entry.pendingLayout;
		}
		const document = await this.#document(entry);
		if (!document) {
			await entry.panel.webview.postMessage({ type: 'gone', reason: entry.gone });
			return;
		}
		if (!entry.wire || !entry.ladder || entry.version !== document.version) {
			if (!entry.ladder || entry.version !== document.version) {
				const analysis = await this.model.analysis(document);
				const laid = analysis ? await layoutInSlices(analysis, entry.connection) : { ladder: undefined, busyMs: 0 };
				entry.ladder = laid.ladder;
				entry.layoutMs = laid.busyMs;
				entry.version = document.version;
			}
			if (!entry.ladder) {
				entry.wire = undefined;
				entry.gone = `There is no TCP connection #${entry.connection + 1} in this document any more.`;
				await entry.panel.webview.postMessage({ type: 'gone', reason: entry.gone });
				return;
			}
			const started = performance.now();
			entry.wire = ladderWire(entry.ladder);
			entry.encodeMs = performance.now() - started;
			entry.wireBytes = 0;
		}
		entry.gone = undefined;
		const timing: LadderOpenTiming = {
			requestedAt: entry.requestedAt, analysisMs: entry.analysisMs, pageLoadMs: entry.pageLoadMs, layoutMs: entry.layoutMs, encodeMs: entry.encodeMs, sentAt: Date.now(),
		};
		entry.requestedAt = undefined;
		// the line texts are not sent: the page asks for one when an arrow is hovered (`lineText`)
		await entry.panel.webview.postMessage({ type: 'show', ladder: entry.wire, target: { uri: entry.uri.toString(), connection: entry.connection }, timing });
	}

	async #onMessage(entry: PanelEntry, m: unknown): Promise<void> {
		if (!m || typeof m !== 'object') {
			return;
		}
		const msg = m as { type?: unknown; arrow?: unknown; format?: unknown; data?: unknown; line?: unknown; described?: unknown; state?: unknown; timing?: unknown; root?: unknown; errors?: unknown; test?: unknown };
		switch (msg.type) {
			case 'ready': {
				entry.pageLoadMs ??= Date.now() - entry.createdAt;
				await this.#post(entry);
				// after the ladder is sent: what tests and the selection sync wait for
				entry.ready = true;
				const editor = vscode.window.visibleTextEditors.find(e => e.document.uri.toString() === entry.uri.toString());
				if (editor && !entry.gone) {
					await this.#onSelection(editor);
				}
				return;
			}
			case 'shown':
				entry.loads++;
				entry.lastShown = msg.state;
				entry.lastTiming = msg.timing && typeof msg.timing === 'object' ? msg.timing as LadderOpenTiming : undefined;
				return;
			case 'reveal': {
				const document = await this.#document(entry);
				const arrow = typeof msg.arrow === 'number' ? entry.ladder?.arrows[msg.arrow] : undefined;
				const line = arrow?.line ?? (typeof msg.line === 'number' ? msg.line : undefined);
				if (!document || line === undefined || line < 0 || line >= document.lineCount) {
					return;
				}
				const column = vscode.window.visibleTextEditors.find(e => e.document === document)?.viewColumn ?? vscode.ViewColumn.One;
				const editor = await vscode.window.showTextDocument(document, { viewColumn: column, preserveFocus: true });
				const range = document.lineAt(line).range;
				editor.selection = new vscode.Selection(range.start, range.end);
				editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
				return;
			}
			case 'lineText': {
				// the hover's packet line, read from the document when asked (never put into the HTML)
				const arrow = typeof msg.arrow === 'number' ? entry.ladder?.arrows[msg.arrow] : undefined;
				const document = arrow ? await this.#document(entry) : undefined;
				if (arrow && document && arrow.line < document.lineCount) {
					await entry.panel.webview.postMessage({ type: 'lineText', arrow: arrow.index, text: document.lineAt(arrow.line).text });
				}
				return;
			}
			case 'tsg': {
				const document = await this.#document(entry);
				const analysis = document ? await this.model.analysis(document) : undefined;
				await entry.panel.webview.postMessage({ type: 'tsg', tsg: analysis ? timeSequenceGraphs(analysis, entry.connection) : [] });
				return;
			}
			case 'highlighted':
				entry.lastHighlighted = typeof msg.arrow === 'number' ? msg.arrow : undefined;
				entry.lastDescribed = typeof msg.described === 'string' ? msg.described : undefined;
				return;
			case 'svgParsed':
				entry.pendingSvgCheck?.({ root: typeof msg.root === 'string' ? msg.root : '', errors: typeof msg.errors === 'number' ? msg.errors : -1 });
				entry.pendingSvgCheck = undefined;
				return;
			case 'export':
				if (msg.format === 'png' && msg.test === true && entry.pendingPng) {
					entry.pendingPng(typeof msg.data === 'string' ? msg.data : undefined);
					entry.pendingPng = undefined;
					return;
				}
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
			const arrow = arrowOfPacket(entry.ladder, packet.index);
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
				for (const entry of [...this.#panels.values()]) {
					if (entry.uri.toString() === uri && entry.ready) {
						await this.#post(entry);
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

	testState(uri: string, connection: number): {
		open: boolean; ready: boolean; highlighted: number | undefined; described: string | undefined; arrows: number;
		gone: string | undefined; loads: number; shown: unknown; timing: LadderOpenTiming | undefined; messageBytes: number;
	} {
		const entry = this.#panels.get(`${vscode.Uri.parse(uri).toString()}#${connection}`);
		if (entry?.wire && !entry.wireBytes) {
			entry.wireBytes = JSON.stringify(entry.wire).length;
		}
		return {
			open: !!entry, ready: entry?.ready ?? false, highlighted: entry?.lastHighlighted, described: entry?.lastDescribed,
			arrows: entry?.ladder?.arrows.length ?? 0, gone: entry?.gone, loads: entry?.loads ?? 0, shown: entry?.lastShown,
			timing: entry?.lastTiming, messageBytes: entry?.wireBytes ?? 0,
		};
	}

	/** For the integration test: the serializer's restore path, on a new panel, with `state` as the page would have saved it. */
	async testRestore(state: unknown): Promise<boolean> {
		const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Ladder: restored', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {});
		return this.restore(panel, state);
	}

	/**
	 * For the integration test: what an export really produces, without the save dialog. `png`: the
	 * bytes the page's canvas encoded; `svg`: the file's text and what the page's XML parser
	 * (DOMParser, image/svg+xml) made of it.
	 */
	async testExport(uri: string, connection: number, format: string): Promise<{ base64?: string; svg?: string; root?: string; errors?: number } | undefined> {
		const entry = this.#panels.get(`${vscode.Uri.parse(uri).toString()}#${connection}`);
		if (!entry?.ready || !entry.ladder) {
			return undefined;
		}
		const svg = ladderSvg(entry.ladder);
		const deadline = <T>(p: Promise<T>, fallback: T) => Promise.race([p, new Promise<T>(r => setTimeout(() => r(fallback), 10000))]);
		if (format === 'png') {
			const data = await deadline(new Promise<string | undefined>(resolve => {
				entry.pendingPng = resolve;
				void entry.panel.webview.postMessage({ type: 'svg', svg, test: true });
			}), undefined);
			return data?.startsWith('data:image/png;base64,') ? { base64: data.slice('data:image/png;base64,'.length), svg } : undefined;
		}
		const verdict = await deadline(new Promise<{ root: string; errors: number }>(resolve => {
			entry.pendingSvgCheck = resolve;
			void entry.panel.webview.postMessage({ type: 'testParseSvg', svg });
		}), { root: '', errors: -1 });
		return { svg, ...verdict };
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
		vscode.commands.registerCommand(LADDER_TEST_RESTORE, (state: unknown) => panels.testRestore(state)),
		vscode.commands.registerCommand(LADDER_TEST_EXPORT, (uri: string, connection: number, format: string) => panels.testExport(uri, connection, format)),
		// after a reload VS Code gives the ladder tabs back (activation event `onWebviewPanel:tcpdump.ladder`)
		vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
			deserializeWebviewPanel: async (panel, state) => {
				try {
					await panels.restore(panel, state);
				} catch (e) {
					console.error('tcpdump Lens: ladder restore failed', e);
				}
			},
		}),
	);
}

/**
 * The layout in slices of about 10 ms, the event loop running between them: 10,000 packets take
 * ~0.15 s of CPU, which must not freeze the extension host (hovers, CodeLens, other extensions).
 */
async function layoutInSlices(analysis: CaptureAnalysis, connection: number): Promise<{ ladder: Ladder | undefined; busyMs: number }> {
	const steps = ladderLayoutSteps(analysis, connection);
	let busyMs = 0;
	let sliceStart = performance.now();
	for (;;) {
		const r = steps.next();
		if (r.done) {
			busyMs += performance.now() - sliceStart;
			return { ladder: r.value, busyMs };
		}
		if (performance.now() - sliceStart > 10) {
			busyMs += performance.now() - sliceStart;
			await new Promise(resolve => setTimeout(resolve, 0));
			sliceStart = performance.now();
		}
	}
}

/** The arrow of packet `packet` (arrows are in packet order): a binary search, the cursor moves often. */
function arrowOfPacket(ladder: Ladder, packet: number): number {
	let lo = 0;
	let hi = ladder.arrows.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >> 1;
		const p = ladder.arrows[mid]?.packet ?? -1;
		if (p === packet) {
			return mid;
		}
		if (p < packet) {
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return -1;
}
