/**
 * Every `tcpdump.*` setting, read in one place with its type and default, as rust-analyzer's
 * `editors/code/src/config.ts` does: adapters ask `config(uri).hoverEnabled` instead of spelling
 * keys and defaults around the code base, and subscribe to `onDidChangeConfig(section, …)`.
 * Settings are read per resource (a folder's `.vscode/settings.json` may differ from the user's).
 */
import * as vscode from 'vscode';
import type { ConnectionSort } from '../core/features/connectionSummary';
import type { Severity } from '../core/types';

export type { ConnectionSort };

export const SECTION = 'tcpdump';

export type SeveritySetting = Severity | 'off';

/** Inlay hint kinds (`tcpdump.inlayHints.<kind>`), each off by default. */
export const INLAY_HINT_KINDS = ['otherNumbering', 'scaledWindow', 'timeSinceSyn', 'ackedLine'] as const;
export type InlayHintKind = typeof INLAY_HINT_KINDS[number];


export interface TcpdumpConfig {
	readonly autoDetect: boolean;
	readonly codeLensEnabled: boolean;
	/** Above this many connections CodeLens shows only problem handshakes and a summary; 0 = no limit. */
	readonly codeLensMaxConnections: number;
	readonly hoverEnabled: boolean;
	/** `teaching` adds the general explanation; `concise` keeps this packet's facts. */
	readonly hoverVerbosity: 'teaching' | 'concise';
	/** Whole-line colours for RST, SYN/FIN and lines with a finding. */
	readonly decorationsEnabled: boolean;
	/** Per finding code; codes not listed use the findings table. */
	readonly diagnosticsSeverity: Readonly<Record<string, unknown>>;
	/** Fold a code repeated more than this many times on one connection into one Problems row; 0 = never. */
	readonly collapseRepeats: number;
	readonly inlayHints: Readonly<Record<InlayHintKind, boolean>>;
	readonly connectionsSort: ConnectionSort;
	/** tcpdump options for opened .pcap/.pcapng files, as typed (`-nn -S`). */
	readonly pcapOptions: string;
	/** Clock of opened captures' time stamps: `utc` (`TZ=UTC tcpdump`) or `local` (tcpdump's own default). */
	readonly pcapTimeZone: 'utc' | 'local';
}

/** `tcpdump.codeLens.maxConnections` by default (package.json and the read below say the same). */
export const DEFAULT_CODELENS_MAX_CONNECTIONS = 2000;

const SORTS: readonly ConnectionSort[] = ['start', 'bytes', 'problems', 'duration'];

/** The settings for one resource (a document's uri), or the window's when omitted. */
export function config(scope?: vscode.Uri): TcpdumpConfig {
	const c = vscode.workspace.getConfiguration(SECTION, scope);
	const inlay = {} as Record<InlayHintKind, boolean>;
	for (const k of INLAY_HINT_KINDS) {
		inlay[k] = c.get<boolean>(`inlayHints.${k}`, false) === true;
	}
	const sort = c.get<string>('connections.sort', 'start');
	const collapse = c.get<number>('diagnostics.collapseRepeats', 0);
	const maxLenses = c.get<number>('codeLens.maxConnections', 2000);
	return {
		autoDetect: c.get<boolean>('autoDetect', true) !== false,
		codeLensEnabled: c.get<boolean>('codeLens.enabled', true) !== false,
		codeLensMaxConnections: typeof maxLenses === 'number' && Number.isFinite(maxLenses) && maxLenses >= 0 ? Math.floor(maxLenses) : DEFAULT_CODELENS_MAX_CONNECTIONS,
		hoverEnabled: c.get<boolean>('hover.enabled', true) !== false,
		hoverVerbosity: c.get<string>('hover.verbosity', 'teaching') === 'concise' ? 'concise' : 'teaching',
		decorationsEnabled: c.get<boolean>('decorations.enabled', true) !== false,
		diagnosticsSeverity: c.get<Record<string, unknown>>('diagnostics.severity', {}) ?? {},
		collapseRepeats: typeof collapse === 'number' && Number.isFinite(collapse) && collapse > 0 ? Math.floor(collapse) : 0,
		inlayHints: inlay,
		connectionsSort: (SORTS as readonly string[]).includes(sort ?? '') ? sort as ConnectionSort : 'start',
		pcapOptions: c.get<string>('pcap.options', '-nn') ?? '-nn',
		pcapTimeZone: c.get<string>('pcap.timeZone', 'utc') === 'local' ? 'local' : 'utc',
	};
}

/** The VS Code editor settings tcpdump Lens has to respect (it reads them, never changes them unasked). */
export interface EditorLimits {
	/** `editor.multiCursorLimit`: VS Code keeps at most this many selections and drops the rest silently. */
	readonly multiCursorLimit: number;
	/** `editor.largeFileOptimizations`: above 20 MiB VS Code then turns highlighting off. */
	readonly largeFileOptimizations: boolean;
}

export function editorLimits(scope?: vscode.Uri): EditorLimits {
	const e = vscode.workspace.getConfiguration('editor', scope);
	const limit = e.get<number>('multiCursorLimit', 10_000);
	return {
		multiCursorLimit: typeof limit === 'number' && Number.isFinite(limit) && limit >= 1 ? Math.floor(limit) : 10_000,
		largeFileOptimizations: e.get<boolean>('largeFileOptimizations', true) !== false,
	};
}

/** Stores the tcpdump options for opened captures (user settings), when the user picked them. */
export function setPcapOptions(words: string): Thenable<void> {
	return vscode.workspace.getConfiguration(SECTION).update('pcap.options', words, vscode.ConfigurationTarget.Global);
}

/** Raises `editor.multiCursorLimit` (user settings): only when the user asked for it. */
export function raiseMultiCursorLimit(to: number): Thenable<void> {
	return vscode.workspace.getConfiguration('editor').update('multiCursorLimit', to, vscode.ConfigurationTarget.Global);
}

/** Calls `listener` when a setting under `tcpdump.<section>` changes (`section` omitted: any tcpdump setting). */
export function onDidChangeConfig(section: string | undefined, listener: () => void): vscode.Disposable {
	const key = section ? `${SECTION}.${section}` : SECTION;
	return vscode.workspace.onDidChangeConfiguration(e => {
		if (e.affectsConfiguration(key)) {
			listener();
		}
	});
}
