/**
 * `npm run test:integration`: the same integration suite in desktop VS Code through
 * @vscode/test-electron, for machines that can download VS Code. It runs twice, on the
 * `engines.vscode` floor and on stable (rust-analyzer's pattern). Machines without that download
 * (this project's CI) run the suite in the offline code-server host instead: `npm run test:host`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
	const root = path.resolve(__dirname, '../../..');
	const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { vscode: string } };
	const floor = manifest.engines.vscode.replace(/^\^/, '');
	for (const version of [floor, 'stable']) {
		const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpdump-lens-ud-'));
		const extensions = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpdump-lens-ext-'));
		try {
			console.log(`test:integration: VS Code ${version}`);
			await runTests({
				version,
				extensionDevelopmentPath: root,
				extensionTestsPath: path.resolve(__dirname, 'index'),
				launchArgs: [path.join(root, 'samples'), '--disable-extensions', `--user-data-dir=${userData}`, `--extensions-dir=${extensions}`],
			});
		} finally {
			fs.rmSync(userData, { recursive: true, force: true });
			fs.rmSync(extensions, { recursive: true, force: true });
		}
	}
}

main().catch(e => {
	console.error(`test:integration: ${e instanceof Error ? e.message : String(e)}`);
	process.exit(1);
});
