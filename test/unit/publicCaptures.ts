/**
 * The public captures (../shared/corpus/public-captures: 52 pcaps from the test suites of
 * suricata-verify, Zeek and Arkime, see its SOURCES.tsv) rendered by the real tcpdump in several
 * formats and judged against `tshark -2` on the same file.
 *
 * Renders and tshark's fields are cached in os.tmpdir() (keyed by file, size, mtime and tool
 * version), so only the first run pays for them. Used by publicCaptures.test.ts and by
 * `npm run agreement:public` (which runs this module: it prints the full table).
 *
 * Frames are paired by walking both lists of TCP packets in order (ports, SYN/FIN/RST/ACK, length):
 * where tcpdump and tshark see different packets (a tunnel tcpdump does not decode, a fragment that
 * tshark reassembles, a TCP header quoted in an ICMP error) the frame is listed and left out.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { tsharkView, type TsharkView } from '../../src/core/analyse/tsharkCompare';
import type { IpTruncation, TcpSegment } from '../../src/core/types';
import { REPO } from './fixtures';
import { newScoreBoard, scoreFrames, scoreRows, scoreTable, type ScoreBoard, type TruthFrame } from './agreementScore';

export const PUBLIC_DIR = process.env.TCPDUMP_LENS_PUBLIC_CAPTURES ?? path.resolve(REPO, '..', 'shared', 'corpus', 'public-captures');

/** Formats rendered (name → tcpdump options). */
export const PUBLIC_FORMATS: Readonly<Record<string, readonly string[]>> = {
	nnS: ['-nn', '-S'],
	nn: ['-nn'],
	v: ['-nn', '-v'],
	vv: ['-nn', '-vv'],
	e: ['-nn', '-e'],
	tttt: ['-nn', '-tttt'],
	t: ['-nn', '-t'],
};

export interface PublicFrame extends TruthFrame {
	time: number;
	protocols: string;
	tcp: boolean;
	seqRaw: number | null;
	ackRaw: number | null;
	tcpFlags: number | null;
	srcPort: number | null;
	dstPort: number | null;
}
export interface PublicTshark {
	frames: PublicFrame[];
	streams: Record<string, { completeness: number | null; irtt: number | null }>;
}

function toolVersion(tool: string, arg: string): string | undefined {
	try {
		const r = spawnSync(tool, [arg], { encoding: 'utf8', timeout: 20000 });
		return r.status === 0 ? `${r.stdout}${r.stderr}`.split('\n').find(l => l.trim() !== '') : undefined;
	} catch {
		return undefined;
	}
}

let tools: { tcpdump: string; tshark: string } | undefined | null = null;
/** Versions of tcpdump and tshark, or undefined when either is missing. */
export function toolsPresent(): { tcpdump: string; tshark: string } | undefined {
	if (tools === null) {
		const tcpdump = toolVersion('tcpdump', '--version');
		const tshark = toolVersion('tshark', '--version');
		tools = tcpdump && tshark ? { tcpdump, tshark } : undefined;
	}
	return tools;
}

/** The capture files, sorted; empty when the folder is absent. */
export function publicCaptures(): string[] {
	if (!fs.existsSync(PUBLIC_DIR)) {
		return [];
	}
	return fs.readdirSync(PUBLIC_DIR).filter(f => /\.pcap(ng)?$/.test(f)).sort();
}

function cacheDir(): string {
	const v = toolsPresent();
	const key = crypto.createHash('sha1').update(`${v?.tcpdump}|${v?.tshark}|${fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'tshark_json.py'), 'utf8')}`).digest('hex').slice(0, 12);
	const dir = path.join(os.tmpdir(), `tcpdump-lens-public-${key}`);
	fs.mkdirSync(dir, { recursive: true });
	return dir;
}

function cached(name: string, suffix: string, make: () => string): string {
	const file = path.join(PUBLIC_DIR, name);
	const st = fs.statSync(file);
	const out = path.join(cacheDir(), `${name}.${st.size}.${Math.floor(st.mtimeMs)}.${suffix}`);
	if (fs.existsSync(out)) {
		return fs.readFileSync(out, 'utf8');
	}
	const text = make();
	const tmp = `${out}.${process.pid}.tmp`;
	fs.writeFileSync(tmp, text);
	fs.renameSync(tmp, out);
	return text;
}

