/**
 * Frame-by-frame scoring of the comparison layer (src/core/analyse/tsharkCompare.ts) against tshark `-2`'s
 * `tcp.analysis.*` fields, shared by the fixtures' agreement test and the public captures' one.
 * A field is excluded from the score on a frame when the text cannot decide it there: what the
 * comparison layer marks undecidable (timing with -t, window scale unknown, pure-ACK seq), and
 * tshark's 0-byte keep-alives (and their ACKs) in texts that print no seq for pure ACKs.
 */
import { COMPARED_FIELDS, type TsharkView } from '../../src/core/analyse/tsharkCompare';

export interface Score { tp: number; fp: number; fn: number; excluded: number }

/** The tshark facts one frame is scored on (a subset of test/fixtures/tshark_json.py's output). */
export interface TruthFrame {
	frame: number;
	stream: number | null;
	len: number | null;
	flags: string[];
}

export interface ScoreBoard {
	readonly scores: Map<string, Score>;
	readonly mismatches: string[];
	readonly exclusions: string[];
	/** Frames where we differ from tshark on purpose (DELIBERATE), with the reason. */
	readonly deliberate: string[];
}

/** Frames where we differ from tshark on purpose: none of their fields is scored. */
export const DELIBERATE: readonly { readonly reason: string; readonly applies: (view: TsharkView, frameIndex: number) => boolean }[] = [
	{
		reason: 'the same segment seen twice by -i any (capture.duplicate-packet); tshark flags the copy as a retransmission or a duplicate ACK',
		applies: (view, i) => {
			const packet = view.frames[i]?.packet ?? -1;
			return view.analysis.packets[packet]?.tcpInfo?.duplicateOf !== undefined
				&& view.analysis.findings.some(f => f.packet === packet && f.code === 'capture.duplicate-packet');
		},
	},
];

export function deliberateReason(view: TsharkView, frameIndex: number): string | undefined {
	return DELIBERATE.find(d => d.applies(view, frameIndex))?.reason;
}

export function newScoreBoard(): ScoreBoard {
	return {
		scores: new Map<string, Score>(COMPARED_FIELDS.map(f => [f, { tp: 0, fp: 0, fn: 0, excluded: 0 }])),
		mismatches: [],
		exclusions: [],
		deliberate: [],
	};
}

const KEEPALIVE = 'tcp.analysis.keep_alive';
const KEEPALIVE_ACK = 'tcp.analysis.keep_alive_ack';
const DUPACK = 'tcp.analysis.duplicate_ack';

/**
 * Scores the frames of one text. `pairs` maps each scored tshark frame to our frame index in
 * `view.frames` (the fixtures: frame n = the n-th packet; public captures: only the frames both
 * tools see as the same TCP packet).
 */
export function scoreFrames(board: ScoreBoard, label: string, view: TsharkView, pairs: readonly (readonly [TruthFrame, number])[]): void {
	// a 0-byte keep-alive is undecidable without the pure ACK's seq; so is its ACK
	const zeroKeepAliveStreams = new Set<number>();
	for (const [t, i] of pairs) {
		const ours = view.frames[i];
		if (!ours) {
			continue;
		}
		const rec = view.analysis.packets[ours.packet];
		const noSeq = rec?.tcp?.seq === undefined;
		const excludedHere = new Set<string>(ours.undecidable);
		const onPurpose = deliberateReason(view, i);
		if (onPurpose !== undefined) {
			COMPARED_FIELDS.forEach(f => excludedHere.add(f));
			board.deliberate.push(`${label} frame ${t.frame}: ${[...t.flags].map(f => f.replace('tcp.analysis.', '')).join(', ') || 'nothing'} (${onPurpose})`);
		} else if (t.flags.includes(KEEPALIVE) && t.len === 0 && noSeq) {
			[KEEPALIVE, KEEPALIVE_ACK, DUPACK].forEach(f => excludedHere.add(f));
			zeroKeepAliveStreams.add(t.stream ?? -1);
			board.exclusions.push(`${label} frame ${t.frame}: 0-byte keep-alive, no seq printed (use -vv)`);
		} else if (t.flags.includes(KEEPALIVE_ACK) && zeroKeepAliveStreams.has(t.stream ?? -1)) {
			[KEEPALIVE, KEEPALIVE_ACK, DUPACK].forEach(f => excludedHere.add(f));
			board.exclusions.push(`${label} frame ${t.frame}: ACK of a 0-byte keep-alive`);
			zeroKeepAliveStreams.delete(t.stream ?? -1);
		}
		for (const field of COMPARED_FIELDS) {
			const s = board.scores.get(field)!;
			const want = t.flags.includes(field);
			const got = ours.fields.includes(field);
			if (excludedHere.has(field)) {
				if (want || got) {
					s.excluded++;
					if (ours.undecidable.includes(field)) {
						board.exclusions.push(`${label} frame ${t.frame}: ${field.replace('tcp.analysis.', '')} (${ours.reasons.join('; ')})`);
					}
				}
				continue;
			}
			if (want && got) {
				s.tp++;
			} else if (got) {
				s.fp++;
				board.mismatches.push(`${label} frame ${t.frame} (line ${ours.line + 1}): extra ${field}`);
			} else if (want) {
				s.fn++;
				board.mismatches.push(`${label} frame ${t.frame} (line ${ours.line + 1}): missed ${field}`);
			}
		}
	}
}

export interface ScoreRow extends Score {
	readonly field: string;
	readonly p: number | undefined;
	readonly r: number | undefined;
	readonly f1: number | undefined;
}

export function scoreRows(board: ScoreBoard): ScoreRow[] {
	return [...board.scores.entries()].map(([field, s]) => {
		const p = s.tp + s.fp === 0 ? undefined : s.tp / (s.tp + s.fp);
		const r = s.tp + s.fn === 0 ? undefined : s.tp / (s.tp + s.fn);
		const f1 = p === undefined || r === undefined ? (p ?? r) : (p + r === 0 ? 0 : 2 * p * r / (p + r));
		return { field: field.replace('tcp.analysis.', ''), ...s, p, r, f1 };
	});
}

export function fmtRatio(x: number | undefined): string {
	return x === undefined ? '   -' : x.toFixed(2);
}

/** The per-field table, one line per field. */
export function scoreTable(rows: readonly ScoreRow[]): string[] {
	return [
		'  field                    tp   fp   fn  excl  precision recall   F1',
		...rows.map(r => `  ${r.field.padEnd(22)} ${String(r.tp).padStart(4)} ${String(r.fp).padStart(4)} ${String(r.fn).padStart(4)} ${String(r.excluded).padStart(5)}  ${fmtRatio(r.p).padStart(9)} ${fmtRatio(r.r).padStart(6)} ${fmtRatio(r.f1).padStart(4)}`),
	];
}
