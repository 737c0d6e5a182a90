/**
 * The reader over every `.out` file of tcpdump's own test suite (BSD-licensed, next to the
 * repository at ../shared/corpus/tcpdump-tests; the suite is skipped when it is absent): no exception,
 * no TCP line it cannot read, and per file the same number of TCP packets as the reference header
 * regex of design/tcpdump-text-format.md §14 finds on the joined lines.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText, type CaptureAnalysis } from '../../src/core/store/capture';
import { CORPUS } from './fixtures';

/** tcpdump-text-format.md §14, verbatim. */
const REFERENCE = new RegExp(String.raw`^(?:\s*(?<num>\d+)\s{2})?(?:caplen \d+ len \d+ )?(?<ts>(?:\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}:\d{2}\.\d{6,9}|\d{9,}\.\d{6,9}|[ -]\d{2}:\d{2}:\d{2}\.\d{6,9})?\s*(?:(?<ifname>\S+)\s+(?<dir>In|Out|B|M|P)\s+)?(?<pre>.*)(?<src>[^\s,]+)\.(?<sport>[^\s.]+) > (?<dst>[^\s,]+)\.(?<dport>[^\s.:]+):\s(?<rest>(?:Flags \[|tcp \d|[SFRPWE.]+ |\s\[\|tcp\]).*)$`);

/** §14: a line ending in `IP (…)` joins the next line if that one starts with exactly four spaces. */
function joinedLines(text: string): string[] {
	const lines = text.split('\n');
	const out: string[] = [];
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i] ?? '';
		const next = lines[i + 1];
		if (/IP6? \(.*\)$/.test(line) && next !== undefined && next.startsWith('    ') && next.charAt(4) !== ' ') {
			out.push(line + ' ' + next.slice(4));
			i++;
		} else {
			out.push(line);
		}
	}
	return out;
}

function referenceCount(text: string): number {
	return joinedLines(text).filter(l => REFERENCE.test(l)).length;
}

suite('corpus: tcpdump test-suite outputs', () => {
	const present = fs.existsSync(CORPUS);
	const files = present ? fs.readdirSync(CORPUS).filter(f => f.endsWith('.out')).sort() : [];
	const results = new Map<string, { a: CaptureAnalysis; reference: number }>();

	suiteSetup(function () {
		if (!present) {
			this.skip();
		}
	});

	test('reads every .out file without an exception or an unreadable TCP line', () => {
		assert.ok(files.length > 100, `${files.length} files`);
		const failures: string[] = [];
		for (const f of files) {
			const text = fs.readFileSync(path.join(CORPUS, f), 'utf8');
			let a: CaptureAnalysis;
			try {
				a = analyzeText(text);
			} catch (e) {
				failures.push(`${f}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
				continue;
			}
			results.set(f, { a, reference: referenceCount(text) });
			const lines = text.split('\n');
			for (const u of a.unreadable) {
				failures.push(`${f}:${u.line + 1}: ${u.reason}: ${lines[u.line]}`);
			}
		}
		let packets = 0, tcp = 0, unreadable = 0, reference = 0;
		for (const { a, reference: r } of results.values()) {
			packets += a.counts.packets;
			tcp += a.counts.tcpPackets;
			unreadable += a.counts.unreadableLines;
			reference += r;
		}
		console.log(`      corpus: ${files.length} files, ${packets} packets, ${tcp} TCP packets, ${unreadable} unreadable; reference regex: ${reference} TCP lines`);
		assert.deepStrictEqual(failures, []);
	});

	test('per file, as many TCP packets as the §14 reference regex finds', () => {
		assert.ok(results.size > 0);
		const diffs: string[] = [];
		let reference = 0;
		for (const [f, { a, reference: r }] of results) {
			reference += r;
			if (a.counts.tcpPackets !== r) {
				diffs.push(`${f}: ours ${a.counts.tcpPackets}, reference ${r}`);
			}
		}
		assert.deepStrictEqual(diffs, []);
		// the lead measured 2440 reference lines on this corpus (tcpdump-text-format.md §14)
		assert.strictEqual(reference, 2440);
	});

	test('every parsed TCP span lies inside its line', () => {
		const bad: string[] = [];
		for (const [f, { a }] of results) {
			const text = fs.readFileSync(path.join(CORPUS, f), 'utf8');
			const lines = text.split('\n');
			for (const p of a.packets) {
				const t = p.tcp;
				if (!t) {
					continue;
				}
				const line = lines[t.line] ?? '';
				for (const s of [t.src.span, t.dst.span, t.flags?.span, t.seq?.span, t.ack?.span, t.win?.span, t.lengthSpan, t.optionsSpan, ...t.options.map(o => o.span)]) {
					if (s && (s.line !== t.line || s.start < 0 || s.end > line.length || s.end < s.start)) {
						bad.push(`${f}:${t.line + 1}: span ${s.start}-${s.end}`);
					}
				}
				if (t.ack && !/^\d+$/.test(line.slice(t.ack.span.start, t.ack.span.end))) {
					bad.push(`${f}:${t.line + 1}: ack span ${line.slice(t.ack.span.start, t.ack.span.end)}`);
				}
			}
		}
		assert.deepStrictEqual(bad, []);
	});
});
