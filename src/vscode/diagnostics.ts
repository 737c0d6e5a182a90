/**
 * Diagnostics adapter: the core's findings as VS Code diagnostics on `tcpdump` documents.
 * Owns its collection; recomputes 300 ms after the last edit (an edit cancels the pending run);
 * clears a document's diagnostics when it closes or stops being `tcpdump`. Severity per code
 * comes from `tcpdump.diagnostics.severity` (`off` hides the code), else from the findings table.
 */
import * as vscode from 'vscode';
import { collapseRepeats, isCollapsed, type CollapsedFindings } from '../core/features/expertSummary';
import { FINDINGS } from '../core/explain/findings';
import type { Finding, FindingCode, Severity } from '../core/types';
import { config, onDidChangeConfig } from './config';
import { toRange } from './convert';
import { PerDocumentDebounce } from './debounce';
import type { DocumentModel } from './documentModel';

export const LANGUAGE_ID = 'tcpdump';
export const DIAGNOSTIC_SOURCE = 'tcpdump Lens';
const DEBOUNCE_MS = 300;
const DOCS = 'https://github.com/tcpdump-lens/tcpdump-lens';

type SeveritySetting = Severity | 'off';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
	error: vscode.DiagnosticSeverity.Error,
	warning: vscode.DiagnosticSeverity.Warning,
	information: vscode.DiagnosticSeverity.Information,
	hint: vscode.DiagnosticSeverity.Hint,
};

/** The README heading anchor for a finding code: dots removed (`#handshakesynack-ack-mismatch`). */
export function codeTarget(code: FindingCode): vscode.Uri {
	return vscode.Uri.parse(`${DOCS}#${code.replace(/\./g, '')}`);
}

export function severityFor(code: FindingCode, overrides: Readonly<Record<string, unknown>>): SeveritySetting {
	const v = overrides[code];
	if (v === 'off' || (typeof v === 'string' && v in SEVERITY)) {
		return v as SeveritySetting;
	}
	return FINDINGS[code].severity;
}

export function toDiagnostic(document: vscode.TextDocument, f: Finding, severity: Severity): vscode.Diagnostic {
	const d = new vscode.Diagnostic(toRange(f.span), f.message, SEVERITY[severity]);
	d.source = DIAGNOSTIC_SOURCE;
	d.code = { value: f.code, target: codeTarget(f.code) };
	if (f.related.length > 0) {
		d.relatedInformation = f.related.map(r => new vscode.DiagnosticRelatedInformation(new vscode.Location(document.uri, toRange(r.span)), r.message));
	}
	return d;
}

/** Many findings of one code on one connection as one row; the first ones are its related locations. */
function toCollapsedDiagnostic(document: vscode.TextDocument, c: CollapsedFindings, severity: Severity): vscode.Diagnostic {
	const first = c.findings[0];
	const d = new vscode.Diagnostic(first ? toRange(first.span) : new vscode.Range(0, 0, 0, 0), c.message, SEVERITY[severity]);
	d.source = DIAGNOSTIC_SOURCE;
	d.code = { value: c.code, target: codeTarget(c.code) };
	d.relatedInformation = c.findings.slice(0, 20).map(f => new vscode.DiagnosticRelatedInformation(new vscode.Location(document.uri, toRange(f.span)), `line ${f.span.line + 1}: ${f.message}`));
	return d;
}

export class TcpdumpDiagnostics implements vscode.Disposable {
	readonly #collection = vscode.languages.createDiagnosticCollection('tcpdump');
	readonly #pending = new PerDocumentDebounce();
	readonly #subscriptions: vscode.Disposable[] = [this.#pending];

	constructor(private readonly model: DocumentModel) {
		this.#subscriptions.push(
			this.#collection,
			vscode.workspace.onDidOpenTextDocument(d => this.#refresh(d, 0)),
			vscode.workspace.onDidChangeTextDocument(e => this.#refresh(e.document, DEBOUNCE_MS)),
			vscode.workspace.onDidCloseTextDocument(d => this.#clear(d.uri)),
			onDidChangeConfig('diagnostics', () => {
				for (const d of vscode.workspace.textDocuments) {
					this.#refresh(d, 0);
				}
			}),
		);
		for (const d of vscode.workspace.textDocuments) {
			this.#refresh(d, 0);
		}
	}

	#clear(uri: vscode.Uri): void {
		this.#pending.cancel(uri.toString());
		this.#collection.delete(uri);
	}

	#refresh(document: vscode.TextDocument, delay: number): void {
		if (document.languageId !== LANGUAGE_ID) {
			this.#clear(document.uri);
			return;
		}
		const version = document.version;
		this.#pending.schedule(document.uri.toString(), delay, () => {
			// A newer edit, a close or a language change since scheduling: skip this run.
			if (document.isClosed || document.version !== version || document.languageId !== LANGUAGE_ID) {
				return;
			}
			void this.#compute(document);
		});
	}

	async #compute(document: vscode.TextDocument): Promise<void> {
		try {
			const version = document.version;
			const analysis = await this.model.analysis(document);
			if (document.isClosed || document.version !== version) {
				return; // superseded by an edit: its own refresh is scheduled
			}
			if (!analysis) {
				this.#collection.delete(document.uri);
				return;
			}
			const settings = config(document.uri);
			const overrides = settings.diagnosticsSeverity;
			const out: vscode.Diagnostic[] = [];
			for (const f of collapseRepeats(analysis.findings, settings.collapseRepeats)) {
				const sev = severityFor(f.code, overrides);
				if (sev !== 'off') {
					out.push(isCollapsed(f) ? toCollapsedDiagnostic(document, f, sev) : toDiagnostic(document, f, sev));
				}
			}
			this.#collection.set(document.uri, out);
		} catch (e) {
			console.error('tcpdump Lens: diagnostics failed', e);
		}
	}

	dispose(): void {
		for (const d of this.#subscriptions.splice(0)) {
			d.dispose();
		}
	}
}

export function registerDiagnostics(model: DocumentModel): vscode.Disposable {
	return new TcpdumpDiagnostics(model);
}
