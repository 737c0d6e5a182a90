/**
 * The renderer against the real tcpdump, line for line. For every pcap/pcapng of tcpdump's own test
 * suite (../shared/corpus/tcpdump-tests, skipped when absent) and every fixture capture, in several
 * option sets, the real `TZ=UTC tcpdump -nn …` output is split into packets and compared with ours
 * for the packets we claim: TCP over IP over a supported link must be 100 % identical (up to
 * `length N` where tcpdump goes on with an application decoder we do not have). UDP/ICMP/ARP
 * summary lines are counted, not required. Renders are cached in os.tmpdir(): the first run spawns
 * tcpdump about 2,000 times, later runs none.
 *
 * Reverse check: the project's own parser reads our output with 0 unreadable lines.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText } from '../../src/core/store/capture';
import { parseTcpdumpOptions, renderCaptureFile, type RenderOptions } from '../../src/core/pcap/index';
import { CORPUS, FIXTURES } from './fixtures';
import { addTally, compareFile, emptyTally, tcpdumpVersion, type Tally } from './tcpdumpCompare';

/** Each set is run as given; sets without -# are also run with -# to split packets. */
export const OPTION_SETS: readonly (readonly string[])[] = [
	['-#'], ['-S'], ['-v', '-#'], ['-vv'], ['-e', '-#'], ['-X', '-#'], ['-x', '-e', '-S', '-tt'],
	['-q', '-ttttt', '-#'], ['-ttt', '-#'], ['-tttt', '-XX'], ['-A', '-#'], ['-AA', '-e', '-v'],
];

function captureFiles(): string[] {
	const files: string[] = [];
	if (fs.existsSync(CORPUS)) {
		for (const f of fs.readdirSync(CORPUS).sort()) {
			if (/\.pcap(ng)?$/.test(f)) {
				files.push(path.join(CORPUS, f));
			}
		}
	}
	if (fs.existsSync(FIXTURES)) {
		for (const c of fs.readdirSync(FIXTURES).sort()) {
			const f = path.join(FIXTURES, c, `${c}.pcap`);
			if (fs.existsSync(f)) {
				files.push(f);
			}
		}
	}
	return files;
}

const percent = (same: number, all: number) => all === 0 ? '   -  ' : `${(100 * same / all).toFixed(1).padStart(5)}%`;

suite('pcap renderer vs the real tcpdump', function () {
	this.timeout(15 * 60 * 1000);
	const version = tcpdumpVersion();
	const files = captureFiles();
	const results = new Map<string, Tally[]>();

	suiteSetup(function () {
		if (!version || files.length === 0) {
			this.skip();
		}
	});

	OPTION_SETS.forEach((set, index) => {
		test(`tcpdump -nn ${set.join(' ')}: every claimed TCP line identical`, () => {
			const total = emptyTally();
			const failures: string[] = [];
			for (const f of files) {
				const t = compareFile(f, set, version!);
				const row = results.get(f) ?? [];
				row[index] = t;
				results.set(f, row);
				addTally(total, t);
				if (t.tcpSame < t.tcpLines) {
					failures.push(`${path.basename(f)}: ${t.tcpSame}/${t.tcpLines}\n${t.samples.join('\n')}`);
				}
			}
			console.log(`      ${set.join(' ')}: TCP lines ${total.tcpSame}/${total.tcpLines} identical, UDP/ICMP/ARP lines ${total.otherSame}/${total.otherLines}, ${total.unclaimedPackets} packets not claimed`);
			assert.ok(total.tcpLines > 1000, `only ${total.tcpLines} TCP lines compared`);
			assert.deepStrictEqual(failures, []);
		});
	});

	suiteTeardown(() => {
		if (results.size === 0) {
			return;
		}
		// the per-file, per-option-set table: share of identical TCP lines (and of summary lines)
		console.log(`      identical TCP lines per file (option sets: ${OPTION_SETS.map((s, i) => `${i + 1}=${s.join(' ')}`).join('; ')})`);
		for (const [f, row] of results) {
			const cells = OPTION_SETS.map((_, i) => row[i] ? percent(row[i]!.tcpSame, row[i]!.tcpLines) : '   ?  ');
			const other = row.reduce((a, t) => t ? [a[0]! + t.otherSame, a[1]! + t.otherLines] : a, [0, 0]);
			console.log(`      ${path.basename(f).padEnd(48)} ${cells.join(' ')}  other ${percent(other[0]!, other[1]!)}`);
		}
	});
});

suite('pcap renderer: our own parser reads our output', () => {
	const files = captureFiles();
	const sets: string[][] = [['-nn'], ['-v'], ['-e', '-#'], ['-X', '-S'], ['-q'], ['-ttt', '-vv']];
	test('0 unreadable lines on every capture, in every option set', function () {
		if (files.length === 0) {
			this.skip();
		}
		const bad: string[] = [];
		let lines = 0;
		for (const f of files) {
			const bytes = fs.readFileSync(f);
			for (const s of sets) {
				const o = parseTcpdumpOptions(s) as RenderOptions;
				const { text } = renderCaptureFile(bytes, o);
				const a = analyzeText(text);
				lines += a.lineCount;
				if (a.counts.unreadableLines > 0) {
					bad.push(`${path.basename(f)} ${s.join(' ')}: ${a.unreadable.slice(0, 2).map(u => `${u.line + 1} ${u.reason}`).join('; ')}`);
				}
			}
		}
		assert.ok(lines > 10000, `${lines} lines`);
		assert.deepStrictEqual(bad, []);
	});
});
