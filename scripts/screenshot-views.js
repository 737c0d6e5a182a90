#!/usr/bin/env node
// `npm run screenshot:views`: the README screenshots of the navigation surfaces in a real VS Code
// (offline code-server + headless chromium, as scripts/screenshot.js), on samples/web-session.tcpdump:
//   images/connections.png     the TCP Connections and Expert Information views, breadcrumbs
//   images/outline.png         the Outline in the Explorer: one symbol per connection with its state
//   images/one-connection.png  "Show only this connection" beside the whole capture
//   images/inlay-hints.png     the inlay hints (all kinds switched on)
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

async function shoot(page, name, clip) {
	const file = path.join(outDir, name);
	await page.screenshot({ path: file, clip });
	console.log(`screenshot: wrote ${path.relative(repo, file)} (${Math.round(fs.statSync(file).size / 1024)} KB)`);
}

/** Runs a palette command by its title, as a user would. */
async function runCommand(page, title) {
	await page.keyboard.press('F1');
	const input = page.locator('.quick-input-widget input');
	await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
	await input.fill(`>${title}`);
	await h.sleep(800);
	await page.keyboard.press('Enter');
	await input.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT }).catch(() => undefined);
}

/** Drags the side bar's sash so tree rows show their whole `client → server` name. */
async function widenSideBar(page, width) {
	const bar = await page.locator('.part.sidebar').first().boundingBox();
	if (!bar) {
		return;
	}
	// the sash sits on the side bar's right edge
	const x = bar.x + bar.width + 1;
	const y = bar.y + bar.height / 2;
	await page.mouse.move(x, y);
	await page.mouse.down();
	await page.mouse.move(width, y, { steps: 10 });
	await page.mouse.up();
	await h.sleep(500);
}

/**
 * One workbench session on a copy of samples/ with these user settings: opens web-session.tcpdump,
 * runs `steps(page)`, then shuts everything down.
 */
async function session(extraSettings, steps) {
	const state = h.makeStateDir('tcpdump-lens-views-', {
		'workbench.colorTheme': 'Default Dark Modern',
		'editor.minimap.enabled': false,
		'editor.fontSize': 14,
		'breadcrumbs.enabled': true,
		...extraSettings,
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
		await steps(page);
	} catch (err) {
		if (page && process.env.SCREENSHOT_DEBUG) {
			await page.screenshot({ path: process.env.SCREENSHOT_DEBUG }).catch(() => undefined);
		}
		throw err;
	} finally {
		await h.shutdown({ browser, server, state });
	}
}

/** Moves the pointer off the text so no hover is open in the picture. */
async function parkPointer(page) {
	await page.keyboard.press('Escape');
	await page.mouse.move(VIEWPORT.width / 2, 12); // the title bar: no hover, no tooltip
	await h.sleep(800);
}

async function navigationViews(page) {
	const editorLines = page.locator('.editor-instance .monaco-editor .view-line');
	// the view container's activity bar entry
	await page.locator('.activitybar [aria-label^="tcpdump Lens"]').first().click({ timeout: STEP_TIMEOUT });
	const row = page.getByRole('treeitem', { name: /52104 → 203\.0\.113\.10\.8443/ }).first();
	await row.waitFor({ timeout: STEP_TIMEOUT });
	await widenSideBar(page, 600);
	// the Expert Information view may start collapsed below: open it from its header
	const header = page.locator('.pane-header', { hasText: 'Expert Information' }).first();
	if ((await header.getAttribute('aria-expanded')) === 'false') {
		await header.click();
	}
	const expert = page.getByRole('treeitem', { name: /Connection refused/ }).first();
	await expert.waitFor({ timeout: STEP_TIMEOUT }).then(() => expert.click(), () => console.log('screenshot: Expert Information rows not visible'));
	// the cursor in the second connection (line 20) so the breadcrumbs name it
	await editorLines.nth(19).click();
	await parkPointer(page);
	await shoot(page, 'connections.png');

	// the Outline, in the Explorer, with the folder's own view collapsed
	await page.keyboard.press('Control+Shift+E');
	const outlineHeader = page.locator('.pane-header', { hasText: 'Outline' }).first();
	await outlineHeader.waitFor({ timeout: STEP_TIMEOUT });
	if ((await outlineHeader.getAttribute('aria-expanded')) === 'false') {
		await outlineHeader.click();
	}
	const folderHeader = page.locator('.pane-header', { hasText: 'samples' }).first();
	if ((await folderHeader.getAttribute('aria-expanded').catch(() => 'false')) === 'true') {
		await folderHeader.click();
	}
	await editorLines.nth(19).click();
	await parkPointer(page);
	await shoot(page, 'outline.png', { x: 0, y: 0, width: VIEWPORT.width, height: 470 });

	// one connection beside the capture (palette, cursor on line 20), side bar hidden for the width
	await editorLines.nth(19).click();
	await runCommand(page, 'tcpdump: Show only this connection');
	await page.locator('.tabs-container .tab', { hasText: /connection 2/ }).first().waitFor({ timeout: STEP_TIMEOUT })
		.catch(() => console.log('screenshot: the one-connection tab did not open'));
	await page.keyboard.press('Control+B');
	await parkPointer(page);
	await h.sleep(1500);
	await shoot(page, 'one-connection.png');
}

async function inlayHints(page) {
	await page.keyboard.press('Control+B'); // hide the side bar: the hints need the width
	await page.locator('.editor-instance .monaco-editor .view-line').nth(19).click();
	await page.locator('.monaco-editor [class*="dyn-rule"], .monaco-editor .inlay-hint').first()
		.waitFor({ timeout: STEP_TIMEOUT }).catch(() => console.log('screenshot: no inlay hint seen'));
	await parkPointer(page);
	await h.sleep(1500);
	await shoot(page, 'inlay-hints.png', { x: 0, y: 0, width: VIEWPORT.width, height: 500 });
}

async function main() {
	h.ensureInstalled({ autoInstall: false });
	fs.mkdirSync(outDir, { recursive: true });
	await session({}, navigationViews);
	await session({
		'tcpdump.inlayHints.otherNumbering': true,
		'tcpdump.inlayHints.scaledWindow': true,
		'tcpdump.inlayHints.timeSinceSyn': true,
		'tcpdump.inlayHints.ackedLine': true,
		'tcpdump.codeLens.enabled': false,
	}, inlayHints);
	return 0;
}

main().then(code => process.exit(code), err => {
	console.error(`screenshot: ${err && err.stack ? err.stack : err}`);
	process.exit(1);
});
