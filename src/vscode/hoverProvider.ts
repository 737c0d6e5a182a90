/** Hover adapter: the core's `hoverAt` as a VS Code hover. Honours `tcpdump.hover.enabled`. */
import * as vscode from 'vscode';
import { config } from './config';
import { hoverAt } from '../core/hover';
import { toCorePosition, toRange } from './convert';
import type { DocumentModel } from './documentModel';

export class TcpdumpHoverProvider implements vscode.HoverProvider {
	constructor(private readonly model: DocumentModel) {}

	async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
		try {
			if (!config(document.uri).hoverEnabled) {
				return undefined;
			}
			const analysis = await this.model.analysis(document);
			if (!analysis || token.isCancellationRequested) {
				return undefined;
			}
			const result = hoverAt(analysis, toCorePosition(position));
			if (!result) {
				return undefined;
			}
			const md = new vscode.MarkdownString(result.markdown);
			md.isTrusted = false;
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
