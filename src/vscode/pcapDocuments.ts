/**
 * Opening .pcap / .pcapng / .cap files: a read-only custom editor that hands over to a virtual
 * `tcpdump-pcap:` text document holding the text tcpdump would print (language `tcpdump`, so
 * highlighting, hovers, CodeLens and diagnostics all apply). Reads go through `workspace.fs`
 * (browser build, remote and virtual workspaces); nothing is executed, so untrusted workspaces are fine.
 */
import * as vscode from 'vscode';
import { config, setPcapOptions } from './config';
import {
	CaptureTextStream, formatRangeParam, groupDigits, localUtcOffset, pageRanges, parsePacketRange, parseRangeParam, parseTcpdumpOptions,
	partialCaptureLine, rangeText, unsupportedLinkTypeMessage, type PacketRange, type RenderOptions,
} from '../core/pcap/index';

export const PCAP_SCHEME = 'tcpdump-pcap';
export const PCAP_VIEW_TYPE = 'tcpdump.pcap';
export const CHOOSE_OPTIONS = 'tcpdump.pcap.chooseOptions';
export const SAVE_AS_TEXT = 'tcpdump.pcap.saveAsText';
export const SHOW_RANGE = 'tcpdump.pcap.showPackets';
const SHOW_RANGE_TITLE = 'tcpdump: Show packets K-M of a large capture';
const SETTINGS = ['tcpdump.pcap.options', 'tcpdump.pcap.timeZone'];
/** Below VS Code's 50 MB limit for documents extensions can see. */
const MAX_TEXT = 48 * 1024 * 1024;
/** Render in slices so the extension host stays responsive. */
const SLICE = 512 * 1024;

const PRESETS = ['-nn', '-nn -S', '-nn -v', '-nn -vv', '-nn -e', '-nn -tttt', '-nn -ttt', '-nn -#', '-nn -X', '-nn -A', '-nn -q'];

/**
 * The virtual document for a capture: `tcpdump-pcap:/dir/x.pcap.tcpdump?<capture uri>`, with
 * `#packets=K-M` when it shows a range of a capture too large for one document.
 */
export function textUriFor(capture: vscode.Uri, range?: PacketRange): vscode.Uri {
	return vscode.Uri.from({ scheme: PCAP_SCHEME, path: capture.path + '.tcpdump', query: capture.toString(), fragment: range ? formatRangeParam(range) : '' });
}

function captureUriOf(text: vscode.Uri): vscode.Uri {
	return vscode.Uri.parse(text.query);
}

/** The options from the settings, with the time zone: UTC, or the local zone as tcpdump prints it. */
function currentOptions(): { words: string; options: RenderOptions; zone: string } {
	const c = config();
	const local = c.pcapTimeZone === 'local';
	const zone = local ? `local (${localZoneName()})` : 'UTC';
	let words = c.pcapOptions;
	let parsed = parseTcpdumpOptions(words.split(/\s+/));
	if (typeof parsed === 'string') {
		void vscode.window.showWarningMessage(`tcpdump Lens: tcpdump.pcap.options: ${parsed}; using -nn`);
		words = '-nn';
		parsed = parseTcpdumpOptions(['-nn']) as RenderOptions;
	}
	return { words, options: local ? { ...parsed, utcOffset: localUtcOffset } : parsed, zone };
}

function localZoneName(): string {
	try {
		return Intl.DateTimeFormat().resolvedOptions().timeZone || 'the system zone';
	} catch {
		return 'the system zone';
	}
}

/** What the range picker needs to know about a capture it has opened once. */
interface CaptureSize {
	readonly packets: number;
	/** Packets that fitted the first document: the size of each page the picker offers. */
	readonly pageSize: number;
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

	/** Captures that did not fit one document, by capture uri. */
	readonly sizes = new Map<string, CaptureSize>();

