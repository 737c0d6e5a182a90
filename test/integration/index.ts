// Entry of the integration suite, shared by both runners (the @vscode/test-electron contract):
// the extension host `require`s this module and awaits `run()`.
//   offline: scripts/run-host-tests.js (code-server + chromium), `npm run test:host`
//   online:  @vscode/test-electron's runTests({ extensionTestsPath: <this file without .js> })
// Adds every `*.test.js` next to this file, prints a plain closing line `N passed, M failed`, and
// writes a JSON summary to $TCPDUMP_LENS_TEST_SUMMARY when set (the extension host inherits the
// server's environment).
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
	const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 20000, reporter: 'spec' });
	const files = fs.readdirSync(__dirname).filter(f => f.endsWith('.test.js')).sort();
	for (const f of files) {
		mocha.addFile(path.join(__dirname, f));
	}
	return new Promise((resolve, reject) => {
		try {
			const runner = mocha.run(failures => {
				const passed = runner.stats?.passes ?? 0;
				const failed = runner.stats?.failures ?? failures;
				const summaryPath = process.env['TCPDUMP_LENS_TEST_SUMMARY'];
				if (summaryPath) {
					try {
						fs.writeFileSync(summaryPath, JSON.stringify({ passed, failed, files }));
					} catch {
						// the summary is optional
					}
				}
				console.log(`${passed} passed, ${failed} failed`);
				if (failures > 0 || files.length === 0) {
					reject(new Error(files.length === 0 ? 'no *.test.js files found' : `${failures} test(s) failed`));
				} else {
					resolve();
				}
			});
		} catch (err) {
			console.error(err);
			reject(err instanceof Error ? err : new Error(String(err)));
		}
	});
}