/** The real tcpdump's rendering of a capture (`TZ=UTC tcpdump OPTIONS -r FILE`). */
export function renderPublic(name: string, format: string): string {
	const opts = PUBLIC_FORMATS[format];
	if (!opts) {
		throw new Error(`unknown format ${format}`);
	}
	return cached(name, `${format}.txt`, () => {
		const r = spawnSync('tcpdump', [...opts, '-r', path.join(PUBLIC_DIR, name)], {
			encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, maxBuffer: 1 << 30,
		});
		if (r.error) {
			throw r.error;
		}
		return r.stdout;
	});
}

/** tshark -2's per-frame fields, through test/fixtures/tshark_json.py (one field list, one parser). */
export function tsharkPublic(name: string): PublicTshark {
	const json = cached(name, 'tshark.json', () => {
		const script = path.join(REPO, 'test', 'fixtures', 'tshark_json.py');
		const args = spawnSync('python3', [script, '--args'], { encoding: 'utf8' }).stdout.trim().split(/\s+/);
		const t = spawnSync('tshark', ['-2', '-r', path.join(PUBLIC_DIR, name), '-T', 'fields', '-E', 'separator=/t', '-E', 'occurrence=f', ...args], {
			encoding: 'utf8', maxBuffer: 1 << 30,
		});
		if (t.error) {
			throw t.error;
		}
		const j = spawnSync('python3', [script, name], { input: t.stdout, encoding: 'utf8', maxBuffer: 1 << 30 });
		if (j.status !== 0) {
			throw new Error(`tshark_json.py failed on ${name}: ${j.stderr}`);
		}
		return j.stdout;
	});
	return JSON.parse(json) as PublicTshark;
}

// ---------------------------------------------------------------------------------------------

/** A TCP header that tshark found inside an ICMP error: part of the ICMP message, not traffic. */
function isIcmpQuote(f: PublicFrame): boolean {
	const layers = f.protocols.split(':');
	const icmp = layers.findIndex(l => l === 'icmp' || l === 'icmpv6');
	return icmp >= 0 && layers.indexOf('tcp', icmp) > icmp;
}

const SYN = 0x02, FIN = 0x01, RST = 0x04, ACK = 0x10;

function keyOfTruth(f: PublicFrame): string {
	const bits = (f.tcpFlags ?? 0) & (SYN | FIN | RST | ACK);
	return `${f.srcPort}>${f.dstPort}/${bits}/${f.len ?? ''}`;
}

function keyOfOurs(tcp: TcpSegment, truncation: IpTruncation | undefined): string {
	const fl = tcp.flags;
	const bits = fl ? (fl.syn ? SYN : 0) | (fl.fin ? FIN : 0) | (fl.rst ? RST : 0) | (fl.ack ? ACK : 0) : -1;
	// `truncated-ip - N bytes missing!` outside a tunnel: tshark's Len is what the frame carried
	const length = tcp.length !== undefined && truncation && !truncation.inTunnel ? Math.max(0, tcp.length - truncation.missing) : tcp.length;
	return `${tcp.src.port}>${tcp.dst.port}/${bits}/${length ?? ''}`;
}

export interface Pairing {
	/** tshark frame ↔ our frame index (into view.frames). */
	readonly pairs: (readonly [PublicFrame, number])[];
	/** Frames left out of the score, with the reason. */
	readonly leftOut: string[];
}

/**
 * Pairs tshark's TCP frames with our TCP packets in order. A frame with the same key ahead within
 * a short window is the same packet; what is skipped on either side is listed.
 */
export function pairFrames(label: string, view: TsharkView, truth: PublicTshark): Pairing {
	const theirs = truth.frames.filter(f => f.tcp);
	const ours: number[] = [];
	view.frames.forEach((f, i) => {
		if (view.analysis.packets[f.packet]?.tcp) {
			ours.push(i);
		}
	});
	const pairs: (readonly [PublicFrame, number])[] = [];
	const leftOut: string[] = [];
	const WINDOW = 64;
	let t = 0;
	for (const o of ours) {
		const rec = view.analysis.packets[view.frames[o]!.packet]!;
		const key = keyOfOurs(rec.tcp!, rec.ipTruncated);
		let found = -1;
		for (let k = t; k < Math.min(theirs.length, t + WINDOW); k++) {
			if (!isIcmpQuote(theirs[k]!) && keyOfTruth(theirs[k]!) === key) {
				found = k;
				break;
			}
		}
		if (found < 0) {
			leftOut.push(`${label} line ${rec.line + 1}: a TCP packet tshark does not see as one (${key})`);
			continue;
		}
		for (let k = t; k < found; k++) {
			leftOut.push(`${label} frame ${theirs[k]!.frame}: ${isIcmpQuote(theirs[k]!) ? 'TCP header quoted in an ICMP error' : `tcpdump shows no TCP packet here (${theirs[k]!.protocols})`}`);
		}
		pairs.push([theirs[found]!, o]);
		t = found + 1;
	}
	for (let k = t; k < theirs.length; k++) {
		leftOut.push(`${label} frame ${theirs[k]!.frame}: ${isIcmpQuote(theirs[k]!) ? 'TCP header quoted in an ICMP error' : `tcpdump shows no TCP packet here (${theirs[k]!.protocols})`}`);
	}
	return { pairs, leftOut };
}

