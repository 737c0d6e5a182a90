#!/usr/bin/env node
// `npm run screenshot`: takes the README screenshots in a real VS Code (offline code-server + headless
// chromium), with tcpdump Lens loaded from this folder as a development extension:
//   images/hover.png         samples/broken-handshake.tcpdump, CodeLens + hover on the SYN-ACK's ack number
//   images/problems.png      the same file with the Problems panel open
//   images/seed-hover.png    samples/seed-handshake.tcpdump, the hover on the SYN-ACK's ack (ISN + 1)
//   images/colours-dark.png  samples/web-session.tcpdump in Dark Modern: token colours and line colours
//   images/colours-light.png the same in Light 2026 (VS Code's default light theme), cropped to the editor
//   --ladder: instead, the ladder diagram of test/fixtures/retransmission in the dark, light and
//   high-contrast themes (images/ladder-*.png) and the time-sequence graph of test/fixtures/window-loss
//   in the same three (images/tsg-*.png); scripts/screenshotLadder.js.
//   --pcap: instead, a fixture .pcap opened as tcpdump text with CodeLens, squiggles and the Problems
//   panel, dark and light (images/pcap-*.png); scripts/screenshotPcap.js.
// Expects `node esbuild.js` to have run (runs it when dist/extension.js is missing).
// Environment: VSCODE_HARNESS_DIR, CHROMIUM_PATH, SCREENSHOT_DIR (default images/), HOST_TEST_VERBOSE=1,
// SCREENSHOT_DEBUG=<file.png> (a screenshot of the page when a step fails).
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const h = require('./lib/harness');

const repo = h.REPO_ROOT;
// --extension-dir DIR loads another build of the extension (default: this repository)
const extArg = process.argv.indexOf('--extension-dir');
const extensionDir = extArg > 0 && process.argv[extArg + 1] ? path.resolve(process.argv[extArg + 1]) : repo;
const outDir = process.env.SCREENSHOT_DIR ? path.resolve(process.env.SCREENSHOT_DIR) : path.join(repo, 'images');
const VIEWPORT = { width: 1200, height: 700 };
const STEP_TIMEOUT = 30000;

function log(msg) {
	console.log(`screenshot: ${msg}`);
}

async function openFromExplorer(page, name) {
	const item = page.getByRole('treeitem', { name }).first();
	await item.waitFor({ timeout: 60000 });
	await item.click();
	const tab = page.locator('.tabs-container .tab.active', { hasText: name });
	await tab.waitFor({ timeout: STEP_TIMEOUT });
	// the editor's text is rendered
	await page.locator('.editor-instance .monaco-editor .view-line').first().waitFor({ timeout: STEP_TIMEOUT });
}

/** 1-based line and 0-based column of the number after `ack ` on the first SYN-ACK line (any notation). */
function synAckAckPosition(text) {
	const lines = text.split(/\r?\n/);
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i];
		if (!/Flags \[S\.\]|: S \d+:\d+\(\d+\) ack /.test(line)) {
			continue;
		}
		const ack = /\back (\d+)/.exec(line);
		if (ack) {
			return { line: i + 1, column: ack.index + 4, text: ack[1] };
		}
	}
	throw new Error('no SYN-ACK line with an ack number');
}

/** Picks a colour theme through Preferences: Color Theme (the quick pick), as a user would. */
async function pickColorTheme(page, editor, theme) {
	await editor.click({ position: { x: 300, y: 100 } });
	await page.keyboard.press('Control+K');
	await page.keyboard.press('Control+T');
	const input = page.locator('.quick-input-widget input');
	await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
	await input.fill(theme);
	await h.sleep(500);
	await page.keyboard.press('Enter');
	await input.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
	await h.sleep(1000); // re-theming
}

/** The foreground colour of each token of the first visible line that contains `text` (what the theme made of the scopes). */
async function tokenColours(editor, text) {
	return editor.locator('.view-line', { hasText: text }).first().evaluate(line =>
		Array.from(line.querySelectorAll('span span')).map(s => `${s.textContent}=${getComputedStyle(s).color}`).join('  '));
}

