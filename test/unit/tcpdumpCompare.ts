/**
 * The comparison behind pcapRender.test.ts: the real tcpdump (cached in os.tmpdir()) against our
 * renderer, packet by packet, for the packets the renderer claims.
 */
import * as childProcess from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readCaptureFile } from '../../src/core/pcap/reader';
import { PacketRenderer, type RenderedPacket } from '../../src/core/pcap/render';
import { parseTcpdumpOptions } from '../../src/core/pcap/options';

export function tcpdumpVersion(): string | undefined {
	try {
		const r = childProcess.spawnSync('tcpdump', ['--version'], { encoding: 'utf8' });
		return r.status === 0 ? (r.stdout + r.stderr).split('\n')[0] : undefined;
	} catch {
		return undefined;
	}
}

const CACHE = path.join(os.tmpdir(), 'tcpdump-lens-compare');

/** `TZ=UTC tcpdump -nn OPTIONS -r FILE` stdout, cached by file content, options and version. */
export function tcpdumpText(file: string, options: readonly string[], version: string): string {
	const bytes = fs.readFileSync(file);
	const key = crypto.createHash('sha1').update(bytes).update('\0' + options.join(' ') + '\0' + version).digest('hex');
	const cached = path.join(CACHE, key + '.txt');
	if (fs.existsSync(cached)) {
		return fs.readFileSync(cached, 'utf8');
	}
	const r = childProcess.spawnSync('tcpdump', ['-nn', ...options, '-r', file], {
		env: { ...process.env, TZ: 'UTC' }, encoding: 'latin1', maxBuffer: 1 << 30,
	});
	const text = r.stdout ?? '';
	fs.mkdirSync(CACHE, { recursive: true });
	fs.writeFileSync(cached, text, 'utf8');
	return text;
}

/** Linux if_indextoname, for SLL2 captures (tcpdump asks the machine it runs on). */
export function localInterfaceNames(): (index: number) => string | undefined {
	const names = new Map<number, string>();
	try {
		for (const name of fs.readdirSync('/sys/class/net')) {
			const index = Number(fs.readFileSync(path.join('/sys/class/net', name, 'ifindex'), 'utf8').trim());
			names.set(index, name);
		}
	} catch {
		// not Linux: tcpdump prints no names there either
	}
	return i => names.get(i);
}

export interface Tally {
	tcpLines: number;
	tcpSame: number;
	otherLines: number;
	otherSame: number;
	/** Packets tcpdump printed that we rendered but do not claim. */
	unclaimedPackets: number;
	/** First differing TCP lines, for the failure message. */
	samples: string[];
	/** First differing summary lines (UDP, ICMP, ARP), for information. */
	otherSamples: string[];
	/** Set when tcpdump's output could not be split into packets. */
	unaligned?: string;
}

export function emptyTally(): Tally {
	return { tcpLines: 0, tcpSame: 0, otherLines: 0, otherSame: 0, unclaimedPackets: 0, samples: [], otherSamples: [] };
}

export function addTally(into: Tally, t: Tally): void {
	into.tcpLines += t.tcpLines;
	into.tcpSame += t.tcpSame;
	into.otherLines += t.otherLines;
	into.otherSame += t.otherSame;
	into.unclaimedPackets += t.unclaimedPackets;
}

/** Splits tcpdump's `-#` output into packets: a packet starts at its own number (`%5u  `). */
function splitByNumbers(numbered: string[]): number[] | undefined {
	const starts: number[] = [];
	let next = 1;
	for (let i = 0; i < numbered.length; i++) {
		const m = /^ *(\d+) {2}/.exec(numbered[i]!);
		if (m && Number(m[1]) === next) {
			starts.push(i);
			next++;
		}
	}
	return starts.length > 0 || numbered.length === 0 ? starts : undefined;
}

/** Compares one file under one option set. */
export function compareFile(file: string, options: readonly string[], version: string): Tally {
	const tally = emptyTally();
	const parsed = parseTcpdumpOptions(options);
	if (typeof parsed === 'string') {
		throw new Error(parsed);
	}
	const numberedOptions = options.includes('-#') ? options : [...options, '-#'];
	const plain = tcpdumpText(file, options, version).split('\n');
	const numbered = tcpdumpText(file, numberedOptions, version).split('\n');
	if (plain[plain.length - 1] === '') {
		plain.pop();
		numbered.pop();
	}
	const starts = splitByNumbers(numbered);
	if (!starts || numbered.length !== plain.length) {
		tally.unaligned = 'cannot split tcpdump output into packets';
		return tally;
	}
	const { records } = readCaptureFile(fs.readFileSync(file));
	const renderer = new PacketRenderer({ ...parsed, interfaceName: localInterfaceNames() });
	for (let n = 0; n < starts.length && n < records.length; n++) {
		const theirs = plain.slice(starts[n], starts[n + 1] ?? plain.length);
		const rendered = renderer.render(records[n]!);
		comparePacket(rendered, theirs, tally);
	}
	return tally;
}

function comparePacket(rendered: RenderedPacket, theirs: string[], tally: Tally): void {
	const ours = rendered.text.split('\n');
	if (rendered.claim === 'none') {
		tally.unclaimedPackets++;
		return;
	}
	if (rendered.claim === 'other') {
		tally.otherLines += theirs.length;
		for (let i = 0; i < theirs.length; i++) {
			if (ours[i] === theirs[i]) {
				tally.otherSame++;
			} else if (tally.otherSamples.length < 2) {
				tally.otherSamples.push(`  tcpdump: ${JSON.stringify(theirs[i])}\n  ours:    ${JSON.stringify(ours[i])}`);
			}
		}
		return;
	}
	let pairs: [string | undefined, string, boolean][];
	if (rendered.claim === 'tcp') {
		pairs = theirs.map((t, i) => [ours[i], t, false]);
		for (let i = theirs.length; i < ours.length; i++) {
			pairs.push([ours[i], '<nothing>', false]);
		}
	} else {
		// identical up to the gap line, which tcpdump continues with its decode. The decode lines and
		// the hex dump are not claimed: a decoder that meets the capture's end makes tcpdump dump the
		// whole frame instead of the bytes after the link header.
		const gap = rendered.gapLine;
		pairs = [];
		for (let i = 0; i < gap && i < theirs.length; i++) {
			pairs.push([ours[i], theirs[i]!, false]);
		}
		pairs.push([ours[gap], theirs[gap] ?? '<nothing>', true]);
	}
	for (const [o, t, prefix] of pairs) {
		tally.tcpLines++;
		const same = o !== undefined && (prefix ? t === o || t.startsWith(o) : o === t);
		if (same) {
			tally.tcpSame++;
		} else if (tally.samples.length < 3) {
			tally.samples.push(`  tcpdump: ${JSON.stringify(t)}\n  ours:    ${JSON.stringify(o)}`);
		}
	}
}

export { type RenderedPacket };
