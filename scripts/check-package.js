// `npm run test:package`: builds the .vsix the way `npm run package` does, into a temporary folder,
// and checks what a user would install: only the allow-list of .vscodeignore, and under 1 MB.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.resolve(__dirname, '..');
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const allowed = new Set([
	'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'LICENSE.txt', 'language-configuration.json',
	'syntaxes/tcpdump.tmLanguage.json', 'dist/extension.js', 'dist/web/extension.js', 'dist/cli.js',
	'images/icon.png', 'images/connections.svg', 'media/ladder.js', 'media/ladder.css',
]);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpdump-lens-vsix-'));
let failures = 0;
try {
	execFileSync(process.execPath, [path.join(root, 'esbuild.js'), '--production'], { cwd: root, stdio: 'inherit' });
	const listed = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
		.split('\n').map(s => s.trim()).filter(Boolean);
	const vsix = path.join(dir, 'tcpdump-lens.vsix');
	execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '-o', vsix], { cwd: root, stdio: 'pipe' });
	const size = fs.statSync(vsix).size;
	const extra = listed.filter(f => !allowed.has(f));
	const missing = ['package.json', 'README.md', 'dist/extension.js', 'dist/web/extension.js', 'syntaxes/tcpdump.tmLanguage.json', 'language-configuration.json', 'media/ladder.js', 'media/ladder.css']
		.filter(f => !listed.includes(f));
	console.log(`package: ${listed.length} files, ${(size / 1024).toFixed(1)} KB: ${listed.join(', ')}`);
	if (extra.length > 0) {
		console.log(`package: not on the allow-list: ${extra.join(', ')}`);
		failures++;
	}
	if (missing.length > 0) {
		console.log(`package: missing: ${missing.join(', ')}`);
		failures++;
	}
	if (size >= 1024 * 1024) {
		console.log(`package: ${size} bytes, over 1 MB`);
		failures++;
	}
} finally {
	fs.rmSync(dir, { recursive: true, force: true });
	// leave a development build behind (source maps), as `node esbuild.js` does
	execFileSync(process.execPath, [path.join(root, 'esbuild.js')], { cwd: root, stdio: 'inherit' });
}
console.log(failures === 0 ? 'package: allow-list and size check ok' : `package: ${failures} check(s) failed`);
process.exitCode = failures === 0 ? 0 : 1;
