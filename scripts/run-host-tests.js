#!/usr/bin/env node
// Runs the integration suite (out/test/integration/index.js, the @vscode/test-electron `run()` contract)
// inside a real VS Code workbench, offline: code-server from the harness cache + headless chromium.
//
//   npm run test:host                 (expects `node esbuild.js` and `tsc -p . --outDir out` to have run)
//   node scripts/run-host-tests.js [--extension-dir DIR] [--tests PATH_WITHOUT_JS] [--timeout SECONDS]
//
// Environment: VSCODE_HARNESS_DIR (cache), CHROMIUM_PATH, HOST_TEST_TIMEOUT (seconds, default 300),
// HOST_TEST_VERBOSE=1 (server log + browser console), HOST_TEST_KEEP_STATE=1 (keep the state dir).
// Exit code: 0 when every test passed; non-zero on a failing test, a harness error or the timeout.
'use strict';

const fs = require('fs');
const path = require('path');
const util = require('util');
const h = require('./lib/harness');

/** Workbench start-up messages that also arrive through codeAutomationLog; shown with HOST_TEST_VERBOSE=1. */
const WORKBENCH_CHATTER = /^(Resolving connection token|Resolved connection token|Creating a socket|\[reconnection-grace-time\]|Updating additional builtin extensions cache|\[Service Worker\]|\[AgentHost|\[AccountPolicyGate\]|Creation of workbench contribution|Aborted onWillSaveTextDocument)/;

function parseArgs(argv) {
	const opts = {
		extensionDir: h.REPO_ROOT,
		tests: undefined,
		timeoutS: Number(process.env.HOST_TEST_TIMEOUT || 900),
	};
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const next = () => {
			const v = argv[++i];
			if (v === undefined) {
				throw new Error(`${a} needs a value`);
			}
			return v;
		};
		if (a === '--extension-dir') {
			opts.extensionDir = path.resolve(next());
		} else if (a === '--tests') {
			opts.tests = path.resolve(next());
		} else if (a === '--timeout') {
			opts.timeoutS = Number(next());
		} else {
			throw new Error(`unknown argument ${a}`);
		}
	}
	opts.tests = (opts.tests || path.join(opts.extensionDir, 'out', 'test', 'integration', 'index')).replace(/\.js$/, '');
	return opts;
}

/** The workspace folder: a temp dir with copies of what the tests open (samples/, test/fixtures/). */
function makeWorkspace(state, extensionDir) {
	const ws = path.join(state, 'workspace');
	fs.mkdirSync(ws, { recursive: true });
	for (const rel of ['samples', path.join('test', 'fixtures')]) {
		const src = path.join(extensionDir, rel);
		if (fs.existsSync(src)) {
			h.copyTree(src, path.join(ws, rel));
		}
	}
	return ws;
}

