#!/usr/bin/env node
// Manual check (not part of npm test; heavy): a capture whose text is above VS Code's 50 MB document
// limit, opened in the real editor (Node extension host). Generates N packets with the bench's
// generator (default 400,000: ~164 MB pcap, ~56 MB of text), opens it from the Explorer and reports
// how long until the first page is on screen and what its first line says; then picks the second
// page in "tcpdump: Show packets K-M of a large capture" and reports that document's first line.
// Needs `node esbuild.js` and `npm run compile-tests` (for out/bench/pcapGenerate.js).
'use strict';
const fs = require('fs');
const path = require('path');
const h = require('./lib/harness');

const repo = h.REPO_ROOT;
const PACKETS = Number(process.argv[2] || 400000);
const TIMEOUT = 300000;

async function firstLine(page) {
	return h.pollFor('the first line of the document', async () => {
		// view lines are not in document order in the DOM
		const lines = await page.locator('.editor-instance .monaco-editor .view-lines .view-line').allInnerTexts().catch(() => []);
		return lines.map(t => t.replace(/\u00a0/g, ' ')).find(t => t.startsWith('tcpdump Lens: '));
	}, TIMEOUT);
}

async function main() {
	h.ensureInstalled({ autoInstall: false });
	const { generatePcap } = require(path.join(repo, 'out', 'bench', 'pcapGenerate.js'));
	const state = h.makeStateDir('tcpdump-lens-large-', { 'editor.wordWrap': 'off', 'editor.minimap.enabled': false });
	const folder = path.join(state, 'captures');
	fs.mkdirSync(folder);
	const bytes = generatePcap(PACKETS);
	fs.writeFileSync(path.join(folder, 'large.pcap'), bytes);
	h.copyTree(path.join(repo, 'samples', 'broken-handshake.tcpdump'), path.join(folder, 'broken-handshake.tcpdump'));
	console.log(`large.pcap: ${PACKETS} packets asked, ${(bytes.length / 1e6).toFixed(1)} MB`);
	let server;
	let browser;
	try {
		server = await h.startServer({ state });
		browser = await h.launchBrowser();
		const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
		await page.goto(h.workbenchUrl({ port: server.port, folder, extensionDir: repo }), { timeout: 180000 });
		const item = page.getByRole('treeitem', { name: 'large.pcap' });
		await item.waitFor({ timeout: TIMEOUT });
		// the extension is up (a text sample's CodeLens) before the capture is clicked
		await page.getByRole('treeitem', { name: 'broken-handshake.tcpdump' }).click({ timeout: TIMEOUT });
		await page.locator('.editor-instance .monaco-editor .codelens-decoration').first().waitFor({ timeout: TIMEOUT });
		const started = Date.now();
		await item.click();
		const notification = await page.locator('.notifications-toasts', { hasText: 'large.pcap' }).first().waitFor({ timeout: 60000 }).then(() => true, () => false);
		console.log(`progress notification shown: ${notification}`);
		const first = await firstLine(page);
		console.log(`first page on screen after ${((Date.now() - started) / 1000).toFixed(1)} s: ${first}`);
		await page.keyboard.press('F1');
		await page.keyboard.type('tcpdump: Show packets K-M');
		await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show packets K-M' }).first().click({ timeout: 30000 });
		const rows = page.locator('.quick-input-list .monaco-list-row');
		await rows.nth(1).waitFor({ timeout: 30000 });
		console.log(`range picker: ${JSON.stringify((await rows.allInnerTexts()).map(t => t.replace(/\s+/g, ' ')))}`);
		const again = Date.now();
		await rows.nth(1).click();
		await page.locator('.tabs-container .tab', { hasText: 'large.pcap.tcpdump' }).nth(1).waitFor({ timeout: TIMEOUT });
		const second = await h.pollFor('the second page', async () => {
			const t = await firstLine(page);
			return /packets 1-/.test(t) ? undefined : t;
		}, TIMEOUT);
		console.log(`second page on screen after ${((Date.now() - again) / 1000).toFixed(1)} s: ${second}`);
		return 0;
	} catch (e) {
		if (process.env.SCREENSHOT_DEBUG && browser) {
			const pages = browser.contexts().flatMap(c => c.pages());
			await pages[0]?.screenshot({ path: process.env.SCREENSHOT_DEBUG }).catch(() => undefined);
		}
		throw e;
	} finally {
		await h.shutdown({ browser, server, state });
	}
}

main().then(code => process.exit(code), err => {
	console.error(`largePcapCheck: ${err && err.stack ? err.stack : err}`);
	process.exit(1);
});
