// Integration tests: the editor contract of tcpdump Lens, asserted through the real `vscode` API
// inside a real VS Code (code-server offline via `npm run test:host`, or @vscode/test-electron).
// Files are looked up in the workspace folder first (the runner copies samples/ and test/fixtures/
// there), then in the extension's own folder. Everything asynchronous is polled with a deadline.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { waitFor } from './helpers';

const EXTENSION_ID = 'tcpdump-lens.tcpdump-lens';
const LANGUAGE_ID = 'tcpdump';
const SOURCE = 'tcpdump Lens';
const MISMATCH = 'handshake.synack-ack-mismatch';

const SEED_LINES = [
	'192.168.1.12.1051 > 192.168.1.11.23: S 4255483971:4255483971(0) win 65535 (DF)',
	'192.168.1.11.23 > 192.168.1.12.1051: S 4279842714:4279842714(0) ack 4255483972 win 32120 (DF)',
	'192.168.1.12.1051 > 192.168.1.11.23: . ack 4279842715 win 65535 (DF)',
];

// ---------------------------------------------------------------------------------------------
// helpers

async function exists(uri: vscode.Uri): Promise<boolean> {
	try {
		await vscode.workspace.fs.stat(uri);
		return true;
	} catch {
		return false;
	}
}

/** `rel` (e.g. `samples/capture.log`) in the workspace folder, else in the extension's folder. */
async function resolveFile(rel: string): Promise<vscode.Uri> {
	const roots: vscode.Uri[] = (vscode.workspace.workspaceFolders ?? []).map(f => f.uri);
	const ext = vscode.extensions.getExtension(EXTENSION_ID);
	if (ext) {
		roots.push(ext.extensionUri);
	}
	for (const root of roots) {
		const uri = vscode.Uri.joinPath(root, ...rel.split('/'));
		if (await exists(uri)) {
			return uri;
		}
	}
	throw new Error(`${rel} not found in ${roots.map(r => r.toString()).join(', ')}`);
}

async function open(rel: string): Promise<vscode.TextDocument> {
	const doc = await vscode.workspace.openTextDocument(await resolveFile(rel));
	await vscode.window.showTextDocument(doc);
	return doc;
}

/** The document with the given language, once VS Code reports it (auto-detection may switch it late). */
async function languageOf(uri: vscode.Uri, expected: string): Promise<string> {
	try {
		return await waitFor(`languageId ${expected}`, () => {
			const d = vscode.workspace.textDocuments.find(t => t.uri.toString() === uri.toString());
			return d?.languageId === expected ? d.languageId : undefined;
		});
	} catch {
		return vscode.workspace.textDocuments.find(t => t.uri.toString() === uri.toString())?.languageId ?? '(closed)';
	}
}

function hoverText(hovers: vscode.Hover[]): string {
	return hovers
		.flatMap(h => h.contents)
		.map(c => (typeof c === 'string' ? c : c.value))
		.join('\n');
}

/** Position in the middle of the first occurrence of `token` after `after` on `line`. */
function positionOf(doc: vscode.TextDocument, line: number, token: string, after = ''): vscode.Position {
	const text = doc.lineAt(line).text;
	const from = after ? text.indexOf(after) : 0;
	assert.ok(from >= 0, `"${after}" not on line ${line}: ${text}`);
	const idx = text.indexOf(token, from + after.length);
	assert.ok(idx >= 0, `"${token}" not on line ${line}: ${text}`);
	return new vscode.Position(line, idx + Math.floor(token.length / 2));
}

async function hoversAt(uri: vscode.Uri, pos: vscode.Position): Promise<string> {
	return waitFor('a hover', async () => {
		const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos);
		const text = hoverText(hovers ?? []);
		return text.trim() ? text : undefined;
	});
}

async function lensesOf(uri: vscode.Uri, min = 1): Promise<vscode.CodeLens[]> {
	return waitFor(`at least ${min} CodeLens`, async () => {
		// the second argument asks VS Code to resolve up to that many lenses (fills in `command`)
		const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
		const titled = (lenses ?? []).filter(l => l.command?.title);
		return titled.length >= min ? titled : undefined;
	});
}

