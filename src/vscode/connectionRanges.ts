/** Pure helper of the CodeLens adapter (no `vscode` import, so the unit tests can check it). */

/**
 * The line ranges of one connection's packet records (packet line and its continuation lines), with
 * records on consecutive lines merged into one range: a connection that is alone in a stretch of the
 * capture needs one selection, not one per packet.
 */
export function connectionLineRanges(records: ReadonlyArray<{ line: number; lastLine: number }>, lineCount: number): Array<{ first: number; last: number }> {
	const ranges: Array<{ first: number; last: number }> = [];
	for (const r of records) {
		if (r.line >= lineCount) {
			continue;
		}
		const last = Math.min(r.lastLine, lineCount - 1);
		const previous = ranges[ranges.length - 1];
		if (previous && r.line <= previous.last + 1) {
			previous.last = Math.max(previous.last, last);
		} else {
			ranges.push({ first: r.line, last });
		}
	}
	return ranges;
}
