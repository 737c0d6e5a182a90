/** Hovers on the TCP header's numbers and flags: `Flags [..]`, `seq`, `ack`, `length`, `urg`. */
import { sourceLineOf } from '../connectionView';
import { FIELDS, RELATIVE_NUMBERS } from '../../explain/fields';
import { type Block, type HoverDoc, type Inline, code, lineRef, p, teach } from '../../explain/render';
import { FLAG_COMBINATIONS, NO_FLAGS, OLD_STYLE_DOT, SIMULTANEOUS_COMBINATIONS, TCP_FLAGS, isTcpFlagChar } from '../../explain/tcpFlags';
import type { PacketRecord, Span, TcpSegment } from '../../types';
import { segmentEndsOf } from '../../store/segmentEnds';
import { type Ctx, earlier, fromPeer, isnOf, mod32, packet, payloadLength, peerRole, peerSynBefore, rich, role, sender, seqSpace } from './context';

/** How many earlier packets of a connection a hover looks through (each look may re-read a line). */
const SCAN_LIMIT = 256;
/** The relative-number base is set by the first ACK or a SYN-ACK: both come among the first packets. */
const BASE_SCAN_LIMIT = 64;

/** Modern letters for this packet's flags, whatever the printing style (3.x `S … ack` → `S.`). */
function combinationMeaning(ctx: Ctx, t: TcpSegment, combo: string): string | undefined {
	if (combo === '.' && payloadLength(t) > 0) {
		return 'ACK with data (no PSH).';
	}
	return (ctx.conn?.handshake.state === 'simultaneous' ? SIMULTANEOUS_COMBINATIONS[combo] : undefined) ?? FLAG_COMBINATIONS[combo];
}

function modernFlags(t: TcpSegment): string {
	const f = t.flags;
	if (!f) {
		return '';
	}
	if (t.style === 'modern') {
		return f.text;
	}
	let s = '';
	s += f.fin ? 'F' : '';
	s += f.syn ? 'S' : '';
	s += f.rst ? 'R' : '';
	s += f.psh ? 'P' : '';
	s += f.ack ? '.' : '';
	s += f.urg ? 'U' : '';
	s += f.ece ? 'E' : '';
	s += f.cwr ? 'W' : '';
	return s === '' ? 'none' : s;
}

export function explainFlag(ctx: Ctx, char: string): HoverDoc | undefined {
	const t = ctx.tcp;
	if (!t?.flags) {
		return undefined;
	}
	const old = t.style === 'old';
	const combo = modernFlags(t);
	const meaning = combinationMeaning(ctx, t, combo);
	const thisPacket: Inline[] = meaning ? [' — this packet: ', code(old ? t.flags.text : combo), old && combo !== t.flags.text ? ` (modern ${combo})` : '', ` = ${meaning}`] : [];
	const blocks: Block[] = [];
	let title: Inline[];
	if (char === 'none') {
		title = [code('none'), ` — ${NO_FLAGS.name}`, ...thisPacket];
		blocks.push(teach(NO_FLAGS.summary));
	} else if (char === '.' && old) {
		title = [code('.'), ' — no flag (3.x style)', ...thisPacket];
		blocks.push(p(t.ack ? 'This line has an ack field, so the ACK bit is set: a pure ACK.' : 'This line has no ack field: no flag bit is set at all.'));
		blocks.push(teach(...rich(OLD_STYLE_DOT.summary)));
	} else if (isTcpFlagChar(char)) {
		const info = TCP_FLAGS[char];
		title = [code(char), ` — ${info.name}`, ...thisPacket];
		if (old && char === 'S' && t.ack) {
			blocks.push(p('With the ack field on this line it is a SYN-ACK: the 3.x style prints no letter for ACK.'));
		}
		blocks.push(teach(...rich(info.summary)));
		if (char === '.') {
			blocks.push(teach(...rich('In the modern style `.` is ACK. In the tcpdump 3.x style it meant "none of S/F/R/P/W/E; ACK implied by the ack field".')));
		}
		blocks.push(teach(`(${info.rfc})`));
	} else {
		return undefined;
	}
	const h = ctx.conn?.handshake;
	if (t.flags.syn && !t.flags.ack && h) {
		if (h.state === 'simultaneous') {
			blocks.push(p('A simultaneous open: both sides sent a SYN, neither is the server; each then answers the other\'s SYN with a SYN-ACK (RFC 9293 §3.5).'));
		} else if (role(ctx) === 'client' && h.syns.length > 1) {
			const i = h.syns.indexOf(ctx.record.index);
			if (i > 0) {
				blocks.push(p(`SYN number ${i + 1} of this attempt: a retransmission (no answer to the earlier one${i > 1 ? 's' : ''}).`));
			}
		}
	}
	return { title, blocks };
}

