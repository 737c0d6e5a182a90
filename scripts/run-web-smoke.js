// `npm run test:web`: the browser build (dist/web/extension.js, package.json "browser") in VS Code's
// web-worker extension host — what vscode.dev and github.dev run. A copy of the extension without
// its Node `main` (so that only the browser entry can run; code-server otherwise prefers the Node
// host even with extensionDevelopmentKind=web) is loaded as a web extension; the checks read the real
// workbench: the CodeLens above the broken handshake and the error it puts in the Problems count;
// then a fixture .pcap opened from the Explorer (read with workspace.fs, rendered in the worker):
// its text, highlighting, CodeLens and its error in the Problems panel.
// (The full integration suite needs Node's fs and mocha, so it runs in the Node host: test:host.)
'use strict';
const fs = require('fs');
const path = require('path');
const h = require('./lib/harness');

const repo = path.resolve(__dirname, '..');
const TIMEOUT = 90000;
const PCAP_FIXTURE = 'test/fixtures/synack-wrong-ack/synack-wrong-ack.pcap';
/** What `TZ=UTC tcpdump -nn -r` prints for it (the fixture's own nn.txt). */
const PCAP_TEXT = 'test/fixtures/synack-wrong-ack/nn.txt';

async function main() {
	if (!fs.existsSync(path.join(repo, 'dist', 'web', 'extension.js'))) {
		console.error('test:web: dist/web/extension.js is not built: run node esbuild.js');
		return 2;
	}
	h.ensureInstalled({ autoInstall: false });
	const state = h.makeStateDir('tcpdump-lens-web-');
	const folder = path.join(state, 'samples');
	h.copyTree(path.join(repo, 'samples'), folder);
	// a binary capture too (issue 12): read through workspace.fs and rendered in the worker
	h.copyTree(path.join(repo, PCAP_FIXTURE), path.join(folder, path.basename(PCAP_FIXTURE)));
	// the browser-only copy of the extension
	const extensionDir = path.join(state, 'web-extension');
	const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
	delete manifest.main;
	fs.mkdirSync(path.join(extensionDir, 'dist', 'web'), { recursive: true });
	fs.writeFileSync(path.join(extensionDir, 'package.json'), JSON.stringify(manifest, null, 2));
	for (const f of ['dist/web/extension.js', 'syntaxes/tcpdump.tmLanguage.json', 'language-configuration.json', 'media/ladder.js', 'media/ladder.css']) {
		h.copyTree(path.join(repo, f), path.join(extensionDir, f));
	}
	let server;
	let browser;
	const results = [];
	const check = (name, ok, detail) => {
		results.push(ok);
		console.log(`  ${ok ? '✔' : '✘'} ${name}${detail ? `: ${detail}` : ''}`);
	};
	try {
		server = await h.startServer({ state });
		browser = await h.launchBrowser();
		const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
		let webHost = false;
		page.on('console', m => {
			if (/web worker extension host is started/i.test(m.text())) {
				webHost = true;
			}
		});
		const url = new URL(h.workbenchUrl({ port: server.port, folder, extensionDir }));
		const payload = JSON.parse(url.searchParams.get('payload') ?? '[]');
		payload.push(['extensionDevelopmentKind', 'web']);
		url.searchParams.set('payload', JSON.stringify(payload));
		await page.goto(url.toString(), { timeout: 180000 }); // a busy machine loads the workbench slowly
		await page.getByRole('treeitem', { name: 'broken-handshake.tcpdump' }).click({ timeout: TIMEOUT });
		const lens = page.locator('.editor-instance .monaco-editor .codelens-decoration').first();
		await lens.waitFor({ timeout: TIMEOUT });
		const title = (await lens.innerText()).trim();
		console.log('tcpdump Lens in the web-worker extension host');
		check('the extension runs in the web-worker host', webHost);
		check('CodeLens above the broken handshake', title.includes('SYN-ACK acks 1005, expected 1001'), title);
		const problems = page.locator('#status\\.problems a').first();
		const label = await h.pollFor('an error in the Problems count',
			async () => {
				const l = (await problems.getAttribute('aria-label').catch(() => '')) ?? '';
				return /Errors?: [1-9]/.test(l) ? l : undefined;
			}, TIMEOUT).catch(() => '');
		check('the SYN-ACK mismatch is an error in the Problems count', /Errors?: 1\b/.test(label), label);
		// the ladder webview (media/ladder.js under the strict CSP) draws in the browser build too
		await page.locator('.editor-instance .monaco-editor .codelens-decoration a', { hasText: 'Ladder diagram' }).first().click({ timeout: TIMEOUT });
		const arrows = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame').locator('#ladder-svg g.arrow');
		const drawn = await h.pollFor('the ladder webview to draw its arrows', async () => {
			const n = await arrows.count().catch(() => 0);
			return n >= 3 ? n : undefined;
		}, TIMEOUT).catch(() => 0);
		check('the ladder diagram opens from the CodeLens and draws the 3 packets', drawn === 3, `${drawn} arrows`);
		await checkPcap(page, check);
	} catch (e) {
		check('web-worker host run', false, e instanceof Error ? e.message : String(e));
	} finally {
		await h.shutdown({ browser, server, state });
	}
	const failed = results.filter(ok => !ok).length;
	console.log(`web: ${results.length - failed} passed, ${failed} failed`);
	return failed === 0 ? 0 : 1;
}

