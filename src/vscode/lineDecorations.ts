/**
 * Whole-line colours, as Wireshark's colouring rules: lines with a finding, RST lines, SYN/FIN lines
 * (see lineClasses.ts for the rules). Colours are theme colours contributed in package.json
 * (`tcpdump.findingLineBackground`, …), so every theme, high contrast included, can restyle them.
 * `tcpdump.decorations.enabled` turns them off.
 *
 * Cheap on large captures: the classes are computed once per analysis (i.e. per document version,
 * from the model's cached parse), in slices that yield to the extension host, and only visible
 * editors are decorated. When a document has more
 * than FULL_DOCUMENT_SPANS decorated packets, only the lines around the visible ranges get
 * decorations (re-applied on scroll), so no editor ever receives hundreds of thousands of ranges.
 */
import * as vscode from 'vscode';
import { config } from './config';
import { FINDINGS } from '../core/explain/findings';
import type { CaptureAnalysis } from '../core/store/capture';
import type { FindingCode } from '../core/types';
import { PerDocumentDebounce } from './debounce';
import { LANGUAGE_ID } from './diagnostics';
import type { DocumentModel } from './documentModel';
import { badPackets, classifyPackets, emptyLineClasses, spansBetween, type LineClass, type LineClasses, type LineSpan } from './lineClasses';

/** Up to this many decorated packets, a document is decorated whole (the overview ruler shows them all). */
const FULL_DOCUMENT_SPANS = 20_000;
/** Otherwise, lines decorated above and below the visible ranges. */
const WINDOW_MARGIN_LINES = 1_000;
const EDIT_DELAY_MS = 300;
/** Packets classified between two yields to the extension host: about 2.5 ms of CPU (0.5 µs a packet, measured on 300,000). */
const SLICE_PACKETS = 5_000;
const SCROLL_DELAY_MS = 50;

const CLASSES: readonly LineClass[] = ['finding', 'rst', 'synFin'];

function decorationType(cls: LineClass): vscode.TextEditorDecorationType {
	const id = { finding: 'findingLine', rst: 'rstLine', synFin: 'synFinLine' }[cls];
	return vscode.window.createTextEditorDecorationType({
		isWholeLine: true,
		backgroundColor: new vscode.ThemeColor(`tcpdump.${id}Background`),
		overviewRulerColor: new vscode.ThemeColor(`tcpdump.${id}OverviewRuler`),
		overviewRulerLane: vscode.OverviewRulerLane.Left,
	});
}

function enabled(document: vscode.TextDocument): boolean {
	return config(document.uri).decorationsEnabled;
}

/** Whether a finding code is shown (its `tcpdump.diagnostics.severity` is not `off`). */
function shownCodes(document: vscode.TextDocument): (code: FindingCode) => boolean {
	const overrides = config(document.uri).diagnosticsSeverity;
	return code => (overrides[code] ?? FINDINGS[code].severity) !== 'off';
}

export class LineDecorations implements vscode.Disposable {
	readonly #types = new Map<LineClass, vscode.TextEditorDecorationType>(CLASSES.map(c => [c, decorationType(c)]));
	/** Per analysis (one per document version) and severity settings. */
	#classes = new WeakMap<CaptureAnalysis, Promise<LineClasses | undefined>>();
	readonly #pending = new PerDocumentDebounce();
	readonly #subscriptions: vscode.Disposable[] = [this.#pending];

