/**
 * Agreement with tshark: for every fixture (test/fixtures/<case>/, real tcpdump 4.99.3 renders of
 * one capture and `tshark -2` 4.0.17's per-frame `tcp.analysis.*` fields in tshark.json) and every
 * text format, the comparison layer's predicted fields are scored against tshark's, frame by frame
 * (frame n = the n-th packet of the text). Precision and recall per field over all fixtures are
 * printed; a field the text can decide must reach 0.95 on both. Cases the text cannot decide are
 * excluded and listed: what the comparison layer marks undecidable (timing with -t, window scale
 * unknown, pure-ACK seq) and tshark's 0-byte keep-alives (and their ACKs) in texts without -vv.
 * Where tcpdump Lens differs from tshark on purpose, DELIBERATE says where and why (README,
 * "Checked against tshark"); those frames are listed, not scored.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { tsharkView } from '../../src/core/analyse/tsharkCompare';
import { deliberateReason, fmtRatio as fmt, newScoreBoard, scoreFrames, scoreRows, scoreTable } from './agreementScore';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures');
const FORMATS = ['nnS', 'nn', 'tttt', 'tt', 'ttt', 't', 'v', 'vv', 'e', 'X', 'num'];
const THRESHOLD = 0.95;

interface TsharkFrame {
	frame: number;
	stream: number | null;
	tcp: boolean;
	len: number | null;
	flags: string[];
}
interface TsharkJson {
	case: string;
	frames: TsharkFrame[];
	streams: Record<string, { completeness: number | null; irtt: number | null }>;
}

const RETRANSMITTED = ['tcp.analysis.retransmission', 'tcp.analysis.fast_retransmission', 'tcp.analysis.spurious_retransmission'];

function cases(): string[] {
	if (!fs.existsSync(FIXTURES)) {
		return [];
	}
	return fs.readdirSync(FIXTURES)
		.filter((c) => fs.existsSync(path.join(FIXTURES, c, 'tshark.json')))
		.sort();
}

function load(c: string): TsharkJson {
	return JSON.parse(fs.readFileSync(path.join(FIXTURES, c, 'tshark.json'), 'utf8')) as TsharkJson;
}

const board = newScoreBoard();
const { mismatches, exclusions, deliberate } = board;

suite('tshark agreement', () => {
	const all = cases();

	test('fixtures are present', function () {
		if (all.length === 0) {
			this.skip();
		}
		assert.ok(all.length > 0);
	});

	for (const c of all) {
		for (const format of FORMATS) {
			const file = path.join(FIXTURES, c, `${format}.txt`);
			if (!fs.existsSync(file)) {
				continue;
			}
			test(`${c}/${format}.txt: packets line up with tshark's frames`, () => {
				const truth = load(c);
				const view = tsharkView(fs.readFileSync(file, 'utf8'));
				assert.strictEqual(view.frames.length, truth.frames.length, 'one packet per tshark frame');
				scoreFrames(board, `${c}/${format}`, view, truth.frames.map((t, i) => [t, i] as const));
			});
		}

		test(`${c}: conversation completeness equals tshark's tcp.completeness, per stream`, () => {
			const truth = load(c);
			for (const format of FORMATS) {
				const file = path.join(FIXTURES, c, `${format}.txt`);
				if (!fs.existsSync(file)) {
					continue;
				}
				const view = tsharkView(fs.readFileSync(file, 'utf8'));
				const ours = view.analysis.connections.map((k) => view.analysis.statsFor(k.index)?.completenessValue ?? null);
				const theirs = Object.keys(truth.streams).sort((x, y) => Number(x) - Number(y)).map((k) => truth.streams[k]?.completeness ?? null);
				assert.deepStrictEqual(ours, theirs, `${format}.txt`);
			}
		});

		// only captures where tshark flags nothing (TFO notes and the wscale-above-14 note aside) are
		// clean; that note must then be our tcp.window-scale-invalid, on the same frames
		const WSCALE_INVALID = 'tcp.options.wscale.shift.invalid';
		const clean = load(c).frames.every((t) => t.flags.every((f) => f.startsWith('tcp.analysis.tfo') || f === WSCALE_INVALID));
		if (clean) {
			test(`${c}: a clean capture gives no tcp.* finding in any format`, () => {
				const truth = load(c);
				const wantInvalid = truth.frames.filter((t) => t.flags.includes(WSCALE_INVALID)).map((t) => t.frame);
				for (const format of FORMATS) {
					const file = path.join(FIXTURES, c, `${format}.txt`);
					if (!fs.existsSync(file)) {
						continue;
					}
					const view = tsharkView(fs.readFileSync(file, 'utf8'));
					const invalid = view.analysis.findings.filter((f) => f.code === 'tcp.window-scale-invalid').map((f) => f.packet + 1);
					assert.deepStrictEqual(invalid, wantInvalid, `${format}.txt: tcp.window-scale-invalid where tshark says "Window scale shift exceeds 14"`);
					const tcpFindings = view.analysis.findings.filter((f) => f.code.startsWith('tcp.') && f.code !== 'tcp.window-scale-invalid');
					assert.deepStrictEqual(tcpFindings.map((f) => `${format}.txt line ${f.span.line + 1}: ${f.code}: ${f.message}`), []);
				}
			});
		}

		test(`${c}: retransmittedBytes = tcp.len summed over tshark's retransmission frames, every format`, () => {
			const truth = load(c);
			for (const format of FORMATS) {
				const file = path.join(FIXTURES, c, `${format}.txt`);
				if (!fs.existsSync(file)) {
					continue;
				}
				const view = tsharkView(fs.readFileSync(file, 'utf8'));
				let theirs = 0;
				let undecided = 0;
				truth.frames.forEach((t, i) => {
					const ours = view.frames[i]!;
					if (ours.undecidable.includes('tcp.analysis.retransmission')) {
						// -t: retransmission or out-of-order cannot be told apart; we count it, tshark may not
						undecided += t.len ?? 0;
						return;
					}
					if (deliberateReason(view, i) === undefined && t.flags.some((f) => RETRANSMITTED.includes(f))) {
						theirs += t.len ?? 0;
					}
				});
				const stats = view.analysis.connections.map((k) => view.analysis.statsFor(k.index));
				const ours = stats.reduce((sum, s) => sum + (s?.retransmittedBytes ?? 0), 0);
				const perDirection = stats.reduce((sum, s) => sum + (s ? s.directions[0].retransmittedBytes + s.directions[1].retransmittedBytes : 0), 0);
				assert.strictEqual(ours - undecided, theirs, `${format}.txt: retransmittedBytes ${ours} (${undecided} undecidable), tshark ${theirs}`);
				assert.strictEqual(perDirection, ours, `${format}.txt: the two directions add up`);
			}
		});
	}

	suiteTeardown(function () {
		if (all.length === 0) {
			return;
		}
		const rows = scoreRows(board);
		const lines = [
			'',
			'  tshark agreement over all fixtures and formats',
			...scoreTable(rows),
		];
		const uniqueExcl = [...new Set(exclusions)];
		lines.push('', `  excluded as undecidable from the text (${uniqueExcl.length}):`, ...uniqueExcl.slice(0, 60).map((e) => `    ${e}`));
		if (uniqueExcl.length > 60) {
			lines.push(`    … and ${uniqueExcl.length - 60} more`);
		}
		const uniqueDeliberate = [...new Set(deliberate)];
		lines.push('', `  different from tshark on purpose, not scored (${uniqueDeliberate.length}):`, ...uniqueDeliberate.slice(0, 30).map((e) => `    ${e}`));
		if (uniqueDeliberate.length > 30) {
			lines.push(`    … and ${uniqueDeliberate.length - 30} more`);
		}
		if (mismatches.length > 0) {
			lines.push('', `  disagreements (${mismatches.length}):`, ...mismatches.slice(0, 80).map((m) => `    ${m}`));
		}
		console.log(lines.join('\n'));
		const failing = rows.filter((r) => (r.p !== undefined && r.p < THRESHOLD) || (r.r !== undefined && r.r < THRESHOLD));
		assert.deepStrictEqual(failing.map((r) => `${r.field}: precision ${fmt(r.p)}, recall ${fmt(r.r)}`), [],
			'fields below 0.95 (see the table above)');
	});
});
