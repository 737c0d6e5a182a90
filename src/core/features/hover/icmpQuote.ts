/**
 * The hover on a TCP header quoted inside an ICMP error (`-v`, zeek's smtp.pcap):
 *
 *     192.168.1.1 > 10.10.1.4: ICMP 74.53.140.153 unreachable - need to frag (mtu 1492), length 556
 *     	IP (tos 0x0, ttl 126, id 9551, offset 0, flags [DF], proto TCP (6), length 1500)
 *         10.10.1.4.1470 > 74.53.140.153.25: Flags [.], seq 151:1611, ack 463, win 65073, length 1460: SMTP
 *
 * says which segment of which connection the ICMP sender refused, and why: "The router 192.168.1.1
 * refused this segment of connection 10.10.1.4.1470 → 74.53.140.153.25 (line 66: seq 151:1611,
 * length 1460): need to frag, its next-hop MTU is 1492". The quote is part of the ICMP packet
 * (`PacketRecord.quotedTcp`), never analysed; the segment is found among the connection's earlier
 * packets by its absolute sequence range, without parsing them again.
 */
import { ICMP_QUOTE_TEXTS, icmpReason } from '../../explain/icmpQuote';
import { type HoverDoc, type Inline, code, lineRef, p, teach } from '../../explain/render';
import type { Position, Span, TcpSegment } from '../../types';
import { type Ctx, mod32 } from './context';

/** How far back (in packets) the refused segment is looked for: an ICMP error follows its segment closely. */
const LOOK_BACK = 100000;

/** The quoted TCP header of this (ICMP) packet under the cursor, if any. */
export function quotedTcpAt(ctx: Ctx, pos: Position): { quote: TcpSegment; span: Span } | undefined {
	for (const quote of ctx.record.quotedTcp ?? []) {
		if (quote.line !== pos.line) {
			continue;
		}
		const end = quote.lengthSpan?.end ?? quote.win?.span.end ?? quote.flags?.span.end ?? quote.dst.span.end;
		const span: Span = { line: quote.line, start: quote.src.span.start, end };
		if (pos.character >= span.start && pos.character < span.end) {
			return { quote, span };
		}
	}
	return undefined;
}

export function explainQuotedTcp(ctx: Ctx, quote: TcpSegment): HoverDoc {
	const icmp = icmpLine(ctx, quote.line);
	const found = icmp ? icmpReason(icmp.message) : undefined;
	const sender = icmp?.sender ?? 'the ICMP sender';
	const who = found ? `The ${found.reason.sender} ${sender}` : `${sender}`;
	const why = found ? found.reason.why(found.match) : ICMP_QUOTE_TEXTS.generic;
	const seqText = quote.seq ? (quote.seq.end === undefined ? `seq ${quote.seq.start}` : `seq ${quote.seq.start}:${quote.seq.end}`) : undefined;
	const facts = [seqText, quote.length === undefined ? undefined : `length ${quote.length}`].filter((x): x is string => x !== undefined).join(', ');
	const segmentLine = refusedSegmentLine(ctx, quote);
	const where: Inline[] = segmentLine === undefined
		? [` (${facts}${facts ? '; ' : ''}${ICMP_QUOTE_TEXTS.notFound})`]
		: [' (', lineRef(segmentLine), facts ? `: ${facts})` : ')'];
	return {
		title: [ICMP_QUOTE_TEXTS.title, ': ', code(`${quote.src.text} > ${quote.dst.text}`)],
		blocks: [
			p(`${who} refused this segment of connection ${quote.src.text} → ${quote.dst.text}`, ...where, `: ${why}.`),
			p(ICMP_QUOTE_TEXTS.notTraffic),
			...(found ? [teach(found.reason.teaching)] : []),
		],
	};
}

/** The ICMP message line of this packet before the quote: its sender and message (what follows `ICMP `). */
function icmpLine(ctx: Ctx, before: number): { sender: string; message: string } | undefined {
	for (let line = Math.max(ctx.record.line, before - 8); line < before; line++) {
		const text = ctx.lineText(line);
		if (text === undefined) {
			continue;
		}
		const at = text.indexOf(': ICMP');
		const arrow = text.lastIndexOf(' > ', at);
		if (at < 0 || arrow < 0) {
			continue;
		}
		const head = text.slice(0, arrow);
		const sender = head.slice(head.lastIndexOf(' ') + 1);
		let message = text.slice(at + 2).replace(/^ICMP6?,? /, '');
		const length = message.lastIndexOf(', length ');
		if (length >= 0) {
			message = message.slice(0, length);
		}
		return { sender, message };
	}
	return undefined;
}

/**
 * The line of the segment the quote repeats: the latest earlier packet of the same connection and
 * direction with the same absolute sequence range. The quote prints its numbers as the connection's
 * lines do (relative or `-S`): the offset comes from the nearest packet that printed a seq.
 */
function refusedSegmentLine(ctx: Ctx, quote: TcpSegment): number | undefined {
	const qs = quote.seq;
	if (!qs) {
		return undefined;
	}
	const packets = ctx.analysis.packets;
	const connections = ctx.analysis.connections;
	let offset: number | undefined;
	let parsed = 0;
	for (let i = ctx.record.index - 1; i >= 0 && i >= ctx.record.index - LOOK_BACK; i--) {
		const info = packets[i]?.tcpInfo;
		const conn = info ? connections[info.connection] : undefined;
		if (!info || !conn || conn.endpoints[info.fromFirst ? 0 : 1] !== quote.src.text || conn.endpoints[info.fromFirst ? 1 : 0] !== quote.dst.text) {
			continue;
		}
		if (offset === undefined) {
			if (parsed++ > 50) {
				break;
			}
			if (info.absSeq === undefined) {
				continue;
			}
			const seq = packets[i]!.tcp?.seq;
			if (!seq) {
				continue;
			}
			offset = mod32(info.absSeq - seq.start);
		}
		if (info.absSeq === mod32(qs.start + offset) && (qs.end === undefined || info.absSeqEnd === mod32(qs.end + offset))) {
			return packets[i]!.tcp?.line ?? packets[i]!.line;
		}
	}
	return undefined;
}