/** `Flags [P.]` as a whole: what the combination means, and each letter. */
export function explainFlagSet(ctx: Ctx): HoverDoc | undefined {
	const t = ctx.tcp;
	if (!t?.flags) {
		return undefined;
	}
	const combo = modernFlags(t);
	const meaning = combinationMeaning(ctx, t, combo);
	const letters = t.flags.text === 'none' ? [] : [...t.flags.text];
	const items: Inline[][] = letters.filter(isTcpFlagChar).map(c => [code(c), ` ${TCP_FLAGS[c].name}`]);
	return {
		title: [code(t.style === 'old' ? t.flags.text : `Flags [${t.flags.text}]`), ' — TCP flags of this packet', ...(meaning ? [': ', code(combo), ` = ${meaning}`] : [])],
		blocks: [...(items.length > 0 ? [{ kind: 'list', items } as const] : []), teach(FIELDS.flags.summary)],
	};
}

function textOfSeq(t: TcpSegment): string {
	const s = t.seq;
	if (!s) {
		return '';
	}
	if (t.style === 'old') {
		return `${s.start}:${s.end ?? s.start}(${t.length ?? 0})`;
	}
	return s.end !== undefined ? `${s.start}:${s.end}` : `${s.start}`;
}

/** The packet that set tcpdump's relative-number base for this packet (format spec §11), if in this connection. */
function relativeBase(ctx: Ctx): PacketRecord | undefined {
	const conn = ctx.conn;
	if (!conn) {
		return undefined;
	}
	let base: PacketRecord | undefined;
	// bounded (each look re-reads a line): a re-seeding SYN-ACK comes early in a connection
	for (const i of conn.packets.length > BASE_SCAN_LIMIT ? conn.packets.slice(0, BASE_SCAN_LIMIT) : conn.packets) {
		const r = packet(ctx, i);
		if (!r || r.index > ctx.record.index) {
			break;
		}
		const f = r.tcp?.flags;
		if (f?.ack && (base === undefined || f.syn)) {
			base = r;
		}
	}
	return base;
}

/** Whether tcpdump printed this number relative, and relative to what. The same on every packet: teaching text. */
function relativeNote(ctx: Ctx, printedAbsolute: boolean, unknownAbsolute: boolean, what: 'seq' | 'ack'): Block[] {
	const conn = ctx.conn;
	if (!conn || conn.numbering === 'absolute') {
		return conn?.numbering === 'absolute' ? [teach('This capture prints absolute numbers (tcpdump -S).')] : [];
	}
	const base = relativeBase(ctx);
	if (printedAbsolute) {
		if (base && base.index === ctx.record.index) {
			return [p(`Printed absolute: this is the first packet with the ACK flag${ctx.tcp?.flags?.syn ? ' (a SYN-ACK)' : ''}, where tcpdump stores the base for its relative numbers. Later packets of this connection print numbers relative to it.`)];
		}
		return [];
	}
	const out: Block[] = [];
	if (unknownAbsolute) {
		// not generic: it says the absolute value is lost
		out.push(p('Printed relative to a base tcpdump took from an earlier packet', ...(base ? [' (', lineRef(sourceLineOf(base)), ')'] : []), `: that packet's own sequence number, which tcpdump does not print on a pure ACK. The absolute ${what} is not recoverable from this text; relative numbers still compare correctly with each other.`));
	} else if (base) {
		out.push(teach('Printed relative: tcpdump subtracted the base it stored at ', lineRef(sourceLineOf(base)), ` (the connection's ${base.tcp?.flags?.syn ? 'SYN-ACK' : 'first packet with the ACK flag'}).`));
	} else {
		out.push(teach('Printed relative, to a base stored by an earlier packet on the same address and port pair.'));
	}
	out.push(teach(RELATIVE_NUMBERS));
	return out;
}

