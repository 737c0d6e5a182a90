#!/usr/bin/env node
// `node scripts/ladderScrollCheck.js`: the ladder of one 9,995-packet connection in the real editor
// (code-server + chromium): time from the CodeLens click to the first arrows drawn (and where it went:
// layout, message, decode, first draw, as the page reports it), then frame times while the webview
// scrolls through it, and the long frames. Prints figures; asserts nothing. Needs
// `npm run compile-tests` (out/bench/ladderConnection.js) and `node esbuild.js`.
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
		// the page's own account of the opening (media/ladder.js writes it once the first frame is shown)
		const scroller = view.locator('#ladder-scroll[data-open-timing]');
		await scroller.waitFor({ timeout: 30000 });
		const timing = JSON.parse(await scroller.getAttribute('data-open-timing'));
		const frames = await view.locator('#ladder-scroll').evaluate(async el => {
			// scroll 60 px per frame for 600 frames (36,000 px, ~1,200 arrows), then jump to the end and back,
			// timing each frame
			const times = [];
			let last = performance.now();
			const frame = () => new Promise(r => requestAnimationFrame(() => r()));
			for (let i = 0; i < 600; i++) {
				el.scrollTop += 60;
				await frame();
				const now = performance.now();
				times.push(now - last);
				last = now;
			}
			const jumps = [];
			for (const top of [el.scrollHeight, 0, el.scrollHeight / 2]) {
				const t0 = performance.now();
				el.scrollTop = top;
				await frame();
				await frame();
				jumps.push(performance.now() - t0);
			}
			await new Promise(r => setTimeout(r, 600));
			el.scrollTop += 1; // one more draw: the stats attribute is written at most every 500 ms
			await frame();
			const draw = JSON.parse(el.getAttribute('data-draw-stats') || '{}');
			const arrows = el.querySelectorAll('g.arrow').length;
			const sorted = times.slice().sort((a, b) => a - b);
			return {
				median: sorted[300], p95: sorted[570], max: sorted[599], over50: times.filter(t => t > 50).length,
				jumps, arrows, height: el.scrollHeight, draw,
			};
		});
		const ms = v => (v === undefined ? '?' : `${Math.round(v)} ms`);
		const clickToShow = timing.requestedAt && timing.paintedAt ? timing.paintedAt - timing.requestedAt : undefined;
		console.log(`ladder, 9,995 packets: first arrows drawn ${openMs} ms after the CodeLens click (measured by the browser driver)`);
		console.log(`  as the extension and the page saw it: ${ms(clickToShow)} from the command to the first frame shown; ` +
			`document + analysis ${ms(timing.analysisMs)}, page load (HTML, script) ${ms(timing.pageLoadMs)}, layout ${ms(timing.layoutMs)} busy (in 10 ms slices), message build ${ms(timing.encodeMs)}, ` +
			`posted → received ${ms(timing.receivedAt - timing.sentAt)}, decode ${ms(timing.decodeMs)}, first draw ${ms(timing.drawMs)}, ` +
			`longest task on the page ${ms(timing.longestTaskMs)}`);
		console.log(`scrolling 600 frames: frame median ${frames.median.toFixed(1)} ms, 95th percentile ${frames.p95.toFixed(1)} ms, ` +
			`longest ${frames.max.toFixed(1)} ms, ${frames.over50} frames over 50 ms; jumps to the end / top / middle ${frames.jumps.map(j => j.toFixed(0)).join(' / ')} ms; ` +
			`${frames.arrows} arrows in the DOM of ${frames.height} px`);
		const d = frames.draw;
		console.log(`  drawing the visible rows (the page's own work per frame): ${d.count} draws, mean ${(d.totalMs / d.count).toFixed(2)} ms, longest ${d.maxMs.toFixed(1)} ms, ${d.over16} over 16 ms`);
		const load = require('os').loadavg()[0];
		console.log(`load average while measuring: ${load.toFixed(1)} on ${require('os').cpus().length} cores`);
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
