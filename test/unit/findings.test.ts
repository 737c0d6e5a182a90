/**
 * The finding codes are a public interface (settings, CLI JSON, README links from diagnostics):
 * the typed table in src/core/explain/findings.ts, the design document's vocabulary, the settings
 * schema in package.json and the README must say the same thing.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FINDINGS, FINDING_CODES } from '../../src/core/explain/findings';

const root = path.resolve(__dirname, '../../..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
	contributes: { configuration: { properties: Record<string, { properties?: Record<string, { enum?: string[]; default?: string }> }> } };
};
const designDoc = path.join(root, '..', 'shared', 'design', 'tcp-analysis.md');

/** `| \`code\` | severity | …` rows of a markdown table. */
function tableRows(text: string): Map<string, string> {
	const rows = new Map<string, string>();
	for (const m of text.matchAll(/^\| \[?`([a-z]+\.[a-z-]+)`(?:\]\([^)]*\))? \| (error|warning|information|hint) \|/gm)) {
		rows.set(m[1] ?? '', m[2] ?? '');
	}
	return rows;
}

suite('finding codes', () => {
	test('the README lists every code with its default severity, and a section for each', () => {
		const rows = tableRows(readme);
		for (const code of FINDING_CODES) {
			assert.strictEqual(rows.get(code), FINDINGS[code].severity, `README table row for ${code}`);
			assert.ok(readme.includes(`### \`${code}\``), `README section for ${code} (diagnostics link to it)`);
		}
		assert.strictEqual(rows.size, FINDING_CODES.length, 'no code in the README that the table does not know');
	});

	test('the design document\'s vocabulary (§8) matches the table', function () {
		if (!fs.existsSync(designDoc)) {
			this.skip();
		}
		const section = fs.readFileSync(designDoc, 'utf8').split('## 8. Finding-code vocabulary')[1] ?? '';
		const rows = tableRows(section);
		// codes added after the design document was last revised: each must still be missing there
		// (once the document has its row, drop it here and the row is checked like the others)
		const notYetInDesignDoc = ['tcp.window-shrunk', 'tcp.window-scale-invalid', 'capture.duplicate-packet', 'capture.truncated-ip'].filter((c) => !rows.has(c));
		assert.deepStrictEqual([...rows.keys(), ...notYetInDesignDoc].sort(), [...FINDING_CODES].sort());
		for (const code of rows.keys()) {
			assert.strictEqual(rows.get(code), FINDINGS[code as keyof typeof FINDINGS].severity, code);
		}
	});

	test('the severity setting offers every code, with off', () => {
		const props = manifest.contributes.configuration.properties['tcpdump.diagnostics.severity']?.properties ?? {};
		for (const code of FINDING_CODES) {
			const p = props[code];
			assert.ok(p, `tcpdump.diagnostics.severity has ${code}`);
			assert.ok(p.enum?.includes('off') && p.enum.includes('error'), `${code} can be turned off or up`);
		}
	});

	test('the README documents every setting', () => {
		for (const key of Object.keys(manifest.contributes.configuration.properties)) {
			assert.ok(readme.includes(`\`${key}\``), `README mentions ${key}`);
		}
	});
});