export function explainSeq(ctx: Ctx): HoverDoc | undefined {
	const t = ctx.tcp;
	const seq = t?.seq;
	if (!t || !seq) {
		return undefined;
	}
	const info = ctx.record.tcpInfo;
	const who = sender(ctx);
	const blocks: Block[] = [];
	const len = payloadLength(t);
	const myIsn = isnOf(ctx, 'mine');
	const syn = !!t.flags?.syn;
	const fin = !!t.flags?.fin;
	// relative to a base the text never showed (capture starting with a pure ACK): no absolute value
	const absStart = info?.seqBaseKnown === false ? undefined : info?.absSeq;
	const printedAbsolute = absStart !== undefined && mod32(absStart) === mod32(seq.start);
	const absNote = absStart !== undefined && !printedAbsolute;
	let summary: string;
	if (syn) {
		const isnValue = absStart ?? seq.start;
		summary = `${who} chooses its initial sequence number (ISN) ${isnValue}`;
		blocks.push(p(`The SYN occupies one sequence number, so its first data byte will be ${mod32(isnValue + 1)} (relative 1) and the peer acknowledges the SYN with ack ${mod32(isnValue + 1 + len)}.`));
		if (len > 0) {
			blocks.push(p(`It also carries ${len} bytes of data (TCP Fast Open): ${mod32(isnValue + 1)} … ${mod32(isnValue + len)}.`));
		}
	} else if (len > 0) {
		const end = seq.end ?? mod32(seq.start + len);
		summary = `${who} sends ${len} byte${len === 1 ? '' : 's'}: ${seq.start} … ${mod32(end - 1)}`;
		blocks.push(p(`The end ${end} is exclusive: it is the seq of the next segment (tcpdump prints first:last with last not included).`));
	} else {
		summary = `${who}'s next sequence number is ${seq.start}; this segment carries no data${fin ? ' (the FIN takes one number)' : t.flags?.rst ? ' (a RST)' : ''}`;
	}
	if (fin) {
		const finSeq = mod32((absStart ?? seq.start) + len);
		blocks.push(p(`The FIN occupies one sequence number after the data: ${finSeq}${absNote ? ' (absolute)' : ''}; the peer acknowledges it with ack ${mod32(finSeq + 1)}${absNote ? ' (absolute)' : ''}.`));
	}
	const facts: Inline[][] = [];
	if (absStart !== undefined && !syn) {
		const absEnd = info?.absSeqEnd;
		facts.push([`absolute ${absEnd !== undefined && seq.end !== undefined ? `${absStart}:${absEnd}` : absStart}`]);
	}
	if (info?.relSeq !== undefined && myIsn !== undefined && !syn) {
		const relEnd = seq.end !== undefined ? info.relSeq + len : undefined;
		facts.push([`relative ${relEnd !== undefined ? `${info.relSeq}:${relEnd}` : info.relSeq} (counted from the ${role(ctx) ?? 'sender\'s'} ISN ${myIsn}, so the first data byte is 1)`]);
	}
	if (facts.length > 0) {
		blocks.push({ kind: 'list', items: facts });
	}
	if (!syn) {
		blocks.push(...relativeNote(ctx, printedAbsolute, absStart === undefined, 'seq'));
	}
	blocks.push(teach(FIELDS.seq.summary));
	return { title: [code(`seq ${textOfSeq(t)}`), ` — ${summary}.`], blocks };
}

