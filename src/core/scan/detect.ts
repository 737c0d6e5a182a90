/**
 * Content sniffing: does this text look like tcpdump output? Used to switch `.log`/`.txt`/`.out`
 * and untitled documents to the `tcpdump` language.
 *
 * `looksLikeTcpdump(['17:16:09.924505 IP 131.155.215.69.46656 > 137.116.81.94.80: Flags [S], seq 797190859, win 65535, length 0'])`
 * is true; a web server log is not.
 *
 * Conservative: a single tcpdump-looking line buried in an application log does not switch the
 * language. Uses the parser's own line recognition (packetLine.ts), so the two never disagree.
 */

import { parsePacketLine } from './packetLine';

/** Continuation lines: `-v` decode, hex dumps, the second line of an IPv4 `-v` packet. */
const CONTINUATION = /^(?:\t| {4}\S)/;

/**
 * True when this one line is a tcpdump packet line: the parser's own recognition, a little
 * stricter for non-TCP lines (a known protocol, not just a timestamp) so that an application log
 * with microsecond stamps does not count.
 */
export function isTcpdumpPacketLine(line: string): boolean {
	const parsed = parsePacketLine(line, 0);
	switch (parsed.kind) {
		case 'packet':
			return parsed.tcp !== undefined || parsed.unreadable !== undefined || parsed.protocol !== 'other';
		case 'ip-header':
			return true;
		default:
			return false;
	}
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
		if (line.trim() === '' || parsePacketLine(line, 0).kind === 'banner') {
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
