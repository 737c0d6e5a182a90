/**
 * What VS Code's own limits take away from a large capture, and what to do about it: the texts of
 * the status bar item (documentLimits.ts). Pure (no `vscode` import), so the unit tests check the
 * thresholds and the texts. The limits are VS Code's (microsoft/vscode `textModel.ts`,
 * `extHostDiagnostics.ts`):
 * - over 50 MiB of text a document is not synced to extensions at all (`_MODEL_SYNC_LIMIT`);
 * - over 20 MiB or 300,000 lines TextMate highlighting is off while `editor.largeFileOptimizations`
 *   is on (`LARGE_FILE_SIZE_THRESHOLD`, `LARGE_FILE_LINE_COUNT_THRESHOLD`);
 * - a diagnostic collection sends at most 1,000 diagnostics per file, errors first (`_maxDiagnosticsPerFile`).
 */

export const SYNC_LIMIT_CHARS = 50 * 1024 * 1024;
export const HIGHLIGHT_LIMIT_CHARS = 20 * 1024 * 1024;
export const HIGHLIGHT_LIMIT_LINES = 300_000;
export const DIAGNOSTICS_PER_FILE = 1_000;

export type DocumentFacts =
	| { readonly synced: true; readonly chars: number; readonly lines: number; readonly largeFileOptimizations: boolean; readonly diagnostics: number }
	| { readonly synced: false; readonly bytes: number };

export interface LimitNotice {
	readonly kind: 'not-synced' | 'no-highlighting' | 'diagnostics-capped';
	/** Short, for the status bar (plain text: no `$(icon)` from here). */
	readonly label: string;
	/** Markdown: what is lost, what still works, what to do. */
	readonly explanation: string;
}

const n = (x: number): string => x.toLocaleString('en-US');
const mib = (x: number): string => `${(x / (1024 * 1024)).toFixed(1)} MiB`;

const CLI = 'Run the command line on the file: `tcpdump-lens FILE` reads any size as a stream and prints every finding (`--json` for scripts).';

export function limitNotices(facts: DocumentFacts): LimitNotice[] {
	if (!facts.synced) {
		if (facts.bytes <= SYNC_LIMIT_CHARS) {
			return [];
		}
		return [{
			kind: 'not-synced',
			label: `${mib(facts.bytes)}: too large for tcpdump Lens`,
			explanation: [
				`**${mib(facts.bytes)}: VS Code does not pass files over 50 MiB to extensions.** tcpdump Lens cannot see this file: no hovers, CodeLens, diagnostics or line colours (and no highlighting either while \`editor.largeFileOptimizations\` is on).`,
				'**Still works:** reading, searching and editing the text.',
				`**What to do:** ${CLI} Or open a part: \`split -l 200000 FILE part-\`, or write less text (a tcpdump filter, \`-c COUNT\`).`,
			].join('\n\n'),
		}];
	}
	const notices: LimitNotice[] = [];
	if (facts.largeFileOptimizations && (facts.chars > HIGHLIGHT_LIMIT_CHARS || facts.lines > HIGHLIGHT_LIMIT_LINES)) {
		const why = facts.chars > HIGHLIGHT_LIMIT_CHARS ? `${mib(facts.chars)} (over 20 MiB)` : `${n(facts.lines)} lines (over 300,000)`;
		notices.push({
			kind: 'no-highlighting',
			label: 'no highlighting (large file)',
			explanation: [
				`**${why}: VS Code turns off syntax highlighting** for large files (\`editor.largeFileOptimizations\`).`,
				'**Still works:** tcpdump Lens reads the whole file: hovers, CodeLens, diagnostics and the line colours for RST, SYN/FIN and findings.',
				'**What to do:** set `"editor.largeFileOptimizations": false` and reopen the file to get the highlighting back (uses more memory), or open a part of the capture.',
			].join('\n\n'),
		});
	}
	if (facts.diagnostics > DIAGNOSTICS_PER_FILE) {
		notices.push({
			kind: 'diagnostics-capped',
			label: `${n(DIAGNOSTICS_PER_FILE)} of ${n(facts.diagnostics)} problems shown`,
			explanation: [
				`**${n(facts.diagnostics)} findings: VS Code shows at most ${n(DIAGNOSTICS_PER_FILE)} per file** (errors first) as squiggles and in the Problems panel.`,
				'**Still works:** every line with a finding keeps its line colour; hovers explain each packet.',
				`**What to do:** ${CLI} Or turn off codes you do not need: \`"tcpdump.diagnostics.severity": { "tcp.duplicate-ack": "off" }\`.`,
			].join('\n\n'),
		});
	}
	return notices;
}
