// `npm run screenshot -- --ladder`: the ladder diagram and the time-sequence graph in the real editor.
// Called by scripts/screenshot.js once the workbench is open; themes are switched by rewriting the
// user settings file, which VS Code watches.
'use strict';
const fs = require('fs');
const path = require('path');
const h = require('./lib/harness');

const TIMEOUT = 30000;

function webview(page) {
	// VS Code nests a webview in two iframes: the host frame and the active content frame
	return page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
}

/** Runs a workbench command by its title from the Command Palette, then picks `pick` if given. */
async function runCommand(page, title, pick) {
	await page.keyboard.press('F1');
	await page.keyboard.type(title);
	const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
	await row.waitFor({ timeout: TIMEOUT });
	await row.click();
	if (pick) {
		await page.keyboard.type(pick);
		const choice = page.locator('.quick-input-list .monaco-list-row', { hasText: pick }).first();
		await choice.waitFor({ timeout: TIMEOUT });
		await choice.click();
	}
}

async function setTheme(page, theme) {
	await runCommand(page, 'Preferences: Color Theme', theme);
	await h.sleep(1500);
}

async function openLadder(page, name) {
	// Quick Open: works with the side bar hidden
	await page.keyboard.press('Control+P');
	await page.keyboard.type(name);
	const row = page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
	await row.waitFor({ timeout: TIMEOUT });
	await row.click();
	await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: TIMEOUT });
	const lens = page.locator('.editor-instance .monaco-editor .codelens-decoration a', { hasText: 'Ladder diagram' }).first();
	await lens.waitFor({ timeout: TIMEOUT });
	await lens.click();
	const view = webview(page);
	await view.locator('#ladder-svg g.arrow').first().waitFor({ timeout: TIMEOUT });
	return view;
}

/** A screenshot of the webview's part of the window only (smaller files), cut to `height` px. */
async function shootWebview(page, outDir, name, log, height) {
	const box = await page.locator('iframe.webview.ready').last().boundingBox();
	const file = path.join(outDir, name);
	const clip = box ? { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, height ?? box.height) } : undefined;
	await page.screenshot({ path: file, clip });
	log(`wrote ${file} (${Math.round(fs.statSync(file).size / 1024)} KB, webview only)`);
}

const THEMES = [['Dark Modern', 'dark'], ['Light Modern', 'light'], ['Dark High Contrast', 'hc']];

async function shootLadder({ page, folder, repo, log, outDir }) {
	for (const c of ['retransmission', 'window-loss']) {
		fs.copyFileSync(path.join(repo, 'test', 'fixtures', c, 'nn.txt'), path.join(folder, `${c}.tcpdump`));
	}
	// wide enough that the webview beside the text holds the arrows and their annotations
	await page.setViewportSize({ width: 1900, height: 720 });
	await page.getByRole('treeitem', { name: 'retransmission.tcpdump' }).first().waitFor({ timeout: 60000 });
	await page.keyboard.press('Control+B'); // hide the side bar: room for the diagram
	const view = await openLadder(page, 'retransmission.tcpdump');
	// select the retransmission (arrow 6): the click reveals line 6 in the text
	await view.locator('#ladder-svg g.arrow[data-i="5"] line.hit').click({ force: true });
	await h.sleep(800);
	log(`status: ${await view.locator('#status').innerText()}`);
	for (const [theme, suffix] of THEMES) {
		await setTheme(page, theme);
		await page.mouse.move(5, 5);
		await shootWebview(page, outDir, `ladder-${suffix}.png`, log, 600);
	}
	// the time-sequence graph of the lossy fixture with the small window: data, ACK and window lines
	// the webview has the focus (F1 would go to it): back to the text editor first
	await page.locator('.editor-instance .monaco-editor').first().click({ position: { x: 300, y: 300 } });
	await runCommand(page, 'View: Close All Editors');
	const tsgView = await openLadder(page, 'window-loss.tcpdump');
	await tsgView.locator('#tab-tsg').click();
	await h.sleep(800);
	log(`tsg: ${await tsgView.locator('#tsg-summary').innerText()}`);
	for (const [theme, suffix] of THEMES) {
		await setTheme(page, theme);
		await page.mouse.move(5, 5);
		await shootWebview(page, outDir, `tsg-${suffix}.png`, log);
	}
	await setTheme(page, 'Dark Modern');
}

module.exports = { shootLadder };
