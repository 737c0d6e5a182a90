#!/usr/bin/env node
// `npm start`: builds the extension, then opens samples/ in a VS Code with tcpdump Lens loaded from
// this folder (as a development extension):
//   * a desktop `code` on PATH:  code --extensionDevelopmentPath=<repo> <repo>/samples
//   * otherwise: the offline code-server from the harness cache (installed on first use, ~3 min),
//     bound to 127.0.0.1; prints the URL to open and runs until Ctrl-C.
// Environment: PORT (default: a free port), VSCODE_HARNESS_DIR (cache), TCPDUMP_LENS_NO_DESKTOP=1
// (use code-server even when `code` is on PATH).
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync, execFileSync } = require('child_process');
const h = require('./lib/harness');

const repo = h.REPO_ROOT;
const samples = path.join(repo, 'samples');

function onPath(cmd) {
	try {
		return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
	} catch {
		return undefined;
	}
}

async function main() {
	const build = spawnSync(process.execPath, [path.join(repo, 'esbuild.js')], { cwd: repo, stdio: 'inherit' });
	if (build.status !== 0) {
		console.error('start: node esbuild.js failed');
		return 1;
	}

	const code = process.env.TCPDUMP_LENS_NO_DESKTOP === '1' ? undefined : onPath('code');
	if (code) {
		console.log(`start: ${code} --extensionDevelopmentPath=${repo} ${samples}`);
		const r = spawnSync(code, [`--extensionDevelopmentPath=${repo}`, samples], { stdio: 'inherit' });
		return r.status ?? 1;
	}

	h.ensureInstalled({ autoInstall: true });
	const state = h.makeStateDir('tcpdump-lens-start-');
	const port = process.env.PORT ? Number(process.env.PORT) : undefined;
	let server;
	let stopping = false;
	const stop = async sig => {
		if (stopping) {
			return;
		}
		stopping = true;
		console.log(`\nstart: ${sig || 'stopping'}: stopping code-server`);
		if (server) {
			await server.stop();
		}
		h.removeDir(state);
		process.exit(0);
	};
	process.on('SIGINT', () => void stop('SIGINT'));
	process.on('SIGTERM', () => void stop('SIGTERM'));

	server = await h.startServer({ state, port });
	const folder = fs.existsSync(samples) ? samples : repo;
	const url = h.workbenchUrl({ port: server.port, folder, extensionDir: repo });
	console.log('');
	console.log('tcpdump Lens is loaded as a development extension in code-server (VS Code in the browser).');
	console.log(`Open this URL in a browser on this machine (bound to 127.0.0.1 only; over SSH: ssh -L ${server.port}:127.0.0.1:${server.port}):`);
	console.log('');
	console.log(`  ${url}`);
	console.log('');
	console.log(`Server log: ${server.logFile}. After a rebuild (node esbuild.js), reload the page. Ctrl-C to stop.`);
	server.proc.on('exit', codeOrSignal => {
		if (!stopping) {
			console.error(`start: code-server exited (${codeOrSignal}); log tail:\n${h.tail(server.logFile, 20)}`);
			h.removeDir(state);
			process.exit(1);
		}
	});
	return new Promise(() => { /* run until a signal */ });
}

main().then(code => process.exit(code), err => {
	console.error(`start: ${err && err.stack ? err.stack : err}`);
	process.exit(1);
});
