/**
 * Local time stamps (`tcpdump.pcap.timeZone: local`): tcpdump prints localtime(); our renderer
 * takes the zone as an offset function. The real tcpdump runs with TZ set to zones with a DST
 * change inside the capture (New York, Lord Howe's half-hour DST) and a fractional offset
 * (Kolkata), and our text with `localUtcOffset` under the same TZ must be identical.
 */
import * as assert from 'assert';
import * as childProcess from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { localUtcOffset, parseTcpdumpOptions, readCaptureFile, renderCaptureFile, type CaptureRecord, type RenderOptions } from '../../src/core/pcap/index';
import { FIXTURES } from './fixtures';
import { writePcap } from './pcapWriter';
import { tcpdumpVersion } from './tcpdumpCompare';

/** The three packets of a fixture, moved around each zone's 2024 DST changes (UTC instants). */
const INSTANTS = [
	Date.UTC(2024, 2, 10, 6, 59, 59), Date.UTC(2024, 2, 10, 7, 0, 1), // New York: 02:00 EST → 03:00 EDT
	Date.UTC(2024, 3, 6, 14, 59, 59), Date.UTC(2024, 3, 6, 15, 0, 1), // Lord Howe: 02:00 +11 → 01:30 +10:30
	Date.UTC(2024, 10, 3, 5, 59, 59), Date.UTC(2024, 10, 3, 6, 0, 1), // New York: 02:00 EDT → 01:00 EST
].map(ms => ms / 1000);

const ZONES = ['America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC'];

function shiftedCapture(): Uint8Array {
	const bytes = fs.readFileSync(path.join(FIXTURES, 'synack-wrong-ack', 'synack-wrong-ack.pcap'));
	const { records } = readCaptureFile(bytes);
	const moved: CaptureRecord[] = INSTANTS.map((seconds, i) => ({ ...records[i % records.length]!, seconds, micros: 1000 * i + 7, nanos: (1000 * i + 7) * 1000 }));
	return writePcap(moved, records[0]!.linkType, 'le', false);
}

suite('pcap renderer: local time stamps as tcpdump prints them', () => {
	const version = tcpdumpVersion();
	const savedTz = process.env.TZ;
	let file = '';

	suiteSetup(function () {
		if (!version) {
			this.skip();
		}
		file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tcpdump-lens-tz-')), 'dst.pcap');
		fs.writeFileSync(file, shiftedCapture());
	});

	suiteTeardown(() => {
		if (savedTz === undefined) {
			delete process.env.TZ;
		} else {
			process.env.TZ = savedTz;
		}
		if (file) {
			fs.rmSync(path.dirname(file), { recursive: true, force: true });
		}
	});

	for (const zone of ZONES) {
		for (const set of [[], ['-tttt'], ['-ttt'], ['-tt']]) {
			test(`TZ=${zone} tcpdump -nn ${set.join(' ')}`, () => {
				const theirs = childProcess.spawnSync('tcpdump', ['-nn', ...set, '-r', file], { env: { ...process.env, TZ: zone }, encoding: 'utf8' }).stdout;
				// Node re-reads TZ when it is assigned: localUtcOffset now answers for this zone
				process.env.TZ = zone;
				const options = { ...parseTcpdumpOptions(set) as RenderOptions, utcOffset: localUtcOffset };
				const ours = renderCaptureFile(fs.readFileSync(file), options).text;
				assert.strictEqual(theirs.split('\n').length, INSTANTS.length + 1);
				assert.strictEqual(ours, theirs);
			});
		}
	}

	test('without an offset the clock is UTC whatever the machine\'s zone', () => {
		process.env.TZ = 'America/New_York';
		const ours = renderCaptureFile(shiftedCapture(), parseTcpdumpOptions(['-tttt']) as RenderOptions).text.split('\n');
		// 2024-03-10 06:59:59 UTC, checked by hand against the instants above
		assert.ok(ours[0]!.startsWith('2024-03-10 06:59:59.000007 IP '), ours[0]);
		assert.ok(ours[1]!.startsWith('2024-03-10 07:00:01.001007 IP '), ours[1]);
	});

	test('New York local: the DST jump shows as tcpdump shows it (01:59:59 EST, then 03:00:01 EDT)', () => {
		process.env.TZ = 'America/New_York';
		const ours = renderCaptureFile(shiftedCapture(), { ...parseTcpdumpOptions([]) as RenderOptions, utcOffset: localUtcOffset }).text.split('\n');
		assert.ok(ours[0]!.startsWith('01:59:59.000007 IP '), ours[0]);
		assert.ok(ours[1]!.startsWith('03:00:01.001007 IP '), ours[1]);
	});
});
