/**
 * Opening .pcap / .pcapng / .cap files: a read-only custom editor that hands over to a virtual
 * `tcpdump-pcap:` text document holding the text tcpdump would print (language `tcpdump`, so
 * highlighting, hovers, CodeLens and diagnostics all apply). Reads go through `workspace.fs`
 * (browser build, remote and virtual workspaces); nothing is executed, so untrusted workspaces are fine.
 */
import * as vscode from 'vscode';
import { config, setPcapOptions } from './config';
import { CaptureTextStream, parseTcpdumpOptions, unsupportedLinkTypeMessage, type RenderOptions } from '../core/pcap/index';

export const PCAP_SCHEME = 'tcpdump-pcap';
export const PCAP_VIEW_TYPE = 'tcpdump.pcap';
export const CHOOSE_OPTIONS = 'tcpdump.pcap.chooseOptions';
export const SAVE_AS_TEXT = 'tcpdump.pcap.saveAsText';
const SETTING = 'tcpdump.pcap.options';
/** Below VS Code's 50 MB limit for documents extensions can see. */
const MAX_TEXT = 48 * 1024 * 1024;
/** Render in slices so the extension host stays responsive. */
const SLICE = 512 * 1024;

const PRESETS = ['-nn', '-nn -S', '-nn -v', '-nn -vv', '-nn -e', '-nn -tttt', '-nn -ttt', '-nn -#', '-nn -X', '-nn -q'];

/** The virtual document for a capture: `tcpdump-pcap:/dir/x.pcap.tcpdump?<capture uri>`. */
export function textUriFor(capture: vscode.Uri): vscode.Uri {
	return vscode.Uri.from({ scheme: PCAP_SCHEME, path: capture.path + '.tcpdump', query: capture.toString() });
}

function captureUriOf(text: vscode.Uri): vscode.Uri {
	return vscode.Uri.parse(text.query);
}

function currentOptions(): { words: string; options: RenderOptions } {
	const words = config().pcapOptions;
	const parsed = parseTcpdumpOptions(words.split(/\s+/));
	if (typeof parsed === 'string') {
		void vscode.window.showWarningMessage(`tcpdump Lens: ${SETTING}: ${parsed}; using -nn`);
		return { words: '-nn', options: parseTcpdumpOptions(['-nn']) as RenderOptions };
	}
	return { words, options: parsed };
}

class PcapTextProvider implements vscode.TextDocumentContentProvider {
	readonly #changed = new vscode.EventEmitter<vscode.Uri>();
	readonly onDidChange = this.#changed.event;
	readonly #open = new Set<string>();

	refreshAll(): void {
		for (const u of this.#open) {
			this.#changed.fire(vscode.Uri.parse(u));
		}
	}

	forget(uri: vscode.Uri): void {
		this.#open.delete(uri.toString());
	}

	async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
		this.#open.add(uri.toString());
		const capture = captureUriOf(uri);
		const name = capture.path.split('/').pop() ?? capture.path;
		const { words, options } = currentOptions();
		// a notification (with Cancel) only for files that take a while; the status bar otherwise
		const large = (await vscode.workspace.fs.stat(capture)).size > 8 * 1024 * 1024;
		const location = large ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window;
		return vscode.window.withProgress({ location, title: `tcpdump ${words} ${name}`, cancellable: large }, async (progress, cancel) => {
			const bytes = await vscode.workspace.fs.readFile(capture);
			const stream = new CaptureTextStream(options, { maxTextLength: MAX_TEXT });
			const parts: string[] = [];
			for (let off = 0; off < bytes.length; off += SLICE) {
				if (token.isCancellationRequested || cancel.isCancellationRequested) {
					break;
				}
				parts.push(stream.push(bytes.subarray(off, off + SLICE)));
				progress.report({ increment: 100 * Math.min(SLICE, bytes.length - off) / bytes.length });
				await new Promise(resolve => setTimeout(resolve, 0));
			}
			const summary = stream.finish();
			const notes: string[] = [];
			if (summary.renderedPackets < summary.packets) {
				notes.push(`showing the first ${summary.renderedPackets} of ${summary.packets} packets (VS Code's 50 MB document limit); use the CLI for the rest: tcpdump-lens --print ${words} ${name}`);
			}
			if (summary.error) {
				notes.push(`${summary.error.message}: the ${summary.packets} packets before it are shown`);
			}
			const unsupported = unsupportedLinkTypeMessage(summary.unsupportedLinkTypes);
			if (unsupported) {
				notes.push(unsupported);
			}
			if (notes.length > 0) {
				void vscode.window.showWarningMessage(`tcpdump Lens: ${name}: ${notes.join('; ')}`);
			}
			return parts.join('');
		});
	}
}

