/**
 * Keyboard navigation in a capture (Wireshark habits): next / previous finding, next / previous
 * packet of the connection under the cursor, first packet of this connection. Enabled only in
 * tcpdump documents (`when` clauses in package.json).
 */
import * as vscode from 'vscode';
import { neighbourPacket } from '../core/features/navigation';
import type { DocumentModel } from './documentModel';
import { toRange } from './convert';

export const NAV_COMMANDS = {
	nextFinding: 'tcpdump.nextFinding',
	previousFinding: 'tcpdump.previousFinding',
	nextPacket: 'tcpdump.nextPacketInConnection',
	previousPacket: 'tcpdump.previousPacketInConnection',
	firstPacket: 'tcpdump.firstPacketOfConnection',
} as const;

function moveTo(editor: vscode.TextEditor, range: vscode.Range): void {
	editor.selection = new vscode.Selection(range.start, range.end);
	editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

export function registerNavigationCommands(model: DocumentModel): vscode.Disposable {
	const withEditor = (f: (editor: vscode.TextEditor, analysis: NonNullable<Awaited<ReturnType<DocumentModel['analysis']>>>) => void) => async () => {
		try {
			const editor = vscode.window.activeTextEditor;
			const analysis = editor ? await model.analysis(editor.document) : undefined;
			if (editor && analysis) {
				f(editor, analysis);
			}
		} catch (e) {
			console.error('tcpdump Lens: navigation command failed', e);
		}
	};
	const finding = (step: 1 | -1) => withEditor((editor, analysis) => {
		const here = editor.selection.active;
		const list = analysis.findings;
		if (list.length === 0) {
			void vscode.window.setStatusBarMessage('tcpdump Lens: no findings in this capture', 3000);
			return;
		}
		const after = (f: typeof list[number]): boolean => f.span.line > here.line || (f.span.line === here.line && f.span.start > here.character);
		const before = (f: typeof list[number]): boolean => f.span.line < here.line || (f.span.line === here.line && f.span.start < here.character);
		// findings are in line order; wrap around at either end
		const target = step > 0 ? list.find(after) ?? list[0] : [...list].reverse().find(before) ?? list[list.length - 1];
		if (target) {
			moveTo(editor, toRange(target.span));
		}
	});
	const packet = (step: 1 | -1) => withEditor((editor, analysis) => {
		const p = neighbourPacket(analysis, editor.selection.active.line, step);
		if (p) {
			const span = p.tcp?.src.span;
			moveTo(editor, span ? toRange(span) : new vscode.Range(p.line, 0, p.line, 0));
		}
	});
	return vscode.Disposable.from(
		vscode.commands.registerCommand(NAV_COMMANDS.nextFinding, finding(1)),
		vscode.commands.registerCommand(NAV_COMMANDS.previousFinding, finding(-1)),
		vscode.commands.registerCommand(NAV_COMMANDS.nextPacket, packet(1)),
		vscode.commands.registerCommand(NAV_COMMANDS.previousPacket, packet(-1)),
		vscode.commands.registerCommand(NAV_COMMANDS.firstPacket, withEditor((editor, analysis) => {
			const r = analysis.packetAtLine(editor.selection.active.line);
			const conn = r?.tcpInfo ? analysis.connections[r.tcpInfo.connection] : undefined;
			const first = conn ? analysis.packets[conn.packets[0] ?? -1] : undefined;
			if (first) {
				moveTo(editor, new vscode.Range(first.line, 0, first.line, 0));
			}
		})),
	);
}
