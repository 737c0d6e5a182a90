// Builds three bundles from one core: the Node extension, the web extension and the CLI.
// The CLI is bundled WITHOUT `vscode` as external: if any `vscode` import became reachable from
// src/core, this build fails ("Could not resolve 'vscode'").
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').Plugin} */
const problemMatcher = {
	name: 'esbuild-problem-matcher',
	setup(build) {
		build.onStart(() => { if (watch) { console.log('[watch] build started'); } });
		build.onEnd(result => {
			for (const { text, location } of result.errors) {
				console.error(`✘ [ERROR] ${text}`);
				if (location) { console.error(`    ${location.file}:${location.line}:${location.column}:`); }
			}
			if (watch) { console.log('[watch] build finished'); }
		});
	},
};

const shared = {
	bundle: true,
	minify: production,
	sourcemap: !production,
	sourcesContent: false,
	logLevel: 'silent',
	plugins: [problemMatcher],
};

async function main() {
	const contexts = await Promise.all([
		esbuild.context({ ...shared, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', format: 'cjs', platform: 'node', external: ['vscode'] }),
		esbuild.context({ ...shared, entryPoints: ['src/extension.ts'], outfile: 'dist/web/extension.js', format: 'cjs', platform: 'browser', external: ['vscode'] }),
		esbuild.context({ ...shared, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', format: 'cjs', platform: 'node', banner: { js: '#!/usr/bin/env node' } }),
	]);
	if (watch) {
		await Promise.all(contexts.map(c => c.watch()));
		return;
	}
	const results = await Promise.allSettled(contexts.map(c => c.rebuild()));
	await Promise.all(contexts.map(c => c.dispose()));
	const failed = results.filter(r => r.status === 'rejected');
	if (failed.length > 0) {
		process.exitCode = 1;
	}
}

main().catch(e => {
	console.error(e);
	process.exit(1);
});
