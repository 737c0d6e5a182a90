/**
 * Hover adapter: the core's `hoverAt` as a VS Code hover. Honours `tcpdump.hover.enabled` and
 * `tcpdump.hover.verbosity`; turns the core's line references into `tcpdump.revealLine` links,
 * the only command the hover markdown may run.
 */
import * as vscode from 'vscode';
import { config } from './config';
import { parseViewUri } from './connectionDocument';
import { type HoverVerbosity, hoverAt } from '../core/features/hover';
import { toCorePosition, toRange } from './convert';
import type { DocumentModel } from './documentModel';
import { REVEAL_LINE_COMMAND, revealLineUri } from './revealLine';

export class TcpdumpHoverProvider implements vscode.HoverProvider {
	constructor(private readonly model: DocumentModel) {}

	async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
		try {
			const settings = config(document.uri);
			if (!settings.hoverEnabled) {
				return undefined;
			}
			const analysis = await this.model.analysis(document);
			if (!analysis || token.isCancellationRequested) {
				return undefined;
			}
			const verbosity: HoverVerbosity = settings.hoverVerbosity;
			const result = hoverAt(analysis, toCorePosition(position), {
				verbosity,
				lineText: line => (line >= 0 && line < document.lineCount ? document.lineAt(line).text : undefined),
				// Line references are lines of the whole capture: a one-connection view links to its source.
				lineLink: line => revealLineUri(parseViewUri(document.uri)?.source ?? document.uri, line),
			});
			if (!result) {
				return undefined;
			}
			const md = new vscode.MarkdownString(result.markdown);
			md.isTrusted = { enabledCommands: [REVEAL_LINE_COMMAND] };
			md.supportHtml = false;
			md.supportThemeIcons = false;
			return new vscode.Hover(md, toRange(result.span));
		} catch (e) {
			console.error('tcpdump Lens: hover failed', e);
			return undefined;
		}
	}
}

export function registerHover(selector: vscode.DocumentSelector, model: DocumentModel): vscode.Disposable {
	return vscode.languages.registerHoverProvider(selector, new TcpdumpHoverProvider(model));
}