	async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
		this.#open.add(uri.toString());
		const capture = captureUriOf(uri);
		const name = capture.path.split('/').pop() ?? capture.path;
		const range = parseRangeParam(uri.fragment);
		const { words, options, zone } = currentOptions();
		// a notification (with Cancel) only for files that take a while; the status bar otherwise
		const large = (await vscode.workspace.fs.stat(capture)).size > 8 * 1024 * 1024;
		const location = large ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window;
		const title = `tcpdump ${words} ${name}${range ? `, packets ${rangeText(range)}` : ''}`;
		return vscode.window.withProgress({ location, title, cancellable: large }, async (progress, cancel) => {
			const bytes = await vscode.workspace.fs.readFile(capture);
			const stream = new CaptureTextStream(options, { maxTextLength: MAX_TEXT, range });
			const parts: string[] = [];
			let cancelled = false;
			for (let off = 0; off < bytes.length; off += SLICE) {
				if (token.isCancellationRequested || cancel.isCancellationRequested) {
					cancelled = true;
					break;
				}
				parts.push(stream.push(bytes.subarray(off, off + SLICE)));
				progress.report({ increment: 100 * Math.min(SLICE, bytes.length - off) / bytes.length, message: `${groupDigits(stream.packetsRead)} packets` });
				await new Promise(resolve => setTimeout(resolve, 0));
			}
			const summary = stream.finish();
			const partial = range !== undefined || summary.renderedPackets < summary.packets;
			if (partial && !cancelled) {
				const known = this.sizes.get(capture.toString());
				const cut = summary.shown !== undefined && summary.shown.last < (range?.last ?? Infinity) && summary.shown.last < summary.packets;
				// a page is what fits one document: known when the limit cut this text, else estimated from it
				const length = parts.reduce((n, p) => n + p.length, 0);
				const estimate = cut || length === 0 ? summary.renderedPackets : Math.floor(summary.renderedPackets * MAX_TEXT / length);
				this.sizes.set(capture.toString(), { packets: summary.packets, pageSize: Math.max(1, known && range ? known.pageSize : estimate) });
				parts.unshift(partialCaptureLine(summary.shown, summary.packets, zone, SHOW_RANGE_TITLE) + '\n');
			}
			const notes: string[] = [];
			if (cancelled) {
				notes.push(`cancelled after ${groupDigits(summary.packets)} packets: the ${groupDigits(summary.renderedPackets)} rendered by then are shown`);
			} else if (!range && summary.renderedPackets < summary.packets) {
				notes.push(`showing the first ${groupDigits(summary.renderedPackets)} of ${groupDigits(summary.packets)} packets (VS Code's 50 MB document limit); "${SHOW_RANGE_TITLE}" shows the others, or the CLI: tcpdump-lens --print ${words} ${name}`);
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
			value: current, prompt: 'tcpdump options (-S -t… -ttttt -v -vv -e -x -X -A -# -q)',
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

/** The quick pick "Show packets K-M": one item per page of the capture, or a typed range. */
async function showPackets(provider: PcapTextProvider, uri?: vscode.Uri): Promise<void> {
	const doc = uri?.scheme === PCAP_SCHEME ? uri : vscode.window.activeTextEditor?.document.uri;
	if (!doc || doc.scheme !== PCAP_SCHEME) {
		void vscode.window.showInformationMessage('tcpdump Lens: open a .pcap or .pcapng file first.');
		return;
	}
	const capture = captureUriOf(doc);
	const size = provider.sizes.get(capture.toString());
	if (!size) {
		void vscode.window.showInformationMessage('tcpdump Lens: this capture fits one document: all its packets are shown.');
		return;
	}
	const current = parseRangeParam(doc.fragment);
	const pages = pageRanges(size.packets, size.pageSize);
	const items: (vscode.QuickPickItem & { range?: PacketRange })[] = pages.map(r => ({
		label: `Show packets ${rangeText(r)}`, range: r,
		description: (current ?? pages[0]!).first === r.first ? 'shown' : undefined,
	}));
	items.push({ label: 'Other range…', description: 'type packet numbers K-M' });
	const pick = await vscode.window.showQuickPick(items, { title: `${groupDigits(size.packets)} packets in ${capture.path.split('/').pop() ?? ''}` });
	if (!pick) {
		return;
	}
	let range = pick.range;
	if (!range) {
		const typed = await vscode.window.showInputBox({
			prompt: `packet numbers 1–${groupDigits(size.packets)}, e.g. 1000-2000 or 5000- (a document shows at most ${groupDigits(size.pageSize)} of them)`,
			validateInput: v => {
				const r = parsePacketRange(v, size.packets);
				return typeof r === 'string' ? r : undefined;
			},
		});
		const parsed = typed === undefined ? undefined : parsePacketRange(typed, size.packets);
		if (parsed === undefined || typeof parsed === 'string') {
			return;
		}
		range = parsed;
	}
	const opened = await vscode.workspace.openTextDocument(textUriFor(capture, range));
	const typed = opened.languageId === 'tcpdump' ? opened : await vscode.languages.setTextDocumentLanguage(opened, 'tcpdump');
	await vscode.window.showTextDocument(typed, { preview: false });
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
		// the text tcpdump prints, without the first line that says which packets a partial document shows
		const partial = doc.lineCount > 1 && doc.lineAt(0).text.startsWith('tcpdump Lens: ');
		const text = partial ? doc.getText(new vscode.Range(1, 0, doc.lineCount, 0)) : doc.getText();
		await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
	}
}

export function registerPcapDocuments(): vscode.Disposable {
	const provider = new PcapTextProvider();
	return vscode.Disposable.from(
		vscode.workspace.registerTextDocumentContentProvider(PCAP_SCHEME, provider),
		vscode.window.registerCustomEditorProvider(PCAP_VIEW_TYPE, new PcapEditorProvider(), { supportsMultipleEditorsPerDocument: true }),
		vscode.commands.registerCommand(CHOOSE_OPTIONS, () => chooseOptions(provider)),
		vscode.commands.registerCommand(SAVE_AS_TEXT, (uri?: vscode.Uri) => saveAsText(uri)),
		vscode.commands.registerCommand(SHOW_RANGE, (uri?: vscode.Uri) => showPackets(provider, uri)),
		vscode.workspace.onDidChangeConfiguration(e => {
			if (SETTINGS.some(key => e.affectsConfiguration(key))) {
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