/** Scrolls the editor with the mouse wheel until 1-based `line` is the first line on screen. */
async function scrollToLine(page, editor, line) {
	const firstVisible = () => editor.evaluate(el => {
		const top = el.getBoundingClientRect().top;
		const numbers = Array.from(el.querySelectorAll('.line-numbers'))
			.map(n => ({ top: n.getBoundingClientRect().top - top, line: parseInt(n.textContent || '', 10) }))
			.filter(n => n.top >= -2 && Number.isFinite(n.line))
			.sort((x, y) => x.top - y.top);
		return numbers.length > 0 ? numbers[0].line : 0;
	});
	const box = await editor.boundingBox();
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	for (let i = 0; i < 200 && (await firstVisible()) < line; i++) {
		await page.mouse.wheel(0, 10);
		await h.sleep(30);
	}
	await page.mouse.move(5, VIEWPORT.height - 5);
}

function pollFor(what, probe, timeoutMs = STEP_TIMEOUT) {
	return h.pollFor(what, probe, timeoutMs);
}

/** Puts the cursor on the SYN-ACK's ack number of `file` (Go to Line accepts line:column) and shows the hover. */
async function hoverSynAckAck(page, editor, folder, file) {
	const target = synAckAckPosition(fs.readFileSync(path.join(folder, file), 'utf8'));
	log(`hover on "${target.text}" at line ${target.line}, column ${target.column}`);
	// independent of where word wrap and scrolling put the token on screen
	await editor.click({ position: { x: 300, y: 200 } });
	await page.keyboard.press('Control+G');
	await page.keyboard.type(`${target.line}:${target.column + 1 + Math.floor(target.text.length / 2)}`);
	await page.keyboard.press('Enter');
	await page.keyboard.press('Control+K');
	await page.keyboard.press('Control+I');
	const hover = page.locator('.monaco-hover-content').filter({ hasText: /\S/ }).first();
	await hover.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
	await pollFor('hover text', async () => (await hover.innerText()).trim().length > 0);
	await h.sleep(300); // let the hover finish its fade-in
	log(`hover: ${(await hover.innerText()).trim().split('\n')[0]}`);
}

async function shoot(page, name, clip) {
	const file = path.join(outDir, name);
	await page.screenshot({ path: file, clip });
	log(`wrote ${path.relative(repo, file)} (${Math.round(fs.statSync(file).size / 1024)} KB)`);
}

