/**
 * Packet ranges for captures whose text does not fit one editor document (VS Code shows extensions
 * no document above 50 MB): the editor renders packets K–M and says so on the document's first line.
 * Numbers are tcpdump's `-#` numbers: 1-based, in file order, inclusive at both ends.
 *
 *   pageRanges(1_000_000, 300_000)  // 1–300,000, 300,001–600,000, 600,001–900,000, 900,001–1,000,000
 *   parsePacketRange('5000-', 9000) // { first: 5000, last: 9000 }
 */
export interface PacketRange {
	readonly first: number;
	readonly last: number;
}

/** `1–300,000` (en dash, thousands separators: what the range picker and the document show). */
export function rangeText(range: PacketRange): string {
	return `${groupDigits(range.first)}–${groupDigits(range.last)}`;
}

export function groupDigits(n: number): string {
	return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** Consecutive ranges of `pageSize` packets covering 1…total (the last one shorter). */
export function pageRanges(total: number, pageSize: number): PacketRange[] {
	const size = Math.max(1, Math.floor(pageSize));
	const ranges: PacketRange[] = [];
	for (let first = 1; first <= total; first += size) {
		ranges.push({ first, last: Math.min(total, first + size - 1) });
	}
	return ranges;
}

/**
 * Reads what a user types for a range: `K-M`, `K–M`, `K..M`, `K-` (to the end), `K` (one packet),
 * with optional thousands separators. Returns the range or a message saying what is wrong.
 */
export function parsePacketRange(text: string, total: number): PacketRange | string {
	const m = /^\s*([\d,_]+)\s*(?:(?:-|–|\.\.)\s*([\d,_]*)\s*)?$/.exec(text);
	if (!m) {
		return 'type a range of packet numbers, e.g. 1000-2000 or 5000- (to the end)';
	}
	const first = Number(m[1]!.replace(/[,_]/g, ''));
	const last = m[2] === undefined ? first : m[2] === '' ? total : Number(m[2].replace(/[,_]/g, ''));
	if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || first < 1) {
		return 'packet numbers start at 1';
	}
	if (first > total) {
		return `the capture has ${groupDigits(total)} packets`;
	}
	if (last < first) {
		return 'the range ends before it starts';
	}
	return { first, last: Math.min(last, total) };
}

/** The range as it travels in a document uri (`packets=K-M`), and back. */
export function formatRangeParam(range: PacketRange): string {
	return `packets=${range.first}-${range.last}`;
}

export function parseRangeParam(text: string): PacketRange | undefined {
	const m = /^packets=(\d{1,15})-(\d{1,15})$/.exec(text);
	if (!m) {
		return undefined;
	}
	const first = Number(m[1]);
	const last = Number(m[2]);
	return first >= 1 && last >= first ? { first, last } : undefined;
}

/**
 * The first line of a document that shows part of a capture: which packets, of how many, why, and
 * how to see the others. Written so that tcpdump Lens's parser reads it as a non-packet line.
 */
export function partialCaptureLine(shown: PacketRange | undefined, total: number, timeZone: string, command: string): string {
	// ASCII hyphen: the editor boxes an en dash as an ambiguous character
	const which = shown ? `packets ${groupDigits(shown.first)}-${groupDigits(shown.last)} of ${groupDigits(total)}` : `no packets of ${groupDigits(total)}`;
	return `tcpdump Lens: ${which} (a document holds at most 50 MB of text; "${command}" shows other packets). Time stamps: ${timeZone}.`;
}
