/**
 * The "TCP Connections" tree (Wireshark's Statistics → Conversations): one row per connection of
 * the active capture with state, packets, bytes each way, duration, iRTT and findings; sort and
 * text filter from the view's title bar; Reveal, Show only this connection, Copy as tcpdump
 * filter and Copy summary in the context menu.
 *
 * Rows come from `summariesOf(analysis)`, computed once per document version; sorting and
 * filtering work on that array. Children (the connection's findings) are built only when a row is
 * expanded. Each connection element is `{ uri, connectionIndex }` (plus its summary), the stable
 * argument every connection command takes, so other views can add context-menu entries.
 */
import * as vscode from 'vscode';
import type { CaptureAnalysis } from '../core/store/capture';
import { formatSeconds } from '../core/track/connections';
import { filterSummaries, formatBytes, sortSummaries, summariesOf, summaryText, tcpdumpFilter, type ConnectionSummary } from '../core/features/connectionSummary';
import { FINDINGS } from '../core/explain/findings';
import type { Finding, Severity } from '../core/types';
import { config, type ConnectionSort } from './config';
import { LANGUAGE_ID } from './diagnostics';
import type { DocumentModel } from './documentModel';
import { openAtLine } from './reveal';

export const CONNECTIONS_VIEW = 'tcpdump.connections';
export const COMMANDS = {
	reveal: 'tcpdump.connections.reveal',
	copyFilter: 'tcpdump.connections.copyFilter',
	copySummary: 'tcpdump.connections.copySummary',
	sort: 'tcpdump.connections.sort',
	filter: 'tcpdump.connections.filter',
	clearFilter: 'tcpdump.connections.clearFilter',
	revealFinding: 'tcpdump.revealFinding',
} as const;
/** Registered by the one-connection document adapter. */
export const SHOW_CONNECTION = 'tcpdump.showConnection';

/** What every connection command takes (tree elements are such objects too). */
export interface ConnectionRef {
	readonly uri: string;
	readonly connectionIndex: number;
}

export interface ConnectionNode extends ConnectionRef {
	readonly kind: 'connection';
	readonly summary: ConnectionSummary;
}

export interface FindingNode {
	readonly kind: 'finding';
	readonly uri: string;
	readonly finding: Finding;
}

type Node = ConnectionNode | FindingNode;

/** Rows shown at most under one connection; the rest are counted in a last row. */
const MAX_FINDING_CHILDREN = 500;

export const SEVERITY_ICON: Record<Severity, vscode.ThemeIcon> = {
	error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
	warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
	information: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
	hint: new vscode.ThemeIcon('lightbulb'),
};

const STATE_ICON: Record<string, string> = {
	SF: 'pass', S1: 'arrow-swap', REJ: 'circle-slash', S0: 'question', RSTO: 'debug-disconnect', RSTR: 'debug-disconnect', OTH: 'ellipsis',
};

export function isConnectionRef(x: unknown): x is ConnectionRef {
	return typeof x === 'object' && x !== null && typeof (x as ConnectionRef).uri === 'string'
		&& typeof (x as ConnectionRef).connectionIndex === 'number';
}

export function rowDescription(s: ConnectionSummary): string {
	const parts = [s.state, `${s.packets} pkt`, `${formatBytes(s.bytes[0])} → ${formatBytes(s.bytes[1])} ←`];
	if (s.durationS !== undefined) {
		parts.push(formatSeconds(s.durationS));
	}
	if (s.rttMs !== undefined) {
		parts.push(`iRTT ${s.rttMs.toFixed(1)} ms`);
	}
	if (s.findings > 0) {
		parts.push(`${s.findings} ⚠`);
	}
	return parts.join(' · ');
}

