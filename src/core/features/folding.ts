/**
 * Folding ranges: one per run of consecutive packets of the same connection (folds a connection
 * away where it is contiguous), and one per multi-line packet (`-v` second line, `-X`/`-x` hex,
 * `-A` payload), so a long dump folds to its packet line.
 */
import type { CaptureAnalysis } from '../store/capture';

export interface FoldData {
	/** 0-based, inclusive. */
	readonly startLine: number;
	readonly endLine: number;
	readonly kind: 'connection' | 'packet';
}

/**
 * `lineIsBlank(l)` tells trailing blank lines (kept in a record by the reader) from content, so a
 * fold does not swallow the empty line before the next packet.
 */
export function foldingRanges(analysis: CaptureAnalysis, lineIsBlank: (line: number) => boolean = () => false): FoldData[] {
	const out: FoldData[] = [];
	const packets = analysis.packets;
	let runStart = -1;
	let runEnd = -1;
	let runConn = -1;
	let runCount = 0;
	const closeRun = (): void => {
		if (runConn >= 0 && runCount > 1 && runEnd > runStart) {
			out.push({ startLine: runStart, endLine: runEnd, kind: 'connection' });
		}
	};
	for (const p of packets) {
		let last = Math.min(p.lastLine, analysis.lineCount - 1);
		while (last > p.line && lineIsBlank(last)) {
			last--;
		}
		if (last > p.line) {
			out.push({ startLine: p.line, endLine: last, kind: 'packet' });
		}
		const c = p.tcpInfo?.connection ?? -1;
		if (c >= 0 && c === runConn && p.line === runEnd + 1 + countBlank(runEnd, p.line, lineIsBlank)) {
			runEnd = last;
			runCount++;
		} else {
			closeRun();
			runConn = c;
			runStart = p.line;
			runEnd = last;
			runCount = 1;
		}
	}
	closeRun();
	return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

function countBlank(after: number, before: number, lineIsBlank: (line: number) => boolean): number {
	let n = 0;
	for (let l = after + 1; l < before && lineIsBlank(l); l++) {
		n++;
	}
	return n;
}