async function main() {
	const started = Date.now();
	const opts = parseArgs(process.argv.slice(2));
	const verbose = process.env.HOST_TEST_VERBOSE === '1';

	const problems = [];
	const pkg = path.join(opts.extensionDir, 'package.json');
	if (!fs.existsSync(pkg)) {
		problems.push(`no package.json in ${opts.extensionDir}`);
	} else {
		const main = JSON.parse(fs.readFileSync(pkg, 'utf8')).main;
		if (main && !fs.existsSync(path.resolve(opts.extensionDir, main)) && !fs.existsSync(path.resolve(opts.extensionDir, `${main}.js`))) {
			problems.push(`extension entry ${main} is not built: run node esbuild.js`);
		}
	}
	if (!fs.existsSync(`${opts.tests}.js`)) {
		problems.push(`${path.relative(process.cwd(), opts.tests)}.js not found: run npx tsc -p . --outDir out`);
	}
	if (problems.length > 0) {
		for (const p of problems) {
			console.error(`test:host: ${p}`);
		}
		return 2;
	}
	h.ensureInstalled({ autoInstall: false });

	const state = h.makeStateDir();
	const summaryFile = path.join(state, 'summary.json');
	let server;
	let browser;
	let timer;
	let sawClosingLine = false;
	const closingLine = /^\s*(?:\w+:\s*)?\d+ passed, \d+ failed/;
	const onSignal = sig => {
		console.error(`test:host: ${sig}, stopping`);
		void cleanup().then(() => process.exit(130));
	};
	const cleanup = async () => {
		clearTimeout(timer);
		if (browser) {
			await browser.close().catch(() => undefined);
			browser = undefined;
		}
		if (server) {
			await server.stop();
			server = undefined;
		}
	};
	process.once('SIGINT', onSignal);
	process.once('SIGTERM', onSignal);

	try {
		const workspace = makeWorkspace(state, opts.extensionDir);
		server = await h.startServer({
			state,
			logToConsole: verbose,
			// the extension host inherits code-server's environment: the suite writes its summary here
			env: { TCPDUMP_LENS_TEST_SUMMARY: summaryFile },
		});
		const t0 = Date.now();
		console.log(`test:host: code-server ready on 127.0.0.1:${server.port} (${((t0 - started) / 1000).toFixed(1)} s)`);

		browser = await h.launchBrowser();
		const page = await browser.newPage({ viewport: { width: 1400, height: 850 } });
		if (verbose) {
			page.on('console', m => console.log(`[browser] ${m.text()}`));
		}
		page.on('pageerror', e => { if (verbose) { console.log(`[page error] ${e.message}`); } });

		let resolveExit;
		const exited = new Promise(r => { resolveExit = r; });
		let firstLog = 0;
		await page.exposeFunction('codeAutomationLog', (type, args) => {
			if (!firstLog) {
				firstLog = Date.now();
				console.log(`test:host: workbench connected after ${((firstLog - started) / 1000).toFixed(1)} s`);
			}
			const text = util.format(...(Array.isArray(args) ? args : [args]));
			for (const line of text.split('\n')) {
				if (closingLine.test(line)) {
					sawClosingLine = true;
				}
			}
			if (verbose || (!h.isNoise(text) && !WORKBENCH_CHATTER.test(text))) {
				(type === 'error' ? console.error : console.log)(text);
			}
		});
		await page.exposeFunction('codeAutomationExit', code => resolveExit(Number(code)));

		const timeout = new Promise(r => { timer = setTimeout(() => r('timeout'), opts.timeoutS * 1000); });
		await page.goto(h.workbenchUrl({ port: server.port, folder: workspace, extensionDir: opts.extensionDir, testsPath: opts.tests }), { timeout: 180000 }); // a busy machine loads the workbench slowly
		const result = await Promise.race([exited, timeout]);
		const secs = ((Date.now() - started) / 1000).toFixed(1);

		if (!sawClosingLine && fs.existsSync(summaryFile)) {
			// the suite's own closing line did not come through the log forwarding: print it from the summary
			const s = JSON.parse(fs.readFileSync(summaryFile, 'utf8'));
			console.log(`${s.passed} passed, ${s.failed} failed`);
			sawClosingLine = true;
		}
		if (result === 'timeout') {
			console.error(`test:host: timed out after ${opts.timeoutS} s; server log tail:\n${h.tail(server.logFile, 40)}`);
			return 1;
		}
		console.log(`test:host: exit code ${result} after ${secs} s`);
		if (result !== 0 && !sawClosingLine) {
			console.error(`test:host: the suite did not report; server log tail:\n${h.tail(server.logFile, 40)}`);
		}
		return result === 0 ? 0 : 1;
	} finally {
		await cleanup();
		if (process.env.HOST_TEST_KEEP_STATE === '1') {
			console.log(`test:host: state kept in ${state}`);
		} else {
			h.removeDir(state);
		}
	}
}

main().then(code => process.exit(code), err => {
	console.error(`test:host: ${err && err.stack ? err.stack : err}`);
	process.exit(1);
});
