// Which colour do VS Code's default themes give the tokens that carry meaning? Resolved with
// vscode-textmate's own theme matching (the engine VS Code uses), from the themes' JSON: the copies in
// test/grammar-data/vscode-themes (always) and, when the test host is installed, the themes of that
// VS Code build (so a newer VS Code that recolours a scope is noticed). Lines are real tcpdump output
// of the fixtures (test/fixtures/refused/nn.txt, test/fixtures/normal-fin/nn.txt).
//
// What must hold in every default theme (issue 7, item 7):
// - SYN, FIN and RST are coloured apart from ACK and PSH, and RST apart from SYN/FIN;
// - a field name (seq) apart from its value, and RST apart from the field names;
// - the source address apart from the destination address;
// - nothing but RST is red (red reads as an error: 2026 Light painted every keyword red).

import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vsctm from 'vscode-textmate';
import { loadRegistryAndGrammar, loadVsCodeTheme, ROOT } from './textmate';

const DEFAULT_THEMES: Array<[label: string, file: string]> = [
	['Light 2026', '2026-light.json'], // VS Code's default light theme since 1.11x
	['Dark 2026', '2026-dark.json'], // the default dark theme
	['Light Modern', 'light_modern.json'],
	['Dark Modern', 'dark_modern.json'],
	['Light+', 'light_plus.json'],
	['Dark+', 'dark_plus.json'],
];

function themeFolders(): Array<{ name: string; dir: string }> {
	const copies = path.join(ROOT, 'test', 'grammar-data', 'vscode-themes');
	const harness = process.env.VSCODE_HARNESS_DIR ?? path.join(os.homedir(), '.cache', 'vscode-harness');
	const host = path.join(harness, 'cs', 'node_modules', 'code-server', 'lib', 'vscode', 'extensions', 'theme-defaults', 'themes');
	return [{ name: 'copies', dir: copies }, { name: 'test host', dir: host }];
}

/** Real lines; each token is named by a snippet with the token between « and ». */
const SYN_LINE = '10:00:00.000000 IP 192.168.1.12.51240 > 203.0.113.10.8080: Flags [S], seq 1000, win 64240, options [mss 1460,sackOK,TS val 2871539000 ecr 0,nop,wscale 7], length 0';
const RST_LINE = '10:00:00.000210 IP 203.0.113.10.8080 > 192.168.1.12.51240: Flags [R.], seq 0, ack 1001, win 0, length 0';
const FIN_LINE = '10:00:00.050580 IP 192.168.1.12.51234 > 203.0.113.10.80: Flags [F.], seq 90, ack 2384, win 502, options [nop,nop,TS val 2871539051 ecr 511234050], length 0';
const PSH_LINE = '10:00:00.024310 IP 192.168.1.12.51234 > 203.0.113.10.80: Flags [P.], seq 1:90, ack 1, win 502, options [nop,nop,TS val 2871539024 ecr 511234024], length 89: HTTP: GET /index.html HTTP/1.1';

const TOKENS = {
	syn: [SYN_LINE, '[«S»]'],
	rst: [RST_LINE, '[«R».]'],
	fin: [FIN_LINE, '[«F».]'],
	ack: [RST_LINE, '[R«.»]'],
	psh: [PSH_LINE, '[«P».]'],
	seqKeyword: [SYN_LINE, '«seq» 1000'],
	seqValue: [SYN_LINE, 'seq «1000»'],
	ackKeyword: [RST_LINE, '«ack» 1001'],
	source: [SYN_LINE, '«192.168.1.12».51240'],
	destination: [SYN_LINE, '> «203.0.113.10».8080'],
	option: [SYN_LINE, '«mss» 1460'],
} as const satisfies Record<string, readonly [string, string]>;

type TokenName = keyof typeof TOKENS;

