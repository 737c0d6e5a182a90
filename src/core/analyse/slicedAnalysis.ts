/**
 * The analysis as an editor runs it: the same CaptureReader, fed in slices that each hold the thread
 * for at most `sliceBudgetMs` (measured, not a line count), with budgets on connections and packets
 * past which it stops and says where, instead of growing without bound. The VS Code adapter
 * (src/vscode/documentModel.ts) and the benchmark drive these functions.
 *
 * A document that grows at the end (a `tcpdump -l | tee` log) is not read again: the session keeps
 * its reader, takes back what `finish()` added (the end-of-capture findings and the handshake
 * problems they set), pushes only the new lines and finishes again. That is exact, not a guess, only
 * when the first new line starts a new packet record (the last old packet is then complete, as
 * `finish` assumed): anything else (a line continuing the last packet, a changed line, a text not
 * ending with a line break) is a full re-analysis, in slices.
 */
import { CaptureReader, detectDeltaMode, indexedAnalysis, type CaptureAnalysis, type DeltaMode } from '../store/capture';
import { attachSegmentEnds, SegmentEndIndex } from '../store/segmentEnds';
import { splitLines } from '../scan/lines';
import { parseLineHeader, parsePacketLine } from '../scan/packetLine';
import type { Finding, HandshakeState, PacketRecord } from '../types';

export interface SliceOptions {
	/** How long one slice may run before `yieldNow` is awaited. */
	readonly sliceBudgetMs: number;
	/** Stop once this many connections were seen (the extension host's memory budget). */
	readonly maxConnections: number;
	/** Stop once this many packets were read. */
	readonly maxPackets: number;
	/** Awaited between slices; resolves `false` when the work is no longer wanted (a newer edit). */
	readonly yieldNow: () => Promise<boolean>;
	/** A clock in milliseconds (performance.now or Date.now). */
	readonly now: () => number;
}

/** Why and where the analysis stopped short of the end. */
export interface AnalysisLimit {
	readonly reason: 'connections' | 'packets';
	/** The 0-based line the analysis stopped before. */
	readonly stoppedAtLine: number;
	readonly lineCount: number;
	readonly connections: number;
	readonly packets: number;
}

export interface SlicedResult {
	readonly analysis: CaptureAnalysis;
	readonly limit: AnalysisLimit | undefined;
	/** The longest time one slice held the thread, in ms. */
	readonly longestSliceMs: number;
	readonly slices: number;
	/** The reader behind this analysis, to go on with appended lines (`continueInSlices`). */
	readonly session: AnalysisSession;
	/** True when this result continued an earlier one instead of reading the whole text. */
	readonly incremental: boolean;
}

/** How often (in lines) the clock and the budgets are read inside a slice. */
const CHECK_EVERY_LINES = 256;

/** `detectDeltaMode` looks at this many time stamps at most. */
const DELTA_MODE_STAMPS = 2000;

type MutableHandshake = { state: HandshakeState; problem: string | undefined };

/** What one `finish()` changed, to take it back before more lines are pushed. */
interface FinishUndo {
	readonly findings: number;
	readonly handshakes: readonly { readonly handshake: MutableHandshake; readonly state: HandshakeState; readonly problem: string | undefined }[];
	/** The last packet, when its `lastLine` was stretched over the held-back empty last line. */
	readonly stretched: PacketRecord | undefined;
}

/** A document's reader, kept between edits. Used by one analysis at a time. */
export class AnalysisSession {
	readonly segmentEnds = new SegmentEndIndex();
	readonly reader: CaptureReader;
	/** The text analysed (compared with the next version's). */
	text: string | undefined;
	/** Lines pushed to the reader: all but the last one, when that is the empty line after a final line break. */
	pushed = 0;
	/** False once the reader can no longer go on exactly (see the module comment). */
	continuable = false;
	/** Whether `detectDeltaMode` gave its final answer on the text so far (more lines cannot change it). */
	deltaModeSettled = false;
	undo: FinishUndo | undefined;
	/** The last `finish` emitted a packet: it cannot be taken back exactly. */
	finishEmittedPacket = false;
	/** Packet index by line, filled as packets arrive (grows by doubling). */
	#byLine = new Int32Array(1024).fill(-1);
	#indexedPackets = 0;
	/** The findings of pushed lines (not `finish`'s), sorted as toAnalysis sorts them. */
	#sorted: Finding[] = [];
	#sortedUpTo = 0;