export class ConnectionsTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
	readonly #changed = new vscode.EventEmitter<Node | undefined>();
	readonly onDidChangeTreeData = this.#changed.event;
	#document: vscode.TextDocument | undefined;
	#analysis: CaptureAnalysis | undefined;
	#rows: ConnectionSummary[] = [];
	#filter = '';
	#sort: ConnectionSort;
	#version = -1;
	#timer: ReturnType<typeof setTimeout> | undefined;
	view: vscode.TreeView<Node> | undefined;

	constructor(private readonly model: DocumentModel) {
		this.#sort = config().connectionsSort;
	}

	get document(): vscode.TextDocument | undefined {
		return this.#document;
	}

	get sort(): ConnectionSort {
		return this.#sort;
	}

	get filter(): string {
		return this.#filter;
	}

	/** Follows an editor: a tcpdump document replaces the current one; others leave it. */
	follow(editor: vscode.TextEditor | undefined): void {
		const d = editor?.document;
		if (!d || d.languageId !== LANGUAGE_ID) {
			return;
		}
		if (d !== this.#document || d.version !== this.#version) {
			this.#document = d;
			this.schedule(0);
		}
	}

	/** Recomputes after `delay` ms; a newer call replaces a pending one (one rebuild per pause in typing). */
	schedule(delay: number): void {
		if (this.#timer) {
			clearTimeout(this.#timer);
		}
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			void this.#refresh();
		}, delay);
	}

	async #refresh(): Promise<void> {
		const d = this.#document;
		if (!d) {
			return;
		}
		if (d.isClosed) {
			this.#document = undefined;
			this.#analysis = undefined;
			this.#rows = [];
			this.#update();
			return;
		}
		const version = d.version;
		const analysis = await this.model.analysis(d);
		if (d !== this.#document || d.version !== version) {
			return; // superseded
		}
		this.#version = version;
		if (analysis !== this.#analysis) {
			this.#analysis = analysis;
			this.#rebuildRows();
		}
		this.#update();
	}

	#rebuildRows(): void {
		// a one-connection view keeps the other connections as empty stand-ins: leave them out
		const all = this.#analysis ? summariesOf(this.#analysis).filter(r => r.packets > 0) : [];
		this.#rows = sortSummaries(filterSummaries(all, this.#filter), this.#sort);
	}

	#update(): void {
		if (this.view) {
			const total = this.#analysis?.connections.filter(c => c.packets.length > 0).length ?? 0;
			this.view.description = this.#document ? `${this.#rows.length === total ? total : `${this.#rows.length} of ${total}`} · by ${this.#sort}` : undefined;
			// without a document the view's welcome text (package.json viewsWelcome) says what to do
			this.view.message = !this.#document ? undefined
				: this.#filter ? `Filter: ${this.#filter}` : total === 0 ? 'No TCP connections in this capture.' : undefined;
		}
		this.#changed.fire(undefined);
	}

	setSort(sort: ConnectionSort): void {
		this.#sort = sort;
		this.#rebuildRows();
		this.#update();
	}

	setFilter(text: string): void {
		this.#filter = text;
		this.#rebuildRows();
		this.#update();
		void vscode.commands.executeCommand('setContext', 'tcpdump.connections.filtered', text.length > 0);
	}

	/** The current rows (sorted, filtered), for tests and commands. */
	rows(): readonly ConnectionSummary[] {
		return this.#rows;
	}

	getTreeItem(node: Node): vscode.TreeItem {
		if (node.kind === 'connection') {
			const s = node.summary;
			const item = new vscode.TreeItem(s.name, s.findings > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
			item.id = `${node.uri}#${node.connectionIndex}`;
			item.description = rowDescription(s);
			item.tooltip = summaryText(s);
			item.contextValue = 'tcpdumpConnection';
			item.iconPath = s.worst === 'error' || s.worst === 'warning' ? SEVERITY_ICON[s.worst] : new vscode.ThemeIcon(STATE_ICON[s.state] ?? 'plug');
			item.command = { command: COMMANDS.reveal, title: 'Reveal', arguments: [{ uri: node.uri, connectionIndex: node.connectionIndex }] };
			return item;
		}
		const f = node.finding;
		const item = new vscode.TreeItem(`line ${f.span.line + 1}: ${FINDINGS[f.code].title}`, vscode.TreeItemCollapsibleState.None);
		item.description = f.code;
		item.tooltip = f.message;
		item.iconPath = SEVERITY_ICON[f.severity];
		item.command = { command: COMMANDS.revealFinding, title: 'Reveal', arguments: [node.uri, f.span.line, f.span.start, f.span.end] };
		return item;
	}

	getChildren(node?: Node): Node[] {
		const uri = this.#document?.uri.toString();
		if (!uri) {
			return [];
		}
		if (!node) {
			return this.#rows.map(summary => ({ kind: 'connection', uri, connectionIndex: summary.connection, summary }));
		}
		if (node.kind === 'connection' && this.#analysis) {
			const out: Node[] = [];
			for (const f of this.#analysis.findings) {
				if (f.connection === node.connectionIndex) {
					out.push({ kind: 'finding', uri, finding: f });
					if (out.length >= MAX_FINDING_CHILDREN) {
						break;
					}
				}
			}
			return out;
		}
		return [];
	}

	getParent(): Node | undefined {
		return undefined;
	}

	dispose(): void {
		if (this.#timer) {
			clearTimeout(this.#timer);
		}
		this.#changed.dispose();
	}
}

/** The connection's summary, from whichever document the ref names. */
async function summaryFor(model: DocumentModel, ref: ConnectionRef): Promise<{ document: vscode.TextDocument; summary: ConnectionSummary } | undefined> {
	const uri = vscode.Uri.parse(ref.uri);
	const document = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString()) ?? await vscode.workspace.openTextDocument(uri);
	const analysis = await model.analysis(document);
	const summary = analysis ? summariesOf(analysis)[ref.connectionIndex] : undefined;
	return summary ? { document, summary } : undefined;
}

