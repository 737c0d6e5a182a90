/** Hovers on the receive window (`win`) and on the TCP options (`mss`, `wscale`, `sack`, `TS`, …). */
import { sourceLineOf } from '../connectionView';
import { FIELDS } from '../../explain/fields';
import { type Block, type HoverDoc, type Inline, code, lineRef, p, teach } from '../../explain/render';
import { DEFAULT_MSS_IPV4, DEFAULT_MSS_IPV6, MAX_WSCALE, TCP_OPTIONS } from '../../explain/tcpOptions';
import type { PacketRecord, TcpOption } from '../../types';
import { type Ctx, earlier, fmtMs, fromPeer, isIpv6, mod32, packet, rich, role, sender } from './context';

/** `65536` → `65,536`: window sizes are read at a glance. */
export function groupDigits(n: number): string {
	return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** RFC 7323 §2.3: a shift over 14 is used as 14. */
const effectiveShift = (shift: number): number => Math.min(shift, MAX_WSCALE);

export function explainWin(ctx: Ctx): HoverDoc | undefined {
	const t = ctx.tcp;
	const win = t?.win;
	if (!t || !win) {
		return undefined;
	}
	const me = role(ctx);
	const who = sender(ctx);
	const blocks: Block[] = [];
	const h = ctx.conn?.handshake;
	const beyond = t.ack ? `beyond ack ${t.ack.value}` : 'beyond its ack';
	const fromClient = ctx.record.tcpInfo?.fromClient;
	let effective: number | undefined;
	let first: string;
	if (t.flags?.syn) {
		effective = win.value;
		first = t.flags.ack
			? `${who}'s initial window: ${groupDigits(win.value)} bytes ${beyond}, never scaled in a SYN-ACK`
			: `${who}'s initial receive window: ${groupDigits(win.value)} bytes; a SYN's window is never scaled, and there is no ack yet`;
		blocks.push(p('The window of a SYN or SYN-ACK is never scaled: the scale (wscale) it announces applies to the windows after the handshake (RFC 7323 §2.2).'));
	} else if (!h || h.state === 'none' || fromClient === undefined) {
		first = `raw value ${groupDigits(win.value)}; scale unknown, so at least ${groupDigits(win.value)} bytes ${beyond}`;
		blocks.push(p('The SYNs of this connection are not in this text, so the window scale (wscale) is unknown: the real window is this value × 2^shift, shift 0 to 14.'));
	} else {
		const mine = fromClient ? h.clientWscale : h.serverWscale;
		const theirs = fromClient ? h.serverWscale : h.clientWscale;
		const mySyn = packet(ctx, fromClient ? h.syn : h.synAck);
		const bothSyns = h.syn !== undefined && (h.synAck !== undefined || h.state === 'simultaneous');
		if (mine !== undefined && theirs !== undefined) {
			const shift = effectiveShift(mine);
			effective = win.value * 2 ** shift;
			first = `${win.value} × 2^${shift} = ${groupDigits(effective)} bytes ${beyond} that ${who} can still receive`;
			const synName = me === 'server' ? 'SYN-ACK' : 'SYN';
			blocks.push(p(`wscale ${mine}${mine > MAX_WSCALE ? ` (used as ${MAX_WSCALE}, RFC 7323 §2.3)` : ''} from its ${synName}`, ...(mySyn ? [' on ', lineRef(sourceLineOf(mySyn))] : []), `: the receiver multiplies the printed ${win.value} by ${groupDigits(2 ** shift)}.`));
		} else if (bothSyns) {
			effective = win.value;
			first = `${groupDigits(win.value)} bytes ${beyond} (no window scaling on this connection)`;
			blocks.push(p(`No window scaling: it needs wscale in both SYNs${mine === undefined && theirs === undefined ? ', and neither carried it' : ''}.`));
		} else {
			first = `raw value ${groupDigits(win.value)}; scale unknown, so at least ${groupDigits(win.value)} bytes ${beyond}`;
			blocks.push(p('One of the SYNs is not in this text, so whether window scaling is in force is unknown.'));
		}
	}
	if (win.value === 0) {
		first = `zero window: ${who}'s receive buffer is full; the peer must stop sending until a window update`;
	}
	if (effective !== undefined && effective > 0 && h) {
		const msses = [h.clientMss, h.serverMss].filter((m): m is number => m !== undefined);
		const mss = msses.length > 0 ? Math.min(...msses) : isIpv6(t) ? DEFAULT_MSS_IPV6 : DEFAULT_MSS_IPV4;
		const segs = Math.floor(effective / mss);
		blocks.push(p(`${effective} bytes ≈ ${segs} full segment${segs === 1 ? '' : 's'} of MSS ${mss}${msses.length === 0 ? ' (the default: no mss option in the SYNs)' : ''}.`));
	}
	if (!t.flags?.syn) {
		blocks.push(teach(FIELDS.win.summary));
	}
	return { title: [code(`win ${win.value}`), ` — ${first}.`], blocks };
}

function numbersIn(text: string): number[] {
	return (text.match(/\d{1,12}/g) ?? []).map(Number);
}

export function explainOption(ctx: Ctx, o: TcpOption): HoverDoc | undefined {
	const t = ctx.tcp;
	if (!t) {
		return undefined;
	}
	const info = TCP_OPTIONS[o.kind];
	const blocks: Block[] = [];
	const who = sender(ctx);
	const h = ctx.conn?.handshake;
	let first: Inline[] = [info.name];
	switch (o.kind) {
		case 'mss': {
			const n = numbersIn(o.text)[0];
			if (n !== undefined) {
				const hdr = isIpv6(t) ? 60 : 40;
				first = [`${who} accepts segments of at most ${n} payload bytes`];
				blocks.push(p(`${n} + ${hdr} bytes of ${isIpv6(t) ? 'IPv6' : 'IPv4'} and TCP headers = an MTU of ${n + hdr}${n + hdr === 1500 ? ', i.e. Ethernet' : ''}.`));
			}
			break;
		}
		case 'wscale': {
			const s = numbersIn(o.text)[0];
			if (s !== undefined) {
				const shift = effectiveShift(s);
				first = [`${who}'s later windows are multiplied by 2^${shift} = ${groupDigits(2 ** shift)}`];
				if (s > MAX_WSCALE) {
					blocks.push(p(`Shift ${s} is above the maximum ${MAX_WSCALE}: receivers use ${MAX_WSCALE} (RFC 7323 §2.3).`));
				}
				if (h && h.syn !== undefined && (h.synAck !== undefined || h.state === 'simultaneous')) {
					const both = h.clientWscale !== undefined && h.serverWscale !== undefined;
					blocks.push(p(both ? `Both SYNs carry wscale (${h.clientWscale} and ${h.serverWscale}): scaling is in force.` : 'The other SYN carries no wscale: scaling is NOT in force; windows are used as printed.'));
				}
			}
			break;
		}
		case 'sackOK': {
			if (h && h.syn !== undefined && h.synAck !== undefined) {
				first = [h.clientSackOk && h.serverSackOk ? 'both SYNs carry sackOK: SACK is in use on this connection' : 'only one SYN carries sackOK: SACK is not used'];
			}
			break;
		}
		case 'sack': {
			const blocksText = [...o.text.matchAll(/\{(\d{1,12}):(\d{1,12})\}/g)];
			const items: Inline[][] = blocksText.map(m => {
				const l = Number(m[1]);
				const r = Number(m[2]);
				const n = mod32(r - l);
				return [`{${l}:${r}}: bytes ${l} … ${mod32(r - 1)} (${n} byte${n === 1 ? '' : 's'}) received`];
			});
			if (items.length > 0) {
				first = [`${who} reports ${items.length} block${items.length === 1 ? '' : 's'} received above its ack${t.ack ? ` ${t.ack.value}` : ''}`];
				blocks.push({ kind: 'list', items });
				const firstBlock = blocksText[0];
				if (t.ack && firstBlock) {
					const gap = mod32(Number(firstBlock[1]) - t.ack.value);
					if (gap > 0 && gap < 2 ** 31) {
						blocks.push(p(`Missing: ${t.ack.value} … ${mod32(Number(firstBlock[1]) - 1)} (${gap} bytes), which the peer should retransmit.`));
					}
				}
			}
			break;
		}
		case 'TS': {
			const [val, ecr] = numbersIn(o.text);
			if (val !== undefined) {
				first = [`val ${val}: ${who}'s timestamp clock`];
				blocks.push(teach('The clock has an arbitrary origin and rate (often 1 ms): only differences between two vals of the same side mean something.'));
			}
			if (ecr !== undefined) {
				if (ecr === 0 && t.flags?.syn && !t.flags.ack) {
					blocks.push(p('ecr 0: nothing to echo yet in a first SYN.'));
				} else {
					let echoed: PacketRecord | undefined;
					for (const r of earlier(ctx)) {
						if (fromPeer(ctx, r) && r.tcp?.tsVal === ecr) {
							echoed = r;
						}
						if (echoed && r.tcp?.tsVal !== ecr) {
							break;
						}
					}
					const dt = echoed && echoed.time !== undefined && ctx.record.time !== undefined ? ` ${fmtMs((ctx.record.time - echoed.time) * 1000)} ago` : '';
					blocks.push(p(`ecr ${ecr}: echoes the peer's TS val`, ...(echoed ? [' first sent on ', lineRef(sourceLineOf(echoed)), dt] : []), '.'));
				}
			}
			break;
		}
		case 'tfo':
		case 'exp-tfo':
			first = [/cookiereq/.test(o.text) ? 'cookiereq: the client asks for a Fast Open cookie to use on its next connection' : /cookie/.test(o.text) ? 'cookie: presents (client) or hands out (server) a Fast Open cookie' : 'Fast Open option'];
			break;
		default:
			break;
	}
	blocks.push(teach(...rich(info.summary)), teach(`(${info.rfc})`));
	return { title: [code(o.text), ' — ', ...first], blocks };
}

export function explainOptionList(ctx: Ctx): HoverDoc | undefined {
	const t = ctx.tcp;
	if (!t) {
		return undefined;
	}
	const names = t.options.filter(o => o.kind !== 'nop' && o.kind !== 'eol').map(o => TCP_OPTIONS[o.kind].name);
	return {
		title: [FIELDS.options.name, ': ', names.length > 0 ? [...new Set(names)].join(', ') : 'only padding'],
		blocks: [teach(FIELDS.options.summary)],
	};
}
