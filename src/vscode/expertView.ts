/**
 * "Expert Information" tree (Wireshark's Analyze → Expert Information): findings of the active
 * capture grouped by code with their count and severity, then by connection, then each
 * occurrence (click = reveal the line). Severities and `off` come from
 * `tcpdump.diagnostics.severity`, as in the Problems panel, so the counts are the same.
 */
import * as vscode from 'vscode';
import type { CaptureAnalysis } from '../core/store/capture';
import { expertSummary, type ExpertConnectionGroup, type ExpertGroup } from '../core/features/expertSummary';
import { summariesOf } from '../core/features/connectionSummary';
import { config, onDidChangeConfig } from './config';
import { COMMANDS, SEVERITY_ICON } from './connectionsView';
import { LANGUAGE_ID, severityFor } from './diagnostics';
import type { DocumentModel } from './documentModel';

export const EXPERT_VIEW = 'tcpdump.expert';
const MAX_OCCURRENCES = 1000;

type Node =
	| { kind: 'code'; group: ExpertGroup }
	| { kind: 'connection'; group: ExpertGroup; part: ExpertConnectionGroup; uri: string; connectionIndex: number }
	| { kind: 'finding'; group: ExpertGroup; index: number; part: ExpertConnectionGroup }
	| { kind: 'more'; count: number };

export class ExpertTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
	readonly #changed = new vscode.EventEmitter<void>();
	readonly onDidChangeTreeData = this.#changed.event;
	#document: vscode.TextDocument | undefined;
	#analysis: CaptureAnalysis | undefined;
	#groups: ExpertGroup[] = [];
	#timer: ReturnType<typeof setTimeout> | undefined;
	view: vscode.TreeView<Node> | undefined;

	constructor(private readonly model: DocumentModel) {}

	get document(): vscode.TextDocument | undefined {
		return this.#document;
	}

	/** The groups shown (tests compare their counts with the Problems panel). */
	groups(): readonly ExpertGroup[] {
		return this.#groups;
	}

	follow(editor: vscode.TextEditor | undefined): void {
		const d = editor?.document;
		if (d && d.languageId === LANGUAGE_ID && d !== this.#document) {
			this.#document = d;
			this.schedule(0);
		}
	}

	schedule(delay: number, force = false): void {
		if (this.#timer) {
			clearTimeout(this.#timer);
		}
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			void this.#refresh(force);
		}, delay);
	}

	async #refresh(force: boolean): Promise<void> {
		const d = this.#document;
		if (!d) {
			return;
		}
		const analysis = d.isClosed ? undefined : await this.model.analysis(d);
		if (d !== this.#document) {
			return;
		}
		if (analysis === this.#analysis && !force) {
			return;
		}
		this.#analysis = analysis;
		const overrides = config(d.uri).diagnosticsSeverity;
		this.#groups = analysis ? expertSummary(analysis.findings, code => severityFor(code, overrides)) : [];
		if (this.view) {
			const total = this.#groups.reduce((n, g) => n + g.count, 0);
			this.view.description = analysis ? `${total} finding${total === 1 ? '' : 's'}` : undefined;
			this.view.message = analysis && total === 0 ? 'No findings in this capture.' : undefined;
		}
		this.#changed.fire();
	}

	getTreeItem(node: Node): vscode.TreeItem {
		const uri = this.#document?.uri.toString() ?? '';
		switch (node.kind) {
			case 'code': {
				const g = node.group;
				const item = new vscode.TreeItem(`${g.title}`, vscode.TreeItemCollapsibleState.Collapsed);
				item.description = `${g.count} · ${g.code} · ${g.connections.length} connection${g.connections.length === 1 ? '' : 's'}`;
				item.iconPath = SEVERITY_ICON[g.severity];
				item.tooltip = `${g.count} × ${g.code} (${g.severity})`;
				item.id = `${uri}#${g.code}`;
				return item;
			}
			case 'connection': {
				const c = node.part.connection;
				const s = c === undefined || !this.#analysis ? undefined : summariesOf(this.#analysis)[c];
				const item = new vscode.TreeItem(s ? `connection ${c === undefined ? '?' : c + 1}: ${s.name}` : 'no connection', vscode.TreeItemCollapsibleState.Collapsed);
				item.description = `${node.part.findings.length}`;
				item.id = `${uri}#${node.group.code}#${c ?? -1}`;
				if (c !== undefined) {
					item.contextValue = 'tcpdumpConnection';
				}
				return item;
			}
			case 'finding': {
				const f = node.part.findings[node.index];
				const item = new vscode.TreeItem(f ? `line ${f.span.line + 1}` : '?', vscode.TreeItemCollapsibleState.None);
				if (f) {
					item.description = f.message;
					item.tooltip = f.message;
					item.command = { command: COMMANDS.revealFinding, title: 'Reveal', arguments: [uri, f.span.line, f.span.start, f.span.end] };
				}
				return item;
			}
			default:
				return new vscode.TreeItem(`… ${node.count} more`, vscode.TreeItemCollapsibleState.None);
		}
	}

	getChildren(node?: Node): Node[] {
		if (!node) {
			return this.#groups.map(group => ({ kind: 'code', group }));
		}
		if (node.kind === 'code') {
			const uri = this.#document?.uri.toString() ?? '';
			return node.group.connections.map(part => ({ kind: 'connection', group: node.group, part, uri, connectionIndex: part.connection ?? -1 }));
		}
		if (node.kind === 'connection') {
			const n = Math.min(node.part.findings.length, MAX_OCCURRENCES);
			const out: Node[] = [];
			for (let i = 0; i < n; i++) {
				out.push({ kind: 'finding', group: node.group, part: node.part, index: i });
			}
			if (node.part.findings.length > n) {
				out.push({ kind: 'more', count: node.part.findings.length - n });
			}
			return out;
		}
		return [];
	}

	dispose(): void {
		if (this.#timer) {
			clearTimeout(this.#timer);
		}
		this.#changed.dispose();
	}
}

export function registerExpertView(model: DocumentModel): { provider: ExpertTreeProvider; disposable: vscode.Disposable } {
	const provider = new ExpertTreeProvider(model);
	const view = vscode.window.createTreeView(EXPERT_VIEW, { treeDataProvider: provider, showCollapseAll: true });
	provider.view = view;
	provider.follow(vscode.window.activeTextEditor);
	return {
		provider,
		disposable: vscode.Disposable.from(
			provider, view,
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
			onDidChangeConfig('diagnostics', () => provider.schedule(0, true)),
		),
	};
}