export function registerConnectionsView(model: DocumentModel): { provider: ConnectionsTreeProvider; disposable: vscode.Disposable } {
	const provider = new ConnectionsTreeProvider(model);
	const view = vscode.window.createTreeView(CONNECTIONS_VIEW, { treeDataProvider: provider, showCollapseAll: true });
	provider.view = view;
	provider.follow(vscode.window.activeTextEditor);
	const guard = (name: string, f: (...args: unknown[]) => Promise<void> | void) => vscode.commands.registerCommand(name, async (...args: unknown[]) => {
		try {
			await f(...args);
		} catch (e) {
			console.error(`tcpdump Lens: ${name} failed`, e);
		}
	});
	const disposable = vscode.Disposable.from(
		provider,
		view,
		vscode.window.onDidChangeActiveTextEditor(e => provider.follow(e)),
		// a language switch (content detection of a .txt) re-opens the document under the same editor
		vscode.workspace.onDidOpenTextDocument(d => {
			if (d === vscode.window.activeTextEditor?.document) {
				provider.follow(vscode.window.activeTextEditor);
			}
		}),
		vscode.workspace.onDidChangeTextDocument(e => {
			if (e.document === provider.document) {
				provider.schedule(300);
			}
		}),
		vscode.workspace.onDidCloseTextDocument(d => {
			if (d === provider.document) {
				provider.schedule(0);
			}
		}),
		guard(COMMANDS.reveal, async ref => {
			if (!isConnectionRef(ref)) {
				return;
			}
			const found = await summaryFor(model, ref);
			if (found) {
				await openAtLine(found.document.uri, found.summary.firstLine);
			}
		}),
		guard(COMMANDS.revealFinding, async (uri, line, start, end) => {
			if (typeof uri !== 'string' || typeof line !== 'number') {
				return;
			}
			const editor = await openAtLine(vscode.Uri.parse(uri), line);
			if (editor && typeof start === 'number' && typeof end === 'number') {
				editor.selection = new vscode.Selection(line, start, line, end);
			}
		}),
		guard(COMMANDS.copyFilter, async ref => {
			const found = isConnectionRef(ref) ? await summaryFor(model, ref) : undefined;
			if (found) {
				await vscode.env.clipboard.writeText(tcpdumpFilter(found.summary.endpoints));
			}
		}),
		guard(COMMANDS.copySummary, async ref => {
			const found = isConnectionRef(ref) ? await summaryFor(model, ref) : undefined;
			if (found) {
				await vscode.env.clipboard.writeText(summaryText(found.summary));
			}
		}),
		guard(COMMANDS.sort, async (arg?: unknown) => {
			const sorts: ConnectionSort[] = ['start', 'bytes', 'problems', 'duration'];
			let pick = typeof arg === 'string' && (sorts as string[]).includes(arg) ? arg as ConnectionSort : undefined;
			if (!pick) {
				const labels: Record<ConnectionSort, string> = { start: 'Start (file order)', bytes: 'Bytes (most first)', problems: 'Problems (most first)', duration: 'Duration (longest first)' };
				const chosen = await vscode.window.showQuickPick(sorts.map(s => ({ label: labels[s], sort: s, picked: s === provider.sort })), { title: 'Sort TCP connections by' });
				pick = chosen?.sort;
			}
			if (pick) {
				provider.setSort(pick);
			}
		}),
		guard(COMMANDS.filter, async (arg?: unknown) => {
			const text = typeof arg === 'string' ? arg : await vscode.window.showInputBox({
				title: 'Filter TCP connections', prompt: 'Part of an address, a port (`.443`) or a state (`REJ`)', value: provider.filter,
			});
			if (text !== undefined) {
				provider.setFilter(text);
			}
		}),
		guard(COMMANDS.clearFilter, () => provider.setFilter('')),
	);
	return { provider, disposable };
}
