/**
 * The ladder webview's security contract, read from the HTML the panel really sets and from the
 * media files it loads: a CSP with a nonce, no unsafe-inline / unsafe-eval, every script carrying
 * the nonce and loaded from a file, no inline style, and no eval-like call or HTML injection in the
 * script.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ladderHtml, makeNonce, savedLadderTarget } from '../../src/vscode/ladderHtml';
import { REPO } from './fixtures';

const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const SCRIPT = `${CSP_SOURCE}/ext/media/ladder.js`;
const STYLE = `${CSP_SOURCE}/ext/media/ladder.css`;

function cspOf(html: string): Map<string, string[]> {
	const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
	assert.ok(m, 'a CSP meta tag');
	const directives = new Map<string, string[]>();
	for (const d of (m[1] ?? '').split(';')) {
		const [name, ...values] = d.trim().split(/\s+/);
		if (name) {
			directives.set(name, values);
		}
	}
	return directives;
}

suite('ladder webview CSP', () => {
	const nonce = makeNonce();
	const html = ladderHtml(CSP_SOURCE, SCRIPT, STYLE, nonce, 'Ladder: 192.168.1.12.40080 ⇄ 203.0.113.10.80');

	test('the nonce is long and random', () => {
		assert.match(nonce, /^[A-Za-z0-9]{32}$/);
		assert.notStrictEqual(makeNonce(), nonce);
	});

	test('default-src none; scripts only by nonce; styles only from the webview resource origin; no unsafe-*', () => {
		const csp = cspOf(html);
		assert.deepStrictEqual(csp.get('default-src'), ["'none'"]);
		assert.deepStrictEqual(csp.get('script-src'), [`'nonce-${nonce}'`]);
		assert.deepStrictEqual(csp.get('style-src'), [CSP_SOURCE]);
		assert.ok(!/unsafe-inline|unsafe-eval|unsafe-hashes|\*/.test(html.match(/content="([^"]*)"/)?.[1] ?? ''), 'no unsafe-* and no wildcard');
		assert.ok(!/https?:\/\/(?!file\+\.vscode-resource)/.test([...csp.values()].flat().join(' ')), 'no network origin');
	});

	test('every script tag carries the nonce and is an external file; styles are external; no inline style or handler', () => {
		const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
		assert.strictEqual(scripts.length, 1);
		for (const s of scripts) {
			assert.ok(s[1]?.includes(`nonce="${nonce}"`), s[0]);
			assert.ok(s[1]?.includes(`src="${SCRIPT}"`), s[0]);
			assert.strictEqual(s[2]?.trim(), '', 'no inline script body');
		}
		assert.ok(!/<style\b/i.test(html), 'no <style> element');
		assert.ok(!/\sstyle=/i.test(html), 'no style attribute');
		assert.ok(!/\son[a-z]+=/i.test(html), 'no inline event handler');
		const links = [...html.matchAll(/<link\b[^>]*>/g)].map(m => m[0]);
		assert.deepStrictEqual(links, [`<link rel="stylesheet" href="${STYLE}" nonce="${nonce}">`]);
	});

	test('the title is escaped', () => {
		const h = ladderHtml(CSP_SOURCE, SCRIPT, STYLE, nonce, '<img src=x onerror=alert(1)>');
		assert.ok(h.includes('<title>&#60;img src=x onerror=alert(1)&#62;</title>'));
		assert.ok(!h.includes('<img'));
	});

	test('media/ladder.js: no eval, Function, innerHTML/outerHTML/insertAdjacentHTML or document.write; colours only from --vscode-* in the CSS', () => {
		const js = fs.readFileSync(path.join(REPO, 'media', 'ladder.js'), 'utf8');
		assert.ok(!/\beval\s*\(|new Function|innerHTML|outerHTML|insertAdjacentHTML|document\.write/.test(js));
		const css = fs.readFileSync(path.join(REPO, 'media', 'ladder.css'), 'utf8');
		// no literal colour in the stylesheet: every colour is a theme variable
		assert.ok(!/#[0-9a-fA-F]{3,8}\b|rgba?\(|hsla?\(/.test(css), 'a literal colour in ladder.css');
		// canvas colours: read from --vscode-* (the hex values are only fallbacks when a variable is missing)
		for (const m of js.matchAll(/css\('([^']+)'/g)) {
			assert.match(m[1] ?? '', /^--vscode-/);
		}
	});
});

suite('ladder panel state after a reload', () => {
	test('the serializer reads the document and connection the page saved, and nothing else', () => {
		// what media/ladder.js saves with vscode.setState once a ladder is shown
		const saved = { uri: 'file:///captures/retransmission.tcpdump', connection: 0, tab: 'tsg', scrollTop: 120, selected: 5, zoom: 2, textView: false, tsgDirection: 0, tsgView: null };
		assert.deepStrictEqual(savedLadderTarget(saved), { uri: 'file:///captures/retransmission.tcpdump', connection: 0 });
		assert.deepStrictEqual(savedLadderTarget({ uri: 'untitled:Untitled-1', connection: 3 }), { uri: 'untitled:Untitled-1', connection: 3 });
		for (const bad of [undefined, null, 'file:///a', 7, {}, { uri: 'file:///a' }, { connection: 0 }, { uri: 'file:///a', connection: -1 },
			{ uri: 'file:///a', connection: 1.5 }, { uri: 'file:///a', connection: '0' }, { uri: 42, connection: 0 }, { uri: 'no scheme', connection: 0 }]) {
			assert.strictEqual(savedLadderTarget(bad), undefined, JSON.stringify(bad));
		}
	});

	test('media/ladder.js saves the target with the view state, and restores scroll, zoom, tab and selection from getState', () => {
		const js = fs.readFileSync(path.join(REPO, 'media', 'ladder.js'), 'utf8');
		for (const field of ['uri', 'connection', 'tab', 'scrollTop', 'selected', 'zoom', 'textView', 'tsgDirection', 'tsgView']) {
			assert.match(js, new RegExp(`\\b${field}: [^\\n]*saved\\.${field}\\b`), `state.${field} read from getState`);
		}
		assert.match(js, /state\.uri = m\.target\.uri;/);
		assert.match(js, /vscode\.setState\(state\)/);
	});
});
