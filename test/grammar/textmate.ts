// Shared by the grammar tests: loads syntaxes/tcpdump.tmLanguage.json the way VS Code does (the path
// comes from package.json `contributes.grammars`) into vscode-textmate with the Oniguruma engine from
// vscode-oniguruma's onig.wasm, and loads VS Code colour themes (with their `include` chain) so a test
// can ask which colour a theme gives a token.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

/** The repository root: the nearest folder above this file holding our package.json (works from test/ and out/test/). */
export function findRepoRoot(): string {
	let dir = __dirname;
	for (;;) {
		const candidate = path.join(dir, 'package.json');
		if (fs.existsSync(candidate) && JSON.parse(fs.readFileSync(candidate, 'utf8')).name === 'tcpdump-lens') {
			return dir;
		}
		const parent = path.dirname(dir);
		if (parent === dir) {
			throw new Error('package.json of tcpdump-lens not found above ' + __dirname);
		}
		dir = parent;
	}
}

export const ROOT = findRepoRoot();
export const SCOPE = 'text.tcpdump';

export interface GrammarContribution { language?: string; scopeName: string; path: string }

export function grammarPath(): string {
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const contribution = (pkg.contributes.grammars as GrammarContribution[]).find((g) => g.scopeName === SCOPE);
	assert.ok(contribution, `package.json contributes no grammar for ${SCOPE}`);
	return path.join(ROOT, contribution.path);
}

let loaded: Promise<{ registry: vsctm.Registry; grammar: vsctm.IGrammar }> | undefined;

/** One registry and grammar per test run (the registry also holds the current colour theme). */
export function loadRegistryAndGrammar(): Promise<{ registry: vsctm.Registry; grammar: vsctm.IGrammar }> {
	loaded ??= (async () => {
		const file = grammarPath();
		const wasm = fs.readFileSync(path.join(ROOT, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
		await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
		const registry = new vsctm.Registry({
			onigLib: Promise.resolve({
				createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
				createOnigString: (s: string) => new oniguruma.OnigString(s),
			}),
			loadGrammar: async (scopeName: string) => scopeName === SCOPE
				? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file)
				: null,
		});
		const grammar = await registry.loadGrammar(SCOPE);
		assert.ok(grammar, 'grammar did not load');
		return { registry, grammar };
	})();
	return loaded;
}

export async function loadGrammar(): Promise<vsctm.IGrammar> {
	return (await loadRegistryAndGrammar()).grammar;
}

type RawThemeSetting = vsctm.IRawTheme['settings'][number];

interface ThemeFile {
	include?: string;
	colors?: Record<string, string>;
	tokenColors?: RawThemeSetting[];
}

/**
 * A VS Code colour theme as VS Code hands it to TextMate: the `include` chain's token rules first
 * (so the including theme's rules win), preceded by one rule without a scope that holds
 * `editor.foreground`/`editor.background` (what ColorThemeData.tokenColors does).
 */
export function loadVsCodeTheme(file: string): vsctm.IRawTheme {
	const chain = (f: string): { rules: RawThemeSetting[]; colors: Record<string, string> } => {
		const json = JSON.parse(fs.readFileSync(f, 'utf8')) as ThemeFile;
		const parent = json.include ? chain(path.join(path.dirname(f), json.include)) : { rules: [], colors: {} };
		return { rules: [...parent.rules, ...(json.tokenColors ?? [])], colors: { ...parent.colors, ...(json.colors ?? {}) } };
	};
	const { rules, colors } = chain(file);
	const defaults: RawThemeSetting = {
		settings: { foreground: colors['editor.foreground'] ?? '#000000', background: colors['editor.background'] ?? '#ffffff' },
	};
	return { name: path.basename(file), settings: [defaults, ...rules] };
}