/** A handshake finding on this ack already says what is wrong with it (shown below the rule): say it once. */
function saidByFinding(ctx: Ctx, span: Span): boolean {
	return ctx.analysis.findingsForPacket(ctx.record.index).some(f => f.code.startsWith('handshake.') && f.code.endsWith('ack-mismatch') && f.span.line === span.line && f.span.start < span.end && span.start < f.span.end);
}

/**
 * The earlier peer segment that ends at this ack. With the analysis's segment-end index the whole
 * connection is looked at; without it, its last SCAN_LIMIT packets (`too-far` when they hold none).
 */
function ackedSegment(ctx: Ctx, absAck: number): PacketRecord | 'too-far' | undefined {
	const index = segmentEndsOf(ctx.analysis);
	if (index && ctx.conn) {
		const found = index.latestEndingAt(ctx.conn.packets, ctx.record.index, absAck, q => {
			const r = packet(ctx, q);
			return r !== undefined && fromPeer(ctx, r);
		});
		return found === undefined ? undefined : packet(ctx, found);
	}
	let looked = 0;
	for (const r of earlier(ctx)) {
		if (++looked > SCAN_LIMIT) {
			return 'too-far'; // a hover answers in milliseconds, even on a 1,000,000-packet connection
		}
		if (!fromPeer(ctx, r) || r.tcpInfo?.absSeq === undefined) {
			continue;
		}
		const space = seqSpace(r);
		if (space > 0 && mod32(r.tcpInfo.absSeq + space) === mod32(absAck)) {
			return r;
		}
	}
	return undefined;
}

