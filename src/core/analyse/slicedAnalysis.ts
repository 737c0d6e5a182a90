/**
 * The analysis as an editor runs it: the same CaptureReader, fed in slices that each hold the thread
 * for at most `sliceBudgetMs` (measured, not a line count), with budgets on connections and packets
 * past which it stops and says where, instead of growing without bound. The VS Code adapter
 * (src/vscode/documentModel.ts) and the benchmark drive this one function.
 */
import { CaptureReader, detectDeltaMode, toAnalysis, type CaptureAnalysis } from '../store/capture';

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
}

/** How often (in lines) the clock and the budgets are read inside a slice. */
const CHECK_EVERY_LINES = 256;

/** Reads `lines` in slices; `undefined` when `yieldNow` said the work is no longer wanted. */
export async function analyseInSlices(lines: readonly string[], options: SliceOptions): Promise<SlicedResult | undefined> {
	const reader = new CaptureReader({ deltaMode: detectDeltaMode(lines) });
	let sliceStart = options.now();
	let longest = 0;
	let slices = 1;
	let limit: AnalysisLimit | undefined;
	for (let i = 0; i < lines.length; i++) {
		reader.push(lines[i] ?? '');
		if (i % CHECK_EVERY_LINES !== CHECK_EVERY_LINES - 1) {
			continue;
		}
		const over = reader.tracker.count >= options.maxConnections ? 'connections'
			: reader.counts.packets >= options.maxPackets ? 'packets' : undefined;
		if (over) {
			limit = { reason: over, stoppedAtLine: i + 1, lineCount: lines.length, connections: reader.tracker.count, packets: reader.counts.packets };
			break;
		}
		const elapsed = options.now() - sliceStart;
		if (elapsed >= options.sliceBudgetMs) {
			longest = Math.max(longest, elapsed);
			if (!await options.yieldNow()) {
				return undefined;
			}
			slices++;
			sliceStart = options.now();
		}
	}
	reader.finish();
	const analysis = toAnalysis(reader);
	longest = Math.max(longest, options.now() - sliceStart);
	return { analysis, limit, longestSliceMs: longest, slices };
}