/** The foreground colour (#RRGGBB, upper case) the current theme gives the character at `offset`. */
function colourAt(grammar: vsctm.IGrammar, colourMap: string[], line: string, offset: number): string {
	const { tokens } = grammar.tokenizeLine2(line, vsctm.INITIAL);
	let metadata = 0;
	for (let i = 0; i < tokens.length; i += 2) {
		if ((tokens[i] ?? 0) <= offset) {
			metadata = tokens[i + 1] ?? 0;
		}
	}
	const foregroundId = (metadata >>> 15) & 0x1ff; // vscode-textmate EncodedTokenAttributes: bits 15..23
	return (colourMap[foregroundId] ?? '?').toUpperCase();
}

function offsetOf(line: string, snippet: string): number {
	const plain = snippet.replace('«', '').replace('»', '');
	const at = line.indexOf(plain);
	assert.ok(at >= 0, `${plain} not in ${line}`);
	return at + snippet.indexOf('«');
}

/** Hue in degrees and saturation/lightness in 0..1 of #RRGGBB. */
function hsl(hex: string): { h: number; s: number; l: number } {
	const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
	const max = Math.max(r, g, b);
	const min = Math.min(r, g, b);
	const l = (max + min) / 2;
	const d = max - min;
	if (d === 0) {
		return { h: 0, s: 0, l };
	}
	const s = d / (1 - Math.abs(2 * l - 1));
	const h = max === r ? ((g - b) / d + 6) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
	return { h: h * 60, s, l };
}

/** A saturated colour within 15° of pure red: what reads as an error in an editor. */
function isRed(hex: string): boolean {
	const { h, s } = hsl(hex);
	return s >= 0.4 && (h <= 15 || h >= 345);
}

suite('grammar: colours in the default themes', () => {
	for (const folder of themeFolders()) {
		for (const [label, file] of DEFAULT_THEMES) {
			test(`${label} (${folder.name}): SYN/FIN/RST apart from ACK/PSH, keywords apart from values, source apart from destination, only RST red`, async function () {
				const themeFile = path.join(folder.dir, file);
				if (!fs.existsSync(themeFile)) {
					this.skip(); // the test host is not installed (the copies are always there)
				}
				const { registry, grammar } = await loadRegistryAndGrammar();
				registry.setTheme(loadVsCodeTheme(themeFile));
				const colourMap = registry.getColorMap();
				const colour = {} as Record<TokenName, string>;
				for (const [name, [line, snippet]] of Object.entries(TOKENS) as Array<[TokenName, readonly [string, string]]>) {
					colour[name] = colourAt(grammar, colourMap, line, offsetOf(line, snippet));
				}
				const table = JSON.stringify(colour);
				const apart = (a: TokenName, b: TokenName): void =>
					assert.notStrictEqual(colour[a], colour[b], `${label}: ${a} and ${b} share ${colour[a]} (${table})`);
				for (const control of ['syn', 'fin', 'rst'] as const) {
					apart(control, 'ack');
					apart(control, 'psh');
				}
				apart('rst', 'syn');
				apart('rst', 'fin');
				apart('seqKeyword', 'seqValue');
				apart('rst', 'seqKeyword');
				apart('rst', 'ackKeyword');
				apart('source', 'destination');
				for (const endpoint of ['source', 'destination'] as const) {
					for (const flag of ['syn', 'fin', 'rst', 'ack'] as const) {
						apart(endpoint, flag); // the flags must stand out on every line
					}
				}
				for (const name of Object.keys(TOKENS) as TokenName[]) {
					if (name !== 'rst') {
						assert.ok(!isRed(colour[name]), `${label}: ${name} is red (${colour[name]}): it reads as an error (${table})`);
					}
				}
			});
		}
	}

	test('isRed: the keyword reds of the 2026 themes are red; purple, green, blue and near-black are not', () => {
		for (const red of ['#CF222E', '#FF7B72', '#82071E', '#A31515']) {
			assert.ok(isRed(red), red);
		}
		for (const other of ['#AF00DB', '#098658', '#0000FF', '#1F2328', '#9CDCFE', '#795E26']) {
			assert.ok(!isRed(other), other);
		}
	});
});