/** Hands a capture over to its text document, then closes the (empty) custom editor tab. */
class PcapEditorProvider implements vscode.CustomReadonlyEditorProvider {
	openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
		return { uri, dispose: () => undefined };
	}

	async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
		panel.webview.html = '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\';"></head><body>Opening as tcpdump text…</body></html>';
		const doc = await vscode.workspace.openTextDocument(textUriFor(document.uri));
		const typed = doc.languageId === 'tcpdump' ? doc : await vscode.languages.setTextDocumentLanguage(doc, 'tcpdump');
		await vscode.window.showTextDocument(typed, { viewColumn: panel.viewColumn, preview: false });
		panel.dispose();
	}
}

async function chooseOptions(provider: PcapTextProvider): Promise<void> {
	const current = config().pcapOptions;
	const items: vscode.QuickPickItem[] = [...PRESETS.map(p => ({ label: p, description: p === current ? 'current' : undefined })), { label: 'Other…', description: 'type tcpdump options' }];
	const pick = await vscode.window.showQuickPick(items, { title: 'tcpdump options for opened captures' });
	if (!pick) {
		return;
	}
	let words = pick.label;
	if (words === 'Other…') {
		const typed = await vscode.window.showInputBox({
			value: current, prompt: 'tcpdump options (-S -t… -ttttt -v -vv -e -x -X -# -q)',
			validateInput: v => {
				const r = parseTcpdumpOptions(v.split(/\s+/));
				return typeof r === 'string' ? r : undefined;
			},
		});
		if (typed === undefined) {
			return;
		}
		words = typed;
	}
	await setPcapOptions(words);
	provider.refreshAll();
}

async function saveAsText(uri?: vscode.Uri): Promise<void> {
	const doc = uri?.scheme === PCAP_SCHEME
		? await vscode.workspace.openTextDocument(uri)
		: vscode.window.activeTextEditor?.document;
	if (!doc || doc.uri.scheme !== PCAP_SCHEME) {
		void vscode.window.showInformationMessage('tcpdump Lens: open a .pcap or .pcapng file first.');
		return;
	}
	const capture = captureUriOf(doc.uri);
	const target = await vscode.window.showSaveDialog({ defaultUri: capture.with({ path: capture.path + '.txt' }), filters: { Text: ['txt', 'tcpdump'] } });
	if (target) {
		await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(doc.getText()));
	}
}

export function registerPcapDocuments(): vscode.Disposable {
	const provider = new PcapTextProvider();
	return vscode.Disposable.from(
		vscode.workspace.registerTextDocumentContentProvider(PCAP_SCHEME, provider),
		vscode.window.registerCustomEditorProvider(PCAP_VIEW_TYPE, new PcapEditorProvider(), { supportsMultipleEditorsPerDocument: true }),
		vscode.commands.registerCommand(CHOOSE_OPTIONS, () => chooseOptions(provider)),
		vscode.commands.registerCommand(SAVE_AS_TEXT, (uri?: vscode.Uri) => saveAsText(uri)),
		vscode.workspace.onDidChangeConfiguration(e => {
			if (e.affectsConfiguration(SETTING)) {
				provider.refreshAll();
			}
		}),
		vscode.workspace.onDidCloseTextDocument(d => {
			if (d.uri.scheme === PCAP_SCHEME) {
				provider.forget(d.uri);
			}
		}),
	);
}