	constructor(readonly deltaMode: DeltaMode) {
		this.reader = new CaptureReader({ deltaMode, onPacket: p => this.segmentEnds.note(p) });
	}

	/** Finishes the reader and freezes what it read into an analysis of `lineCount` lines. */
	snapshot(lineCount: number, holdsBackEmptyLine: boolean): CaptureAnalysis {
		const reader = this.reader;
		// the last packet first, so that what `finish` itself changes can be told apart and taken back
		reader.flushPending();
		const conns = reader.tracker.connections;
		const count = conns.length;
		const states = new Array<HandshakeState>(count);
		const problems = new Array<string | undefined>(count);
		for (let i = 0; i < count; i++) {
			const h = conns[i]!.handshake;
			states[i] = h.state;
			problems[i] = h.problem;
		}
		const findingsBefore = reader.findings.length;
		const packetsBefore = reader.packets.length;
		reader.finish();
		// `flushPending` keeps an IPv4 `-v` header whose address line is still to come: `finish` then
		// emitted it, with handshake changes that cannot be told from its own
		this.finishEmittedPacket = reader.packets.length !== packetsBefore;
		const handshakes: { handshake: MutableHandshake; state: HandshakeState; problem: string | undefined }[] = [];
		for (let i = 0; i < count; i++) {
			const h = conns[i]!.handshake;
			if (h.state !== states[i] || h.problem !== problems[i]) {
				handshakes.push({ handshake: h as MutableHandshake, state: states[i]!, problem: problems[i] });
			}
		}
		const packets = reader.packets;
		// a trailing empty line is a continuation of the packet still open at the end, as the reader
		// would have taken it: the last packet's record ends on the line before it exactly then
		const last = packets[packets.length - 1];
		const stretched = holdsBackEmptyLine && last !== undefined && last.lastLine === this.pushed - 1 ? last : undefined;
		if (stretched) {
			stretched.lastLine = lineCount - 1;
		}
		this.undo = { findings: findingsBefore, handshakes, stretched };
		this.#index(lineCount);
		const fresh = reader.findings.slice(this.#sortedUpTo, findingsBefore);
		this.#sorted = mergeByPosition(this.#sorted, fresh.sort(byPosition));
		this.#sortedUpTo = findingsBefore;
		const findings = mergeByPosition(this.#sorted, reader.findings.slice(findingsBefore).sort(byPosition));
		const analysis = indexedAnalysis(reader, lineCount, this.#byLine, findings);
		attachSegmentEnds(analysis, this.segmentEnds);
		return analysis;
	}

	/** Takes back what the last `snapshot`'s `finish()` added, so that more lines can be pushed. */
	reopen(): void {
		const undo = this.undo;
		if (!undo) {
			return;
		}
		this.undo = undefined;
		const reader = this.reader;
		for (const f of reader.findings.splice(undo.findings)) {
			reader.findingCounts[f.severity]--;
		}
		for (const h of undo.handshakes) {
			h.handshake.state = h.state;
			h.handshake.problem = h.problem;
		}
		if (undo.stretched) {
			undo.stretched.lastLine = this.pushed - 1;
			this.#byLine[this.pushed] = -1;
		}
		reader.reopen();
	}

	#index(lineCount: number): void {
		if (this.#byLine.length < lineCount) {
			let size = this.#byLine.length;
			while (size < lineCount) {
				size *= 2;
			}
			const grown = new Int32Array(size).fill(-1);
			grown.set(this.#byLine);
			this.#byLine = grown;
		}
		const packets = this.reader.packets;
		for (let i = this.#indexedPackets; i < packets.length; i++) {
			const p = packets[i]!;
			const end = Math.min(p.lastLine, lineCount - 1);
			for (let l = p.line; l <= end; l++) {
				this.#byLine[l] = p.index;
			}
		}
		const last = packets[packets.length - 1];
		if (last && last.lastLine >= lineCount - 1) {
			this.#byLine[lineCount - 1] = last.index; // the stretched last packet
		}
		this.#indexedPackets = packets.length;
	}
}

const byPosition = (x: Finding, y: Finding): number => x.span.line - y.span.line || x.span.start - y.span.start;

/** Merges two lists sorted by position; on equal positions `a`'s come first (a stable sort of a then b). */
function mergeByPosition(a: readonly Finding[], b: readonly Finding[]): Finding[] {
	if (b.length === 0) {
		return a.slice();
	}
	const out: Finding[] = new Array<Finding>(a.length + b.length);
	let i = 0;
	let j = 0;
	let k = 0;
	while (i < a.length && j < b.length) {
		out[k++] = byPosition(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
	}
	while (i < a.length) {
		out[k++] = a[i++]!;
	}
	while (j < b.length) {
		out[k++] = b[j++]!;
	}
	return out;
}

/** Follows `detectDeltaMode` line by line: `settled` once its answer cannot change with more lines. */
class DeltaModeWatch {
	#previous = -1;
	#seen = 0;
	settled = false;

	see(line: string, index: number): void {
		if (this.settled) {
			return;
		}
		const ts = parseLineHeader(line, index).timestamp;
		if (!ts) {
			return;
		}
		// a non-delta or decreasing stamp decides; so does the 2,000th stamp
		if (ts.form !== 'delta' || ts.seconds < 0 || ts.seconds < this.#previous || ++this.#seen >= DELTA_MODE_STAMPS) {
			this.settled = true;
		}
		this.#previous = ts.seconds;
	}
}

/** Whether `detectDeltaMode`'s answer on these lines is final. */
function deltaModeSettled(lines: readonly string[]): boolean {
	const watch = new DeltaModeWatch();
	for (let i = 0; i < lines.length && !watch.settled; i++) {
		watch.see(lines[i] ?? '', i);
	}
	return watch.settled;
}

/**
 * Where the lines come from: an array, or a text cut into lines as they are read (splitting a
 * 40 MB text at once would hold the thread for a few hundred milliseconds). `next` does not hand
 * out the empty line after a final line break: the session holds it back (see `snapshot`).
 */
interface LineSource {
	readonly holdsBackEmptyLine: boolean;
	next(): string | undefined;
	/** Lines not handed out yet, the held-back one included. */
	remaining(): number;
}

function arraySource(lines: readonly string[]): LineSource {
	let i = 0;
	const holdsBackEmptyLine = lines.length > 0 && lines[lines.length - 1] === '';
	const end = holdsBackEmptyLine ? lines.length - 1 : lines.length;
	return {
		holdsBackEmptyLine,
		next: () => i < end ? lines[i++] ?? '' : undefined,
		remaining: () => lines.length - i,
	};
}

/** `splitLines(text)`, one line at a time. */
function textSource(text: string): LineSource {
	const lf = text.indexOf('\r') < 0;
	const breaks = /\r\n|\r|\n/g;
	let pos = 0;
	const holdsBackEmptyLine = text.endsWith('\n') || text.endsWith('\r');
	return {
		holdsBackEmptyLine,
		next: () => pos < text.length || (!holdsBackEmptyLine && pos === text.length) ? cut() : undefined,
		remaining: () => {
			let n = 0;
			if (pos <= text.length) {
				n++;
				for (let at = lf ? text.indexOf('\n', pos) : -1; at >= 0; at = text.indexOf('\n', at + 1)) {
					n++;
				}
				if (!lf) {
					breaks.lastIndex = pos;
					while (breaks.exec(text)) {
						n++;
					}
				}
			}
			return n;
		},
	};
	function cut(): string {
		let end: number;
		let next: number;
		if (lf) {
			end = text.indexOf('\n', pos);
			next = end + 1;
		} else {
			breaks.lastIndex = pos;
			const m = breaks.exec(text);
			end = m ? m.index : -1;
			next = m ? m.index + m[0].length : 0;
		}
		if (end < 0) {
			const line = text.slice(pos);
			pos = text.length + 1;
			return line;
		}
		const line = text.slice(pos, end);
		pos = next;
		return line;
	}
}

/** Pushes the source's lines in slices; the limit when a budget stopped it, `false` when abandoned. */
async function feed(session: AnalysisSession, source: LineSource, options: SliceOptions,
	clock: { sliceStart: number; longest: number; slices: number }): Promise<AnalysisLimit | undefined | false> {
	const reader = session.reader;
	for (let text = source.next(); text !== undefined; text = source.next()) {
		const i = session.pushed;
		reader.push(text);
		session.pushed = i + 1;
		if (i % CHECK_EVERY_LINES !== CHECK_EVERY_LINES - 1) {
			continue;
		}
		const over = reader.tracker.count >= options.maxConnections ? 'connections'
			: reader.counts.packets >= options.maxPackets ? 'packets' : undefined;
		if (over) {
			return { reason: over, stoppedAtLine: i + 1, lineCount: i + 1 + source.remaining(), connections: reader.tracker.count, packets: reader.counts.packets };
		}
		const elapsed = options.now() - clock.sliceStart;
		if (elapsed >= options.sliceBudgetMs) {
			clock.longest = Math.max(clock.longest, elapsed);
			if (!await options.yieldNow()) {
				return false;
			}
			clock.slices++;
			clock.sliceStart = options.now();
		}
	}
	return undefined;
}

async function run(session: AnalysisSession, source: LineSource, options: SliceOptions, incremental: boolean,
	clock = { sliceStart: options.now(), longest: 0, slices: 1 }): Promise<SlicedResult | undefined> {
	session.continuable = false; // until this run completes
	const limit = await feed(session, source, options, clock);
	if (limit === false) {
		return undefined;
	}
	const holdBack = source.holdsBackEmptyLine && !limit;
	const total = limit ? limit.lineCount : session.pushed + source.remaining();
	const analysis = session.snapshot(total, holdBack);
	session.continuable = holdBack && !session.finishEmittedPacket;
	clock.longest = Math.max(clock.longest, options.now() - clock.sliceStart);
	return { analysis, limit, longestSliceMs: clock.longest, slices: clock.slices, session, incremental };
}

/** Reads `lines` in slices; `undefined` when `yieldNow` said the work is no longer wanted. */
export async function analyseInSlices(lines: readonly string[], options: SliceOptions): Promise<SlicedResult | undefined> {
	const session = new AnalysisSession(detectDeltaMode(lines));
	session.deltaModeSettled = deltaModeSettled(lines);
	return run(session, arraySource(lines), options, false);
}

/** Lines split off the start of a text before `detectDeltaMode` has its final answer on them. */
const HEAD_LINES_MAX = 100_000;

/**
 * `analyseInSlices` of a whole text, cut into lines as it is read, remembering the text so that an
 * append can continue it. The first lines are split beforehand, as many as `detectDeltaMode` needs
 * (2,000 time stamps); a text with fewer stamps in its first 100,000 lines is split at once.
 */
export async function analyseTextInSlices(text: string, options: SliceOptions): Promise<SlicedResult | undefined> {
	const clock = { sliceStart: options.now(), longest: 0, slices: 1 };
	const head: string[] = [];
	const watch = new DeltaModeWatch();
	const probe = textSource(text);
	for (let line = probe.next(); line !== undefined; line = probe.next()) {
		watch.see(line, head.length);
		head.push(line);
		if (watch.settled || head.length >= HEAD_LINES_MAX) {
			break;
		}
	}
	let session: AnalysisSession;
	let source: LineSource;
	if (watch.settled || probe.remaining() <= (probe.holdsBackEmptyLine ? 1 : 0)) {
		// detectDeltaMode stops where the watch settled, or read all there is
		session = new AnalysisSession(detectDeltaMode(head));
		session.deltaModeSettled = watch.settled;
		source = continueSource(probe, head);
	} else {
		const lines = splitLines(text);
		session = new AnalysisSession(detectDeltaMode(lines));
		session.deltaModeSettled = deltaModeSettled(lines);
		source = arraySource(lines);
	}
	const result = await run(session, source, options, false, clock);
	if (result) {
		result.session.text = text;
	}
	return result;
}

/** The head lines, then the rest of the probe's text. */
function continueSource(rest: LineSource, head: readonly string[]): LineSource {
	let h = 0;
	return {
		holdsBackEmptyLine: rest.holdsBackEmptyLine,
		next: () => h < head.length ? head[h++] : rest.next(),
		remaining: () => head.length - h + rest.remaining(),
	};
}

/**
 * The lines `text` adds to what `session` read, when it only adds whole lines at the end and the
 * reader can take them exactly; otherwise undefined (analyse the whole text again).
 */
export function appendedLines(session: AnalysisSession, text: string): string[] | undefined {
	const old = session.text;
	if (!session.continuable || old === undefined || !old.endsWith('\n') || text.length <= old.length || !text.startsWith(old)) {
		return undefined;
	}
	const added = splitLines(text.slice(old.length));
	const first = added[0] ?? '';
	// the first new line must start a new record, so that the last old packet was complete when
	// `finish` emitted it: not an indented continuation, not a tunnel's inner line
	if (first === '' || first.startsWith('\t') || (first.startsWith(' ') && !NUMBERED_LINE.test(first))) {
		return undefined;
	}
	let kind: string;
	try {
		kind = parsePacketLine(first, session.pushed).kind;
	} catch {
		return undefined;
	}
	if (kind !== 'packet' && kind !== 'ip-header' && kind !== 'banner') {
		return undefined;
	}
	const last = session.reader.packets[session.reader.packets.length - 1];
	if (last && last.tcp === undefined && / vni \d{1,8}$/.test(lastLineOf(old))) {
		return undefined; // a VXLAN outer line waits for its inner packet on the next line
	}
	if (!session.deltaModeSettled && added.some((l, i) => parseLineHeader(l, i).timestamp !== undefined)) {
		return undefined; // new time stamps could change how `-ttt`/`-ttttt` deltas are read
	}
	return added;
}

/** A `-#` numbered packet line (`    5  10:00:00.014200 IP …`), not an indented continuation. */
const NUMBERED_LINE = /^ {0,12}\d{1,12} {2}/;

/** The last non-empty line of a text ending with a line break. */
function lastLineOf(text: string): string {
	const end = text.endsWith('\r\n') ? text.length - 2 : text.length - 1;
	const start = Math.max(text.lastIndexOf('\n', end - 1), text.lastIndexOf('\r', end - 1)) + 1;
	return text.slice(start, end);
}

/**
 * Goes on with the lines `appendedLines` returned for `text`. The session's earlier analyses share
 * its packets and connections, which now grow: they belong to older versions of the document.
 */
export async function continueInSlices(session: AnalysisSession, text: string, added: readonly string[], options: SliceOptions): Promise<SlicedResult | undefined> {
	session.reopen();
	session.text = undefined; // set again once this run completes
	const result = await run(session, arraySource(added), options, true);
	if (result) {
		session.text = text;
	}
	return result;
}
