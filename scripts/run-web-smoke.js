// `npm run test:web`: the browser build (dist/web/extension.js, package.json "browser") in VS Code's
// web-worker extension host — what vscode.dev and github.dev run. A copy of the extension without
// its Node `main` (so that only the browser entry can run; code-server otherwise prefers the Node
// host even with extensionDevelopmentKind=web) is loaded as a web extension; the checks read the real
// workbench: the CodeLens above the broken handshake and the error it puts in the Problems count.
// (The full integration suite needs Node's fs and mocha, so it runs in the Node host: test:host.)
'use strict';
const fs = require('fs');
const path = require('path');
const h = require('./lib/harness');

const repo = path.resolve(__dirname, '..');
const TIMEOUT = 90000;

async function main() {
	if (!fs.existsSync(path.join(repo, 'dist', 'web', 'extension.js'))) {
		console.error('test:web: dist/web/extension.js is not built: run node esbuild.js');
		return 2;
	}
	h.ensureInstalled({ autoInstall: false });
	const state = h.makeStateDir('tcpdump-lens-web-');
	const folder = path.join(state, 'samples');
	h.copyTree(path.join(repo, 'samples'), folder);
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
	} catch (e) {
		check('web-worker host run', false, e instanceof Error ? e.message : String(e));
	} finally {
		await h.shutdown({ browser, server, state });
	}
	const failed = results.filter(ok => !ok).length;
	console.log(`web: ${results.length - failed} passed, ${failed} failed`);
	return failed === 0 ? 0 : 1;
}

main().then(code => process.exit(code), err => {
	console.error(`test:web: ${err && err.stack ? err.stack : err}`);
	process.exit(1);
});