function codeValue(d: vscode.Diagnostic): string | number | undefined {
	return typeof d.code === 'object' ? d.code.value : d.code;
}

async function diagnosticWithCode(uri: vscode.Uri, code: string, predicate: (d: vscode.Diagnostic) => boolean = () => true): Promise<vscode.Diagnostic> {
	return waitFor(`a diagnostic ${code} on ${uri.path}`, () =>
		vscode.languages.getDiagnostics(uri).find(d => codeValue(d) === code && predicate(d)));
}

async function setConfig(key: string, value: unknown): Promise<void> {
	await vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Global);
}

/** The index of the first line matching `re`; fails when there is none. */
function lineMatching(doc: vscode.TextDocument, re: RegExp, from = 0): number {
	for (let i = from; i < doc.lineCount; i++) {
		if (re.test(doc.lineAt(i).text)) {
			return i;
		}
	}
	assert.fail(`no line matches ${re} in ${doc.uri.path}`);
}

// A SYN-ACK line in either notation: modern `Flags [S.]` or 3.x `: S <seq>:<seq>(0) ack`.
const SYN_ACK_LINE = /Flags \[S\.\]|: S \d+:\d+\(\d+\) ack /;
const SYN_LINE = /Flags \[S\],|: S \d+:\d+\(\d+\) (?!ack)/;

// ---------------------------------------------------------------------------------------------

