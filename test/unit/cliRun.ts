/** Runs the built CLI (`dist/cli.js`, rebuilt when older than the sources) as a user does. */
import * as assert from 'assert';
import { spawnSync, type SpawnSyncOptions, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { REPO } from './fixtures';

export const CLI = path.join(REPO, 'dist', 'cli.js');

function newestSource(dir: string): number {
	let newest = 0;
	for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, e.name);
		newest = Math.max(newest, e.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
	}
	return newest;
}

export function ensureBuilt(): void {
	if (!fs.existsSync(CLI) || fs.statSync(CLI).mtimeMs < newestSource(path.join(REPO, 'src'))) {
		const built = spawnSync(process.execPath, ['esbuild.js'], { cwd: REPO, encoding: 'utf8' });
		assert.strictEqual(built.status, 0, built.stderr);
	}
}

export function runCli(args: string[], input?: string | Buffer, options: SpawnSyncOptions = {}): SpawnSyncReturns<string> {
	return spawnSync(process.execPath, [CLI, ...args], { cwd: REPO, input, encoding: 'utf8', timeout: 60000, maxBuffer: 1 << 28, ...options }) as SpawnSyncReturns<string>;
}
