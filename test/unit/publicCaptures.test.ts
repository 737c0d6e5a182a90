/**
 * Agreement on real captures nobody here wrote (../shared/corpus/public-captures, see its
 * SOURCES.tsv): each rendered by the real tcpdump in 7 formats and judged against `tshark -2`.
 * Prints, per finding code, precision/recall/F1, and per format the TCP lines read vs shown, the
 * connections grouped as tshark's streams, and the handshakes (completeness, iRTT) that agree.
 * Fails on a crash, on a TCP line read by nobody and counted by nobody, on an unreadable TCP line,
 * when fewer than 99.5 % of tshark's streams are grouped the same, and when a code the text decides
 * drops below F1 0.95. Skips when the folder, tcpdump or tshark is absent.
 */
import * as assert from 'assert';
import { fmtRatio, scoreRows } from './agreementScore';
import { publicCaptures, report, runPublic, streamShare, toolsPresent, type PublicRun } from './publicCaptures';

const F1_THRESHOLD = 0.95;
const STREAM_THRESHOLD = 0.995;

suite('public captures: agreement with tshark', function () {
	this.timeout(300000);
	let run: PublicRun | undefined;

	suiteSetup(function () {
		if (publicCaptures().length === 0 || !toolsPresent()) {
			this.skip();
		}
		run = runPublic();
		console.log(report(run, false).join('\n'));
	});

	test('no capture crashes the reader', () => {
		assert.deepStrictEqual(run!.crashes, []);
	});

	test('every TCP line is read: none unreadable, none dropped, in every format', () => {
		const bad = run!.results.flatMap(r => [
			...r.tcpLinesDropped.map(l => `${r.capture}/${r.format} line ${l}: dropped`),
			...(r.tcpLinesUnreadable > 0 ? [`${r.capture}/${r.format}: ${r.tcpLinesUnreadable} unreadable`] : []),
		]);
		assert.deepStrictEqual(bad.slice(0, 30), [], `${bad.length} TCP lines not read`);
	});

	test('connections are grouped as tshark\'s streams (≥ 99.5 % per format)', () => {
		const low = [...run!.totals.entries()].filter(([, t]) => streamShare(t) < STREAM_THRESHOLD)
			.map(([f, t]) => `${f}: ${(100 * streamShare(t)).toFixed(2)} % of ${t.streams - t.splitOnPurpose}`);
		assert.deepStrictEqual(low, []);
	});

	test('every code the text decides reaches F1 0.95', () => {
		const low = scoreRows(run!.board).filter(r => r.f1 !== undefined && r.f1 < F1_THRESHOLD)
			.map(r => `${r.field}: precision ${fmtRatio(r.p)}, recall ${fmtRatio(r.r)}, F1 ${fmtRatio(r.f1)}`);
		assert.deepStrictEqual(low, []);
	});
});