suite('tcpdump Lens in a real VS Code', () => {
	suiteSetup(async () => {
		const ext = vscode.extensions.getExtension(EXTENSION_ID);
		assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
		await ext.activate();
	});

	teardown(async () => {
		// revert untitled/dirty documents first: closing them would ask "Save changes?" and block
		for (let i = 0; i < 10; i++) {
			const doc = vscode.window.activeTextEditor?.document;
			if (!doc || !(doc.isUntitled || doc.isDirty)) {
				break;
			}
			await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
		}
		await vscode.commands.executeCommand('workbench.action.closeAllEditors');
	});

	test('activates and contributes the tcpdump language and commands', async () => {
		const ext = vscode.extensions.getExtension(EXTENSION_ID);
		assert.ok(ext?.isActive, 'extension is active');
		assert.ok((await vscode.languages.getLanguages()).includes(LANGUAGE_ID), 'language tcpdump registered');
		const commands = await vscode.commands.getCommands(true);
		for (const c of ['tcpdump.treatAsTcpdump', 'tcpdump.selectConnection', 'tcpdump.revealLine']) {
			assert.ok(commands.includes(c), `command ${c} registered`);
		}
	});

	test('a .tcpdump sample opens as language tcpdump', async () => {
		const doc = await open('samples/seed-handshake.tcpdump');
		assert.strictEqual(await languageOf(doc.uri, LANGUAGE_ID), LANGUAGE_ID);
	});

	test('hover on the SYN-ACK ack number explains client ISN + 1', async () => {
		const doc = await open('samples/seed-handshake.tcpdump');
		const text = await hoversAt(doc.uri, positionOf(doc, 1, '4255483972', 'ack '));
		assert.ok(text.includes('client ISN 4255483971 + 1'), `hover text was:\n${text}`);
		assert.ok(/\bSYN\b/.test(text), `hover mentions SYN:\n${text}`);
	});

	test('"line N" in a hover is a tcpdump.revealLine link that moves the cursor to that line', async () => {
		const doc = await open('samples/seed-handshake.tcpdump');
		const text = await hoversAt(doc.uri, positionOf(doc, 2, '4279842715', 'ack '));
		// the final ACK acknowledges the SYN-ACK on line 2 (0-based 1)
		const link = /\[line 2\]\(command:tcpdump\.revealLine\?([^)]*)\)/.exec(text);
		assert.ok(link?.[1], `no revealLine link in:\n${text}`);
		const args = JSON.parse(decodeURIComponent(link[1])) as [string, number];
		assert.deepStrictEqual(args, [doc.uri.toString(), 1]);
		assert.ok(!/\]\((?!command:tcpdump\.revealLine\?)/.test(text), `only revealLine links:\n${text}`);
		await vscode.commands.executeCommand('tcpdump.revealLine', ...args);
		await waitFor('the cursor on line 2', async () => (vscode.window.activeTextEditor?.selection.active.line === 1 ? true : undefined));
	});

	test('tcpdump.hover.verbosity concise drops the general text, keeps this packet\'s numbers', async () => {
		const doc = await open('samples/seed-handshake.tcpdump');
		const pos = positionOf(doc, 1, '4255483972', 'ack ');
		const teaching = await hoversAt(doc.uri, pos);
		assert.ok(teaching.includes('Cumulative'), teaching);
		try {
			await setConfig('tcpdump.hover.verbosity', 'concise');
			const concise = await waitFor('a concise hover', async () => {
				const t = await hoversAt(doc.uri, pos);
				return t.includes('Cumulative') ? undefined : t;
			});
			assert.ok(concise.includes('client ISN 4255483971 + 1'), concise);
		} finally {
			await setConfig('tcpdump.hover.verbosity', undefined);
		}
	});

	test('CodeLens on the first line: handshake complete, with the connection', async () => {
		const doc = await open('samples/seed-handshake.tcpdump');
		const lenses = await lensesOf(doc.uri);
		const first = lenses.filter(l => l.range.start.line === 0).map(l => l.command?.title ?? '');
		const title = first.find(t => t.includes('handshake complete'));
		assert.ok(title, `line 0 lens titles: ${JSON.stringify(first)}; all: ${JSON.stringify(lenses.map(l => [l.range.start.line, l.command?.title]))}`);
		assert.ok(title.includes('192.168.1.12.1051 → 192.168.1.11.23'), `title: ${title}`);
	});

	test('the 3.x fixture (.txt) is auto-detected and gets the same hover', async () => {
		const doc = await open('test/fixtures/old-3x-style/seed.txt');
		assert.deepStrictEqual(doc.getText().split(/\r?\n/).filter(l => l.trim()), SEED_LINES, 'fixture content');
		assert.strictEqual(await languageOf(doc.uri, LANGUAGE_ID), LANGUAGE_ID);
		const text = await hoversAt(doc.uri, positionOf(doc, 1, '4255483972', 'ack '));
		assert.ok(text.includes('client ISN 4255483971 + 1'), `hover text was:\n${text}`);
	});

	test('a .log file holding tcpdump output becomes language tcpdump', async () => {
		const doc = await open('samples/capture.log');
		assert.strictEqual(await languageOf(doc.uri, LANGUAGE_ID), LANGUAGE_ID);
	});

	test('an untitled document with tcpdump text becomes language tcpdump', async () => {
		const doc = await vscode.workspace.openTextDocument({ content: SEED_LINES.join('\n') + '\n' });
		await vscode.window.showTextDocument(doc);
		assert.strictEqual(await languageOf(doc.uri, LANGUAGE_ID), LANGUAGE_ID);
	});

	for (const rel of ['samples/broken-handshake.tcpdump', 'test/fixtures/synack-wrong-ack/nnS.txt']) {
		test(`SYN-ACK acking the wrong number: error diagnostic on the ack token (${rel})`, async () => {
			const doc = await open(rel);
			assert.strictEqual(await languageOf(doc.uri, LANGUAGE_ID), LANGUAGE_ID);
			const d = await diagnosticWithCode(doc.uri, MISMATCH);
			assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Error, 'severity');
			assert.strictEqual(d.source, SOURCE, 'source');
			assert.ok(typeof d.code === 'object' && d.code.target instanceof vscode.Uri, `code has a target URI: ${JSON.stringify(d.code)}`);
			assert.ok(typeof d.code === 'object' && d.code.target.fragment !== '', `code target is a README anchor: ${typeof d.code === 'object' ? d.code.target.toString() : ''}`);

			const synAck = lineMatching(doc, SYN_ACK_LINE);
			assert.strictEqual(d.range.start.line, synAck, `diagnostic on the SYN-ACK line (${doc.lineAt(synAck).text})`);
			assert.strictEqual(doc.getText(d.range), '1005', 'range is exactly the ack number token');
			const before = doc.lineAt(synAck).text.slice(0, d.range.start.character);
			assert.ok(/ack $/.test(before), `token follows "ack ": ${before}`);

			const syn = lineMatching(doc, SYN_LINE);
			const related = d.relatedInformation ?? [];
			assert.ok(related.some(r => r.location.uri.toString() === doc.uri.toString() && r.location.range.start.line === syn),
				`relatedInformation points at the SYN line ${syn}: ${JSON.stringify(related.map(r => [r.location.uri.toString(), r.location.range.start.line, r.message]))}`);
		});

		test(`SYN-ACK acking the wrong number: CodeLens explains it (${rel})`, async () => {
			const doc = await open(rel);
			const lenses = await lensesOf(doc.uri);
			const titles = lenses.map(l => l.command?.title ?? '');
			assert.ok(titles.some(t => t.includes('SYN-ACK acks 1005, expected 1001')), `lens titles: ${JSON.stringify(titles)}`);
		});
	}

	test('tcpdump.diagnostics.severity overrides and silences a finding', async () => {
		const doc = await open('samples/broken-handshake.tcpdump');
		await diagnosticWithCode(doc.uri, MISMATCH);
		try {
			await setConfig('tcpdump.diagnostics.severity', { [MISMATCH]: 'warning' });
			await diagnosticWithCode(doc.uri, MISMATCH, d => d.severity === vscode.DiagnosticSeverity.Warning);
			await setConfig('tcpdump.diagnostics.severity', { [MISMATCH]: 'off' });
			await waitFor(`${MISMATCH} to disappear`, () =>
				vscode.languages.getDiagnostics(doc.uri).some(d => codeValue(d) === MISMATCH) ? undefined : true);
		} finally {
			await setConfig('tcpdump.diagnostics.severity', undefined);
		}
		await diagnosticWithCode(doc.uri, MISMATCH, d => d.severity === vscode.DiagnosticSeverity.Error);
	});

	test('tcpdump.hover.enabled and tcpdump.codeLens.enabled switch the features off', async () => {
		const doc = await open('samples/seed-handshake.tcpdump');
		const pos = positionOf(doc, 1, '4255483972', 'ack ');
		await hoversAt(doc.uri, pos);
		await lensesOf(doc.uri);
		try {
			await setConfig('tcpdump.hover.enabled', false);
			await setConfig('tcpdump.codeLens.enabled', false);
			await waitFor('no hover', async () => {
				const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
				return hoverText(hovers ?? []).includes('client ISN') ? undefined : true;
			});
			await waitFor('no CodeLens', async () => {
				const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
				return (lenses ?? []).some(l => l.command?.title) ? undefined : true;
			});
		} finally {
			await setConfig('tcpdump.hover.enabled', undefined);
			await setConfig('tcpdump.codeLens.enabled', undefined);
		}
	});

	test('tcpdump.treatAsTcpdump switches a document when auto-detection is off', async () => {
		try {
			await setConfig('tcpdump.autoDetect', false);
			const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: SEED_LINES.join('\n') + '\n' });
			await vscode.window.showTextDocument(doc);
			assert.strictEqual(doc.languageId, 'plaintext', 'not switched while autoDetect is false');
			await vscode.commands.executeCommand('tcpdump.treatAsTcpdump');
			assert.strictEqual(await languageOf(doc.uri, LANGUAGE_ID), LANGUAGE_ID);
		} finally {
			await setConfig('tcpdump.autoDetect', undefined);
		}
	});
});