async function main() {
	if (extensionDir === repo && !fs.existsSync(path.join(repo, 'dist', 'extension.js'))) {
		const build = spawnSync(process.execPath, [path.join(repo, 'esbuild.js')], { cwd: repo, stdio: 'inherit' });
		if (build.status !== 0) {
			throw new Error('node esbuild.js failed');
		}
	}
	for (const f of ['broken-handshake.tcpdump', 'web-session.tcpdump', 'seed-handshake.tcpdump']) {
		if (!fs.existsSync(path.join(repo, 'samples', f))) {
			throw new Error(`samples/${f} is missing`);
		}
	}
	h.ensureInstalled({ autoInstall: false });
	fs.mkdirSync(outDir, { recursive: true });

	const started = Date.now();
	const state = h.makeStateDir('tcpdump-lens-shot-', {
		'workbench.colorTheme': 'Default Dark Modern',
		'editor.minimap.enabled': false,
		'editor.fontSize': 15, // readable in a README, and fewer glyphs keep the PNGs small
		'editor.wordWrap': 'on', // tcpdump lines are long: keep the whole line on screen
		'breadcrumbs.enabled': false,
		'editor.hover.delay': 100,
		'editor.hover.above': false, // keep the CodeLens and the SYN line visible above the hover
		'editor.occurrencesHighlight': 'off', // no boxes around every "0" the cursor happens to sit on
		'editor.selectionHighlight': false,
	});
	// a copy named "samples" so the Explorer shows SAMPLES, and nothing is written into the repo
	const folder = path.join(state, 'samples');
	h.copyTree(path.join(repo, 'samples'), folder);
	const pcapMode = process.argv.includes('--pcap');
	if (pcapMode) {
		const { PCAP_FIXTURE } = require('./screenshotPcap');
		h.copyTree(path.join(repo, PCAP_FIXTURE), path.join(folder, path.basename(PCAP_FIXTURE)));
	}
	let server;
	let browser;
	let page;
	try {
		server = await h.startServer({ state, logToConsole: process.env.HOST_TEST_VERBOSE === '1' });
		browser = await h.launchBrowser();
		page = await browser.newPage({ viewport: VIEWPORT });
		await page.goto(h.workbenchUrl({ port: server.port, folder, extensionDir }), { timeout: 120000 }); // slow when the machine is busy
		if (process.argv.includes('--ladder')) {
			await require('./screenshotLadder').shootLadder({ page, folder, repo, shoot, log, outDir });
			return 0;
		}
		if (pcapMode) {
			await require('./screenshotPcap').shootPcap({ page, shoot, log, pickColorTheme, outDir });
			return 0;
		}

		// 1. hover on the SYN-ACK's ack number, with the CodeLens visible
		await openFromExplorer(page, 'broken-handshake.tcpdump');
		const editor = page.locator('.editor-instance .monaco-editor').first();
		const lens = editor.locator('.codelens-decoration').first();
		await lens.waitFor({ timeout: STEP_TIMEOUT });
		log(`CodeLens: ${(await lens.innerText()).trim()}`);
		await hoverSynAckAck(page, editor, folder, 'broken-handshake.tcpdump');
		await shoot(page, 'hover.png');

		// 2. the Problems panel
		await page.mouse.move(5, VIEWPORT.height - 5);
		await page.keyboard.press('Escape');
		await editor.click({ position: { x: 400, y: 300 } });
		await page.keyboard.press('Control+Shift+M');
		const rows = page.locator('.markers-panel .monaco-list-row');
		await pollFor('a problem in the Problems panel', async () => (await rows.count()) >= 2);
		log(`problems: ${JSON.stringify((await rows.allInnerTexts()).map(t => t.replace(/\n/g, ' | ')))}`);
		await h.sleep(300);
		await shoot(page, 'problems.png');

		await page.keyboard.press('Control+J'); // close the panel

		// 4. the seed handshake (tcpdump 3.x text): what the SYN-ACK's ack means
		await page.keyboard.press('Escape');
		await openFromExplorer(page, 'seed-handshake.tcpdump');
		await editor.locator('.codelens-decoration').first().waitFor({ timeout: STEP_TIMEOUT });
		await hoverSynAckAck(page, editor, folder, 'seed-handshake.tcpdump');
		await shoot(page, 'seed-hover.png');

		// 5./6. token and line colours in a dark and a light default theme, editor only, no word wrap
		await page.keyboard.press('Escape');
		await openFromExplorer(page, 'web-session.tcpdump');
		await pollFor('coloured tokens', async () => {
			const classes = await page.locator('.editor-instance .monaco-editor .view-line span span').evaluateAll(
				spans => Array.from(new Set(spans.map(s => s.className))));
			return classes.length >= 3;
		});
		await page.keyboard.press('Control+B'); // hide the side bar: the editor gets the width
		await page.keyboard.press('Alt+Z'); // word wrap off: one packet per row
		const colourShot = async (theme, name) => {
			await pickColorTheme(page, editor, theme);
			await page.keyboard.press('Control+Home');
			await scrollToLine(page, editor, 13); // the second connection: handshake, the refused SYN/RST, a retransmission, dup ACKs
			await h.sleep(500);
			log(`${theme}: ${await tokenColours(editor, 'Flags [R.]')}`);
			const box = await editor.boundingBox();
			if (!box) {
				throw new Error('editor not on screen');
			}
			await shoot(page, name, { x: box.x, y: box.y, width: Math.min(box.width, 900), height: Math.min(box.height, 400) });
		};
		await colourShot('Dark Modern', 'colours-dark.png');
		await colourShot('Light 2026', 'colours-light.png');
		log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
		return 0;
	} catch (err) {
		if (page && process.env.SCREENSHOT_DEBUG) {
			await page.screenshot({ path: process.env.SCREENSHOT_DEBUG }).catch(() => undefined);
			log(`failure screenshot: ${process.env.SCREENSHOT_DEBUG}`);
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
