#!/usr/bin/env node
// `node scripts/ladderScrollCheck.js`: the ladder of one 9,995-packet connection in the real editor
// (code-server + chromium): time from the CodeLens click to the first arrows drawn, then frame times
// while the webview scrolls through it. Prints figures; asserts nothing. Needs `npm run compile-tests`
// (bench/ladderConnection.js) and `node esbuild.js`.
'use strict';
const fs = require('fs');
const path = require('path');
const h = require('./lib/harness');

async function main() {
	const repo = h.REPO_ROOT;
	const { longConnection } = require(path.join(repo, 'out', 'bench', 'ladderConnection.js'));
	h.ensureInstalled({ autoInstall: false });
	const state = h.makeStateDir('tcpdump-lens-ladder-', { 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false });
	const folder = path.join(state, 'work');
	fs.mkdirSync(folder, { recursive: true });
	fs.writeFileSync(path.join(folder, 'long.tcpdump'), longConnection(4990));
	let server;
	let browser;
	try {
		server = await h.startServer({ state });
		browser = await h.launchBrowser();
		const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
		await page.goto(h.workbenchUrl({ port: server.port, folder, extensionDir: repo }), { timeout: 120000 });
		await page.getByRole('treeitem', { name: 'long.tcpdump' }).click({ timeout: 90000 });
		const lens = page.locator('.editor-instance .monaco-editor .codelens-decoration a', { hasText: 'Ladder diagram' }).first();
		await lens.waitFor({ timeout: 240000 });
		const started = Date.now();
		await lens.click();
		const view = page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');
		await view.locator('#ladder-svg g.arrow').first().waitFor({ timeout: 60000 });
		const openMs = Date.now() - started;
		const frames = await view.locator('#ladder-scroll').evaluate(async el => {
			// scroll 60 px per frame for 300 frames (18,000 px, ~600 arrows) and time each frame
			const times = [];
			let last = performance.now();
			for (let i = 0; i < 300; i++) {
				el.scrollTop += 60;
				await new Promise(r => requestAnimationFrame(() => r()));
				const now = performance.now();
				times.push(now - last);
				last = now;
			}
			const arrows = el.querySelectorAll('g.arrow').length;
			times.sort((a, b) => a - b);
			return { median: times[150], p95: times[285], max: times[299], arrows, top: el.scrollTop };
		});
		console.log(`ladder, 9,995 packets: first arrows drawn ${openMs} ms after the CodeLens click`);
		console.log(`scrolling: frame median ${frames.median.toFixed(1)} ms, 95th percentile ${frames.p95.toFixed(1)} ms, max ${frames.max.toFixed(1)} ms; ${frames.arrows} arrows in the DOM at scrollTop ${frames.top}`);
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

main().catch(e => {
	console.error(e);
	process.exit(1);
});