/**
 * Opens the fixture .pcap from the Explorer: the custom editor hands over to the rendered
 * `tcpdump-pcap:` document; its lines must be tcpdump's, highlighted, with the handshake CodeLens
 * and its error in the Problems panel (the SYN-ACK that acknowledges 1005 instead of 1001).
 */
async function checkPcap(page, check) {
	const expected = fs.readFileSync(path.join(repo, PCAP_TEXT), 'utf8').split('\n').filter(l => l !== '');
	// only the capture's editor stays open (the text sample has the same three lines)
	await page.keyboard.press('F1');
	await page.keyboard.type('View: Close All Editors');
	await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Close All Editors' }).first().waitFor({ timeout: 10000 }).catch(() => undefined);
	await page.keyboard.press('Enter');
	await h.pollFor('all editors closed', async () => (await page.locator('.tabs-container .tab').count()) === 0, 10000).catch(() => undefined);
	await page.getByRole('treeitem', { name: path.basename(PCAP_FIXTURE) }).click({ timeout: TIMEOUT });
	const tab = page.locator('.tabs-container .tab.active', { hasText: `${path.basename(PCAP_FIXTURE)}.tcpdump` });
	await tab.waitFor({ timeout: TIMEOUT }).catch(() => undefined);
	const editor = page.locator('.editor-instance .monaco-editor').filter({ has: page.locator('.view-line') }).last();
	const lines = await h.pollFor('the rendered capture text', async () => {
		const texts = await editor.locator('.view-lines .view-line').allInnerTexts().catch(() => []);
		// the view renders lines in DOM order by position; normalise the non-breaking spaces
		const clean = texts.map(t => t.replace(/\u00a0/g, ' ').trimEnd()).filter(t => t !== '');
		return clean.length >= expected.length && clean.some(t => t.includes('Flags [S.]')) ? clean : undefined;
	}, TIMEOUT).catch(() => []);
	const sorted = [...lines].sort((a, b) => expected.indexOf(a) - expected.indexOf(b));
	check('the .pcap opens as tcpdump\'s text (3 lines as tcpdump -nn prints them)',
		(await tab.count()) > 0 && sorted.length === expected.length && sorted.every((l, i) => l === expected[i]), `${(await tab.count()) > 0 ? 'tab synack-wrong-ack.pcap.tcpdump, ' : 'no tcpdump tab, '}${lines.length} lines`);
	const keywordTokens = await editor.locator('.view-lines span[class^="mtk"]').evaluateAll(spans =>
		new Set(spans.map(s => getComputedStyle(s).color)).size).catch(() => 0);
	check('the capture text is highlighted (several token colours)', keywordTokens >= 3, `${keywordTokens} colours`);
	const lens = editor.locator('.codelens-decoration').first();
	const title = await lens.waitFor({ timeout: TIMEOUT }).then(() => lens.innerText()).catch(() => '');
	check('CodeLens above the SYN of the capture', title.includes('SYN-ACK acks 1005, expected 1001'), title.trim());
	// the Problems panel lists the error under the rendered document's name
	await page.keyboard.press('Control+Shift+M');
	const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'SYN-ACK' }).first();
	const rowText = await row.waitFor({ timeout: TIMEOUT }).then(() => row.innerText()).catch(() => '');
	const fileRow = page.locator('.markers-panel .monaco-list-row', { hasText: `${path.basename(PCAP_FIXTURE)}.tcpdump` }).first();
	const fileText = await fileRow.waitFor({ timeout: TIMEOUT }).then(() => fileRow.innerText()).catch(() => '');
	const problems = page.locator('#status\\.problems a').first();
	const label = (await problems.getAttribute('aria-label').catch(() => '')) ?? '';
	check('the capture\'s SYN-ACK mismatch is an error in the Problems panel, under the rendered document',
		/Errors?: [1-9]/.test(label) && fileText !== '' && rowText !== '', `${fileText.replace(/\s+/g, ' ').trim()} | ${label}`);
}

main().then(code => process.exit(code), err => {
	console.error(`test:web: ${err && err.stack ? err.stack : err}`);
	process.exit(1);
});
