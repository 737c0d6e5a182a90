// `npm run screenshot -- --pcap`: a fixture .pcap opened in the real editor (issue 12): tcpdump's
// text rendered by tcpdump Lens, with highlighting, the handshake CodeLens, the warnings' squiggles
// and the Problems panel, in a dark and a light default theme (images/pcap-dark.png, pcap-light.png).
// Called by scripts/screenshot.js once the workbench is open; the fixture is copied into the
// workspace folder before the workbench starts (PCAP_FIXTURE).
// With pngquant on the PATH the PNGs are quantised (≈ 180 KB → 65 KB each), else left as taken.
'use strict';
const path = require('path');
const { spawnSync } = require('child_process');
const h = require('./lib/harness');

const TIMEOUT = 60000;
const PCAP_FIXTURE = 'test/fixtures/out-of-order/out-of-order.pcap';

async function shootPcap({ page, shoot, log, pickColorTheme, outDir }) {
	const name = PCAP_FIXTURE.split('/').pop();
	// wait for the extension (a text sample's CodeLens): a capture clicked before the development
	// extension's contributions are read opens in VS Code's binary placeholder instead
	await page.getByRole('treeitem', { name: 'broken-handshake.tcpdump' }).first().click({ timeout: TIMEOUT });
	await page.locator('.editor-instance .monaco-editor .codelens-decoration').first().waitFor({ timeout: TIMEOUT });
	await page.keyboard.press('F1');
	await page.keyboard.type('View: Close All Editors');
	await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Close All Editors' }).first().waitFor({ timeout: TIMEOUT });
	await page.keyboard.press('Enter');
	await page.getByRole('treeitem', { name }).first().click({ timeout: TIMEOUT });
	await page.locator('.tabs-container .tab.active', { hasText: `${name}.tcpdump` }).waitFor({ timeout: TIMEOUT });
	const editor = page.locator('.editor-instance .monaco-editor').first();
	const lens = editor.locator('.codelens-decoration').first();
	await lens.waitFor({ timeout: TIMEOUT });
	log(`CodeLens: ${(await lens.innerText()).trim().replace(/\s+/g, ' ')}`);
	await h.pollFor('the warnings\' squiggles', async () => (await editor.locator('.squiggly-warning').count()) >= 2, TIMEOUT);
	await editor.click({ position: { x: 400, y: 300 } });
	await page.keyboard.press('Control+Shift+M');
	const rows = page.locator('.markers-panel .monaco-list-row');
	await h.pollFor('the warnings in the Problems panel', async () => (await rows.count()) >= 3, TIMEOUT);
	log(`problems: ${JSON.stringify((await rows.allInnerTexts()).map(t => t.replace(/\n/g, ' | ')))}`);
	for (const [theme, file] of [['Dark Modern', 'pcap-dark.png'], ['Light 2026', 'pcap-light.png']]) {
		await pickColorTheme(page, editor, theme);
		await page.mouse.move(5, 5);
		await h.sleep(800);
		// the window down to the two Problems rows (the panel's empty rest only adds bytes)
		const panel = await rows.last().boundingBox();
		await shoot(page, file, { x: 0, y: 0, width: 1200, height: Math.min(700, Math.ceil((panel ? panel.y + panel.height : 560) + 8)) });
		const q = spawnSync('pngquant', ['--quality=70-95', '--speed', '1', '--force', '--ext', '.png', path.join(outDir, file)]);
		log(q.status === 0 ? `${file}: quantised with pngquant` : `${file}: left unquantised (no pngquant)`);
	}
}

module.exports = { shootPcap, PCAP_FIXTURE };