export function explainAck(ctx: Ctx): HoverDoc | undefined {
	const t = ctx.tcp;
	const ack = t?.ack;
	if (!t || !ack) {
		return undefined;
	}
	const info = ctx.record.tcpInfo;
	const me = role(ctx);
	const peer = peerRole(ctx);
	const blocks: Block[] = [];
	const abs = info?.ackBaseKnown === false ? undefined : info?.absAck;
	const printedAbsolute = abs !== undefined && mod32(abs) === mod32(ack.value);
	const peerIsn = isnOf(ctx, 'peer');
	const h = ctx.conn?.handshake;
	const title: Inline[] = [code(`ack ${ack.value}`), ` — ${sender(ctx)} has received everything before ${ack.value}${abs !== undefined && !printedAbsolute ? ` (absolute ${abs})` : ''} and expects that byte next.`];

	let explained = false;
	if (abs !== undefined && peerIsn !== undefined && h) {
		// only a SYN the peer sent BEFORE this packet can be what it acknowledges
		const peerSyn = peerSynBefore(ctx);
		const synData = peer === 'client' ? h.synDataLength : 0;
		const isSynAck = !!t.flags?.syn;
		const isHandshakeAck = !isSynAck && me === 'client' && h.ack === ctx.record.index;
		const where: Inline[] = peerSyn ? [' (', lineRef(sourceLineOf(peerSyn)), ')'] : [];
		const whose = peer ?? `${t.dst.text}'s`;
		const synName = peerSyn?.tcp?.flags?.ack ? 'SYN-ACK' : 'SYN';
		if (mod32(abs - peerIsn) === 1) {
			blocks.push(p(`ack ${ack.value} = ${whose} ISN ${peerIsn} + 1: acknowledges the ${peer === 'server' ? `server's SYN (the ${synName}` : peer === 'client' ? 'SYN' : `peer's ${synName}`}`, ...(peer === 'server' ? (peerSyn ? [' on ', lineRef(sourceLineOf(peerSyn)), ')'] : [')']) : where), `${isHandshakeAck ? '; this completes the three-way handshake' : ''}.`));
			explained = true;
		} else if (synData > 0 && mod32(abs - peerIsn) === 1 + synData) {
			blocks.push(p(`ack ${ack.value} = client ISN ${peerIsn} + 1 + ${synData}: acknowledges the SYN and its ${synData} bytes of Fast Open data`, ...where, '.'));
			explained = true;
		} else if (peer && (isSynAck || isHandshakeAck)) {
			if (!saidByFinding(ctx, ack.span)) {
				const expected = mod32(peerIsn + 1 + synData);
				blocks.push(p(`Expected ${peer} ISN ${peerIsn} + 1${synData > 0 ? ` + ${synData}` : ''} = ${expected}, but it acks ${abs}: it does not acknowledge the SYN`, ...where, '. The handshake is not valid.'));
			}
			if (isSynAck && ctx.conn?.numbering === 'relative') {
				blocks.push(p('tcpdump seeds its relative numbers from this ack, so the client\'s later relative sequence numbers are shifted by the difference (a seq like 4294967293 is the result).'));
			}
			explained = true;
		}
	}
	if (!explained && abs !== undefined) {
		const acked = ackedSegment(ctx, abs);
		if (acked === 'too-far') {
			blocks.push(p(`No segment among the ${SCAN_LIMIT} packets of this connection before this one ends exactly there.`));
		} else if (acked) {
			const tt = acked.tcp;
			const what = tt?.flags?.fin ? (payloadLength(tt) > 0 ? 'the data and the FIN' : 'the FIN') : 'the segment';
			blocks.push(p(`Acknowledges ${what} on `, lineRef(sourceLineOf(acked)), `${tt?.seq ? ` (seq ${textOfSeq(tt)})` : ''}: everything up to its end.`));
		} else if (ctx.conn && ctx.record.tcpInfo) {
			blocks.push(p('No earlier segment in this text ends exactly there (it may be cumulative over several segments, or the data was not captured).'));
		}
	}
	const facts: Inline[][] = [];
	if (abs !== undefined && !printedAbsolute) {
		facts.push([`absolute ${abs}`]);
	}
	if (info?.relAck !== undefined && peerIsn !== undefined) {
		facts.push([`relative ${info.relAck} (counted from the ${peer ?? 'peer'} ISN ${peerIsn})`]);
	}
	if (facts.length > 0) {
		blocks.push({ kind: 'list', items: facts });
	}
	if (!t.flags?.syn) {
		blocks.push(...relativeNote(ctx, printedAbsolute, abs === undefined, 'ack'));
	}
	blocks.push(teach(FIELDS.ack.summary));
	return { title, blocks };
}

export function explainUrg(ctx: Ctx): HoverDoc | undefined {
	const urg = ctx.tcp?.urg;
	if (!urg) {
		return undefined;
	}
	return {
		title: [code(`urg ${urg.value}`), ` — urgent data ends ${urg.value} byte${urg.value === 1 ? '' : 's'} after this segment's seq`],
		blocks: [teach(FIELDS.urg.summary)],
	};
}

export function explainLength(ctx: Ctx): HoverDoc | undefined {
	const t = ctx.tcp;
	if (!t || t.length === undefined) {
		return undefined;
	}
	const blocks: Block[] = [];
	const l = t.length;
	if (t.flags?.syn || t.flags?.fin) {
		blocks.push(p(`The ${t.flags.syn ? 'SYN' : 'FIN'} occupies one sequence number but no payload byte, so it is not counted here.`));
	}
	blocks.push(teach(FIELDS.length.summary));
	const what = l === 0 ? 'no payload: a control segment or a pure ACK' : `${l} byte${l === 1 ? '' : 's'} of TCP payload`;
	return { title: [code(t.style === 'old' ? `(${l})` : `length ${l}`), ` — ${what}`], blocks };
}
