/** Every contributed setting is read through src/vscode/config.ts, with the manifest's default. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO } from './fixtures';

suite('config', () => {
	const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
		contributes: { configuration: { properties: Record<string, { default: unknown }> } };
	};
	const source = fs.readFileSync(path.join(REPO, 'src', 'vscode', 'config.ts'), 'utf8');

	test('config.ts reads every tcpdump.* setting with the manifest default', () => {
		for (const [key, schema] of Object.entries(manifest.contributes.configuration.properties)) {
			const name = key.replace(/^tcpdump\./, '');
			const inlay = /^inlayHints\.(\w+)$/.exec(name);
			if (inlay) {
				assert.ok(source.includes(`'${inlay[1]}'`), `${key} is an INLAY_HINT_KINDS entry`);
				assert.strictEqual(schema.default, false, key);
				assert.ok(source.includes('c.get<boolean>(`inlayHints.${k}`, false)'), 'inlay hints default false');
				continue;
			}
			const read = new RegExp(`c\\.get<.*?>\\('${name.replace('.', '\\.')}', ([^)]+)\\)`).exec(source);
			assert.ok(read, `${key} is read in config.ts`);
			assert.deepStrictEqual(JSON.parse(read[1]!.replace(/'/g, '"')), schema.default, `${key} default`);
		}
	});

	test('no adapter reads the configuration itself', () => {
		const dir = path.join(REPO, 'src', 'vscode');
		for (const f of fs.readdirSync(dir).filter(f => f.endsWith('.ts') && f !== 'config.ts')) {
			assert.ok(!fs.readFileSync(path.join(dir, f), 'utf8').includes('getConfiguration('), `${f} calls getConfiguration`);
		}
	});
});