/** A line that shows a TCP header: `a.p > b.q: Flags [`, `p > q: Flags [` (IPv6 extension headers), or a truncated `[|tcp]`. */
const TCP_LOOKING = /(?:\.\d{1,5}|\b\d{1,5}) > \S{1,80}\.?\d{0,5}: (?:Flags \[|\[\|tcp\])/;

export interface FormatResult {
	readonly capture: string;
	readonly format: string;
	readonly view: TsharkView;
	readonly pairing: Pairing;
	/** Lines that show a TCP header. */
	readonly tcpLinesShown: number;
	/** …that are read as a packet's TCP part. */
	readonly tcpLinesRead: number;
	/** …counted as unreadable. */
	readonly tcpLinesUnreadable: number;
	/** …read by nobody and counted by nobody (with their numbers, 1-based). */
	readonly tcpLinesDropped: number[];
	readonly packets: number;
	readonly frames: number;
	readonly streams: StreamResult;
}

export interface StreamResult {
	/** tshark streams with at least one paired frame. */
	total: number;
	/** …grouped exactly as one of our connections. */
	equal: number;
	/** …split by us on purpose (VLAN tag or VXLAN VNI differs). */
	splitOnPurpose: number;
	handshakeCompared: number;
	handshakeEqual: number;
	irttCompared: number;
	irttEqual: number;
	differences: string[];
	/** tshark streams we split on purpose. */
	splitStreams: Set<number>;
}

function streamsOf(label: string, view: TsharkView, truth: PublicTshark, pairs: readonly (readonly [PublicFrame, number])[]): StreamResult {
	const byStream = new Map<number, Set<number>>(); // tshark stream → our connections
	const byConn = new Map<number, Set<number>>(); // our connection → tshark streams
	for (const [t, o] of pairs) {
		const rec = view.analysis.packets[view.frames[o]!.packet];
		const conn = rec?.tcpInfo?.connection;
		if (t.stream === null || conn === undefined) {
			continue;
		}
		(byStream.get(t.stream) ?? byStream.set(t.stream, new Set()).get(t.stream)!).add(conn);
		(byConn.get(conn) ?? byConn.set(conn, new Set()).get(conn)!).add(t.stream);
	}
	const r: StreamResult = { total: 0, equal: 0, splitOnPurpose: 0, handshakeCompared: 0, handshakeEqual: 0, irttCompared: 0, irttEqual: 0, differences: [], splitStreams: new Set() };
	const conns = view.analysis.connections;
	for (const [stream, cs] of [...byStream.entries()].sort((a, b) => a[0] - b[0])) {
		r.total++;
		const only = cs.size === 1 ? [...cs][0]! : undefined;
		if (only === undefined || byConn.get(only)!.size !== 1) {
			const names = [...cs].map(c => `#${c} ${conns[c]?.endpoints.join(' ↔ ')}${conns[c]?.endpointKey ? ` [${conns[c]?.endpointKey}]` : ''}`);
			const keys = new Set([...cs].map(c => conns[c]?.endpointKey ?? ''));
			if (cs.size > 1 && keys.size === cs.size && [...cs].every(c => byConn.get(c)!.size === 1)) {
				r.splitOnPurpose++;
				r.splitStreams.add(stream);
				r.differences.push(`${label} stream ${stream}: split by VLAN/VNI into ${names.join(', ')} (on purpose)`);
			} else {
				r.differences.push(`${label} stream ${stream}: grouped differently: ours ${names.join(', ')}${only !== undefined ? ` (which also holds streams ${[...byConn.get(only)!].join(', ')})` : ''}`);
			}
			continue;
		}
		r.equal++;
		const conn = conns[only]!;
		const st = truth.streams[String(stream)];
		const ours = view.analysis.statsFor(only)?.completenessValue ?? null;
		r.handshakeCompared++;
		if ((st?.completeness ?? null) === ours) {
			r.handshakeEqual++;
		} else {
			r.differences.push(`${label} stream ${stream}: completeness tshark ${st?.completeness} ours ${ours} (handshake ${conn.handshake.state})`);
		}
		const ourIrtt = conn.handshake.rttMs;
		const hasTimes = view.analysis.packets[conn.packets[0] ?? 0]?.time !== undefined;
		const theirIrtt = st?.irtt ?? undefined;
		if (hasTimes && (theirIrtt !== undefined || ourIrtt !== undefined)) {
			r.irttCompared++;
			if (theirIrtt !== undefined && ourIrtt !== undefined && Math.abs(theirIrtt - ourIrtt / 1000) < 2e-6) {
				r.irttEqual++;
			} else {
				r.differences.push(`${label} stream ${stream}: iRTT tshark ${st?.irtt ?? 'none'} ours ${ourIrtt === undefined ? 'none' : (ourIrtt / 1000).toFixed(6)} (handshake ${conn.handshake.state})`);
			}
		}
	}
	return r;
}

/** Reads one rendering and compares it with tshark. Throws only if the reader does (a crash). */
export function comparePublic(capture: string, format: string, board: ScoreBoard): FormatResult {
	const text = renderPublic(capture, format);
	const truth = tsharkPublic(capture);
	const label = `${capture.replace(/\.pcap(ng)?$/, '')}/${format}`;
	const view = tsharkView(text);
	const pairing = pairFrames(label, view, truth);
	const streams = streamsOf(label, view, truth, pairing.pairs);
	// a stream we split on purpose (VLAN tag, VXLAN VNI) is several connections to us: tshark's
	// flags on its copies (retransmission, dup ACK) describe a merge we do not make; not scored
	const scored = pairing.pairs.filter(([t]) => t.stream === null || !streams.splitStreams.has(t.stream));
	const splitFrames = pairing.pairs.length - scored.length;
	if (splitFrames > 0) {
		pairing.leftOut.push(`${label}: ${splitFrames} frames of streams kept apart by VLAN tag or VXLAN VNI (tshark merges them)`);
	}
	scoreFrames(board, label, view, scored);
	const lines = text.split('\n');
	const readLines = new Set<number>();
	for (const p of view.analysis.packets) {
		const l = p.tcp?.line;
		if (l !== undefined) {
			readLines.add(l);
		}
		for (const q of p.quotedTcp ?? []) {
			readLines.add(q.line);
		}
	}
	const unreadable = new Set(view.analysis.unreadable.map(u => u.line));
	let shown = 0, read = 0, unread = 0;
	const dropped: number[] = [];
	lines.forEach((l, i) => {
		if (!TCP_LOOKING.test(l)) {
			return;
		}
		shown++;
		if (readLines.has(i)) {
			read++;
		} else if (unreadable.has(i)) {
			unread++;
		} else {
			dropped.push(i + 1);
		}
	});
	return {
		capture, format, view, pairing,
		tcpLinesShown: shown, tcpLinesRead: read, tcpLinesUnreadable: unread, tcpLinesDropped: dropped,
		packets: view.analysis.packets.length, frames: truth.frames.length,
		streams,
	};
}

export interface FormatTotals {
	captures: number; shown: number; read: number; unreadable: number; dropped: number;
	paired: number; leftOut: number; packets: number; frames: number; countsDiffer: number;
	streams: number; streamsEqual: number; splitOnPurpose: number;
	handshakes: number; handshakesEqual: number; irtts: number; irttsEqual: number;
}

export function newTotals(): FormatTotals {
	return { captures: 0, shown: 0, read: 0, unreadable: 0, dropped: 0, paired: 0, leftOut: 0, packets: 0, frames: 0, countsDiffer: 0, streams: 0, streamsEqual: 0, splitOnPurpose: 0, handshakes: 0, handshakesEqual: 0, irtts: 0, irttsEqual: 0 };
}

export function addTotals(t: FormatTotals, r: FormatResult): void {
	t.captures++;
	t.shown += r.tcpLinesShown;
	t.read += r.tcpLinesRead;
	t.unreadable += r.tcpLinesUnreadable;
	t.dropped += r.tcpLinesDropped.length;
	t.paired += r.pairing.pairs.length;
	t.leftOut += r.pairing.leftOut.length;
	t.packets += r.packets;
	t.frames += r.frames;
	t.countsDiffer += r.packets === r.frames ? 0 : 1;
	t.streams += r.streams.total;
	t.streamsEqual += r.streams.equal;
	t.splitOnPurpose += r.streams.splitOnPurpose;
	t.handshakes += r.streams.handshakeCompared;
	t.handshakesEqual += r.streams.handshakeEqual;
	t.irtts += r.streams.irttCompared;
	t.irttsEqual += r.streams.irttEqual;
}

/** Share of tshark's streams we group the same (split-on-purpose ones left out of the denominator). */
export function streamShare(t: FormatTotals): number {
	const d = t.streams - t.splitOnPurpose;
	return d === 0 ? 1 : t.streamsEqual / d;
}

export function formatTable(totals: ReadonlyMap<string, FormatTotals>): string[] {
	const pct = (a: number, b: number): string => (b === 0 ? '     -' : `${(100 * a / b).toFixed(1)}%`.padStart(6));
	return [
		'  format  TCP lines shown  read  unread  dropped | packets frames (captures ≠) | frames paired  left out | streams  equal  split(VLAN/VNI) | handshake =  | iRTT =',
		...[...totals.entries()].map(([f, t]) =>
			`  ${f.padEnd(6)}  ${String(t.shown).padStart(15)} ${String(t.read).padStart(5)} ${String(t.unreadable).padStart(7)} ${String(t.dropped).padStart(8)} | ${String(t.packets).padStart(7)} ${String(t.frames).padStart(6)} ${String(t.countsDiffer).padStart(14)} | ${String(t.paired).padStart(13)} ${String(t.leftOut).padStart(9)} | ${String(t.streams).padStart(7)} ${pct(t.streamsEqual, t.streams - t.splitOnPurpose)} ${String(t.splitOnPurpose).padStart(16)} | ${pct(t.handshakesEqual, t.handshakes)} of ${String(t.handshakes).padStart(4)} | ${pct(t.irttsEqual, t.irtts)} of ${t.irtts}`),
	];
}

export interface PublicRun {
	board: ScoreBoard;
	totals: Map<string, FormatTotals>;
	results: FormatResult[];
	crashes: string[];
}

/** Every capture in every format (or the given ones). */
export function runPublic(captures = publicCaptures(), formats = Object.keys(PUBLIC_FORMATS), keepResults = false): PublicRun {
	const run: PublicRun = { board: newScoreBoard(), totals: new Map(formats.map(f => [f, newTotals()])), results: [], crashes: [] };
	for (const c of captures) {
		for (const f of formats) {
			try {
				const r = comparePublic(c, f, run.board);
				addTotals(run.totals.get(f)!, r);
				// keep what the report needs, not the analysis (memory)
				run.results.push(keepResults ? r : { ...r, view: undefined as unknown as TsharkView });
			} catch (e) {
				run.crashes.push(`${c}/${f}: ${(e as Error).stack ?? e}`);
			}
		}
	}
	return run;
}

export function report(run: PublicRun, full: boolean): string[] {
	const out = ['', '  public captures (tcpdump text vs tshark -2), per finding code over all captures and formats', ...scoreTable(scoreRows(run.board)), '', ...formatTable(run.totals)];
	const limit = full ? Infinity : 40;
	const section = (title: string, items: string[]): void => {
		if (items.length === 0) {
			return;
		}
		out.push('', `  ${title} (${items.length}):`, ...items.slice(0, limit).map(i => `    ${i}`));
		if (items.length > limit) {
			out.push(`    … and ${items.length - limit} more (npm run agreement:public prints all)`);
		}
	};
	section('crashes', run.crashes);
	section('packets read ≠ frames in the file', run.results.filter(r => r.packets !== r.frames).map(r => `${r.capture}/${r.format}: ${r.packets} packets, ${r.frames} frames`));
	section('TCP lines dropped', run.results.flatMap(r => r.tcpLinesDropped.map(l => `${r.capture}/${r.format} line ${l}`)));
	section('left out: tcpdump and tshark see different packets', run.results.flatMap(r => r.pairing.leftOut));
	section('streams grouped or handshaken differently', run.results.flatMap(r => r.streams.differences));
	section('finding disagreements', run.board.mismatches);
	if (full) {
		section('excluded as undecidable from the text', [...new Set(run.board.exclusions)]);
	}
	return out;
}

if (require.main === module) {
	const want = process.argv.slice(2);
	const run = runPublic(want.length > 0 ? publicCaptures().filter(c => want.some(w => c.includes(w))) : publicCaptures());
	console.log(report(run, true).join('\n'));
}
