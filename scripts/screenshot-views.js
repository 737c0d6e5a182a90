#!/usr/bin/env node
// `npm run screenshot:views`: the README screenshot of the connection views in a real VS Code
// (offline code-server + headless chromium, as scripts/screenshot.js):
//   images/connections.png   samples/web-session.tcpdump with the TCP Connections and Expert
//                            Information views open, the Outline's connection in the breadcrumbs
// Environment: as scripts/screenshot.js (VSCODE_HARNESS_DIR, CHROMIUM_PATH, SCREENSHOT_DIR).
'use strict';

const fs = require('fs');
const path = require('path');
const h = require('./lib/harness');

const repo = h.REPO_ROOT;
const outDir = process.env.SCREENSHOT_DIR ? path.resolve(process.env.SCREENSHOT_DIR) : path.join(repo, 'images');
const VIEWPORT = { width: 1400, height: 800 };
// the machine may be busy: navigation and steps get generous deadlines
const STEP_TIMEOUT = 60000;

async function main() {
	h.ensureInstalled({ autoInstall: false });
	fs.mkdirSync(outDir, { recursive: true });
	const state = h.makeStateDir('tcpdump-lens-views-', {
		'workbench.colorTheme': 'Default Dark Modern',
		'editor.minimap.enabled': false,
		'editor.fontSize': 14,
		'breadcrumbs.enabled': true,
	});
	const folder = path.join(state, 'samples');
	h.copyTree(path.join(repo, 'samples'), folder);
	let server;
	let browser;
	let page;
	try {
		server = await h.startServer({ state, logToConsole: process.env.HOST_TEST_VERBOSE === '1' });
		browser = await h.launchBrowser();
		page = await browser.newPage({ viewport: VIEWPORT });
		await page.goto(h.workbenchUrl({ port: server.port, folder, extensionDir: repo }), { timeout: 180000 });
		const item = page.getByRole('treeitem', { name: 'web-session.tcpdump' }).first();
		await item.waitFor({ timeout: 120000 });
		await item.click();
		await page.locator('.editor-instance .monaco-editor .view-line').first().waitFor({ timeout: STEP_TIMEOUT });
		// the view container's activity bar entry
		await page.locator('.activitybar [aria-label^="tcpdump Lens"]').first().click({ timeout: STEP_TIMEOUT });
		const row = page.getByRole('treeitem', { name: /52104 → 203\.0\.113\.10\.8443/ }).first();
		await row.waitFor({ timeout: STEP_TIMEOUT });
		// the Expert Information view may start collapsed below: open it from its header
		const header = page.locator('.pane-header', { hasText: 'Expert Information' }).first();
		if ((await header.getAttribute('aria-expanded')) === 'false') {
			await header.click();
		}
		const expert = page.getByRole('treeitem', { name: /Connection refused/ }).first();
		await expert.waitFor({ timeout: STEP_TIMEOUT }).then(() => expert.click(), () => console.log('screenshot: Expert Information rows not visible'));
		// put the cursor in the second connection so the breadcrumbs name it
		await page.locator('.editor-instance .monaco-editor .view-line').nth(14).click();
		await h.sleep(1500);
		const file = path.join(outDir, 'connections.png');
		await page.screenshot({ path: file });
		console.log(`screenshot: wrote ${path.relative(repo, file)} (${Math.round(fs.statSync(file).size / 1024)} KB)`);
		return 0;
	} catch (err) {
		if (page && process.env.SCREENSHOT_DEBUG) {
			await page.screenshot({ path: process.env.SCREENSHOT_DEBUG }).catch(() => undefined);
		}
		throw err;
	} finally {
		await h.shutdown({ browser, server, state });
	}
}

main().then(code => process.exit(code), err => {
	console.error(`screenshot: ${err && err.stack ? err.stack : err}`);
	process.exit(1);
});
