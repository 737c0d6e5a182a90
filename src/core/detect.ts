/**
 * Content sniffing: does this text look like tcpdump output? Used to switch `.log`/`.txt`/`.out`
 * and untitled documents to the `tcpdump` language.
 *
 * `looksLikeTcpdump(['17:16:09.924505 IP 131.155.215.69.46656 > 137.116.81.94.80: Flags [S], seq 797190859, win 65535, length 0'])`
 * is true; a web server log is not.
 *
 * Deliberately cheap (a few anchored regexes over the first lines) and conservative: a single
 * tcpdump-looking line buried in an application log does not switch the language.
 */

/** Time forms of format spec §3. */
const TIME = String.raw`(?:(?:\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}:\d{2}\.\d{6,9}|\d{9,}\.\d{6,9}|[ -]\d{2}:\d{2}:\d{2}\.\d{6,9})`;
/** Start of a packet line: an optional `-#` number, then an optional timestamp. */
const PREFIX = String.raw`^(?:\s*\d+\s{2})?(?:caplen \d+ len \d+ )?${TIME}?\s*`;
/** The same with a timestamp required. */
const TIMED_PREFIX = String.raw`^(?:\s*\d+\s{2})?(?:caplen \d+ len \d+ )?${TIME}\s+`;

/** A TCP packet line (format spec §14), in the modern, 3.x, `-q` and truncated shapes. */
const TCP_LINE = new RegExp(PREFIX + String.raw`(?:\S+\s+(?:In|Out|B|M|P)\s+)?.*?[^\s,]+\.[^\s.]+ > [^\s,]+\.[^\s.:]+:\s(?:Flags \[|tcp \d|[SFRPWE.]+ (?:\d+:\d+\(\d+\) )?(?:ack \d+ )?win \d|\s\[\|tcp\])`);

/** Other tcpdump packet lines that need a timestamp to be recognised: IP/IP6/ARP with `>`. */
const OTHER_LINE = new RegExp(TIMED_PREFIX + String.raw`(?:\S+\s+(?:In|Out|B|M|P)\s+)?(?:IP6?|ARP|IP \(tos|IP6 \()[ ,].*(?: > |who-has|is-at)`);

/** IPv4 `-v` first line: `… IP (tos 0x0, ttl 64, …, length 60)`; its addresses are on the next line. */
const V_HEADER = new RegExp(PREFIX + String.raw`(?:\S+\s+(?:In|Out|B|M|P)\s+)?IP \(tos 0x[0-9a-f]+.*\)$`);

/** Lines tcpdump writes around a capture (format spec §12). */
const BANNER = /^(?:tcpdump: |listening on |reading from file |Warning: interface names|dropped privs|\d+ packets? (?:captured|received by filter|dropped by (?:kernel|interface)))/;

/** Continuation lines: `-v` decode, hex dumps, the second line of an IPv4 `-v` packet. */
const CONTINUATION = /^(?:\t| {4}\S)/;

/** True when this one line is a tcpdump packet line (any protocol tcpdump Lens knows the shape of). */
export function isTcpdumpPacketLine(line: string): boolean {
	return TCP_LINE.test(line) || OTHER_LINE.test(line) || V_HEADER.test(line);
}

/**
 * Decides from the first lines of a document (say the first 50) whether it is tcpdump output:
 * the first meaningful line (not blank, not a banner) is a packet line, or packet lines make up
 * at least a third of the meaningful lines (with at least 3 of them).
 */
export function looksLikeTcpdump(firstLines: readonly string[]): boolean {
	let packets = 0;
	let meaningful = 0;
	let firstMeaningfulIsPacket: boolean | undefined;
	for (const raw of firstLines) {
		const line = raw.replace(/\r$/, '');
		if (line.trim() === '' || BANNER.test(line)) {
			continue;
		}
		const isPacket = isTcpdumpPacketLine(line);
		if (!isPacket && CONTINUATION.test(line) && packets > 0) {
			continue;
		}
		meaningful++;
		if (isPacket) {
			packets++;
		}
		firstMeaningfulIsPacket ??= isPacket;
	}
	if (packets === 0) {
		return false;
	}
	return firstMeaningfulIsPacket === true || (packets >= 3 && packets * 3 >= meaningful);
}