	constructor(private readonly model: DocumentModel) {
		this.#subscriptions.push(
			vscode.window.onDidChangeVisibleTextEditors(editors => editors.forEach(e => this.#schedule(e, 0))),
			vscode.workspace.onDidChangeTextDocument(e => {
				for (const editor of vscode.window.visibleTextEditors) {
					if (editor.document === e.document) {
						this.#schedule(editor, EDIT_DELAY_MS);
					}
				}
			}),
			vscode.workspace.onDidOpenTextDocument(() => vscode.window.visibleTextEditors.forEach(e => this.#schedule(e, 0))),
			vscode.window.onDidChangeTextEditorVisibleRanges(e => {
				if (this.#isWindowed(e.textEditor)) {
					this.#schedule(e.textEditor, SCROLL_DELAY_MS);
				}
			}),
			vscode.workspace.onDidChangeConfiguration(e => {
				if (e.affectsConfiguration('tcpdump.decorations') || e.affectsConfiguration('tcpdump.diagnostics.severity')) {
					this.#classes = new WeakMap();
					vscode.window.visibleTextEditors.forEach(ed => this.#schedule(ed, 0));
				}
			}),
		);
		for (const t of this.#types.values()) {
			this.#subscriptions.push(t);
		}
		vscode.window.visibleTextEditors.forEach(e => this.#schedule(e, 0));
	}

	/** Editors whose document has too many decorated packets to send them all. */
	readonly #windowed = new WeakSet<vscode.TextEditor>();

	#isWindowed(editor: vscode.TextEditor): boolean {
		return this.#windowed.has(editor);
	}

	#schedule(editor: vscode.TextEditor, delayMs: number): void {
		const key = `${editor.document.uri.toString()}#${editor.viewColumn ?? 0}`;
		this.#pending.schedule(key, delayMs, () => {
			this.#apply(editor).catch(e => console.error('tcpdump Lens: line decorations failed', e));
		});
	}

	#clear(editor: vscode.TextEditor): void {
		for (const t of this.#types.values()) {
			editor.setDecorations(t, []);
		}
	}

	async #apply(editor: vscode.TextEditor): Promise<void> {
		const document = editor.document;
		if (document.languageId !== LANGUAGE_ID || !enabled(document)) {
			this.#clear(editor);
			return;
		}
		const version = document.version;
		const analysis = await this.model.analysis(document);
		if (document.version !== version || !vscode.window.visibleTextEditors.includes(editor)) {
			return; // a newer version schedules its own run; a hidden editor needs nothing
		}
		if (!analysis) {
			this.#clear(editor);
			return;
		}
		let pending = this.#classes.get(analysis);
		if (!pending) {
			pending = this.#classify(document, version, analysis);
			this.#classes.set(analysis, pending);
		}
		const classes = await pending;
		if (!classes || document.version !== version || !vscode.window.visibleTextEditors.includes(editor)) {
			return;
		}
		const total = classes.finding.length + classes.rst.length + classes.synFin.length;
		const windowed = total > FULL_DOCUMENT_SPANS;
		if (windowed) {
			this.#windowed.add(editor);
		} else {
			this.#windowed.delete(editor);
		}
		const visible = editor.visibleRanges.length > 0 ? editor.visibleRanges : [new vscode.Range(0, 0, 0, 0)];
		const from = windowed ? Math.max(0, Math.min(...visible.map(r => r.start.line)) - WINDOW_MARGIN_LINES) : 0;
		const to = windowed ? Math.max(...visible.map(r => r.end.line)) + WINDOW_MARGIN_LINES : Number.MAX_SAFE_INTEGER;
		const lastLine = document.lineCount - 1;
		const toRanges = (spans: readonly LineSpan[]): vscode.Range[] =>
			(windowed ? spansBetween(spans, from, to) : spans)
				.filter(s => s.first <= lastLine)
				.map(s => new vscode.Range(s.first, 0, Math.min(s.last, lastLine), 0));
		for (const cls of CLASSES) {
			editor.setDecorations(this.#types.get(cls)!, toRanges(classes[cls]));
		}
	}

	/** Classifies in slices that yield between them; undefined when the document changed meanwhile. */
	async #classify(document: vscode.TextDocument, version: number, analysis: CaptureAnalysis): Promise<LineClasses | undefined> {
		const bad = badPackets(analysis, shownCodes(document));
		const classes = emptyLineClasses();
		const lineText = (line: number): string => (line < document.lineCount ? document.lineAt(line).text : '');
		for (let from = 0; from < analysis.packets.length; from += SLICE_PACKETS) {
			if (from > 0) {
				await new Promise(resolve => setTimeout(resolve, 0));
				if (document.isClosed || document.version !== version) {
					this.#classes.delete(analysis);
					return undefined;
				}
			}
			classifyPackets(analysis, bad, lineText, from, from + SLICE_PACKETS, classes);
		}
		return classes;
	}

	dispose(): void {
		for (const d of this.#subscriptions.splice(0)) {
			d.dispose();
		}
	}
}

export function registerLineDecorations(model: DocumentModel): vscode.Disposable {
	return new LineDecorations(model);
}
