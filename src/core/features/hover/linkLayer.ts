/**
 * Hovers on the link and IP layer: `-e` MAC addresses, EtherType, VLAN tag and frame length;
 * `-i any` interface and direction; the `-v` IP header fields; `(DF)`; addresses and ports;
 * the `cksum` tcpdump verifies with `-v`; the protocol word (`IP`, `IP6`, `ARP`).
 */
import { DIRECTIONS, FIELDS, IP_HEADER_FIELDS, IP_HEADER_LAYOUT } from '../../explain/fields';
import { CHECKSUM_TEXTS, ETHERTYPES, LINK_TEXTS, OTHER_TEXTS, PROTOCOL_WORDS } from '../../explain/linkLayer';
import { portNumber, serviceName } from '../../explain/ports';
import { type Block, type HoverDoc, code, p, teach } from '../../explain/render';
import type { Endpoint } from '../../types';
import { type Ctx, connectionLine, rich } from './context';
import type { LineToken } from './lineTokens';

export function explainAddress(ctx: Ctx, e: Endpoint, isSrc: boolean): HoverDoc {
	const conn = ctx.conn;
	let who: string;
	if (conn?.handshake.state === 'simultaneous') {
		who = 'one side of a simultaneous open (both sides sent a SYN, so neither is the server)';
	} else if (conn?.client !== undefined && conn.server !== undefined) {
		who = e.text === conn.client ? 'the client (it sent the SYN)' : 'the server (it answered the SYN)';
	} else if (conn) {
		who = 'one end of the connection; client and server are unknown because the handshake is not in this text';
	} else {
		who = isSrc ? 'the sender' : 'the receiver';
	}
	const kind = addressKind(e.address);
	return {
		title: [code(e.text), ` — ${isSrc ? 'source' : 'destination'}: ${kind} ${e.address}, port ${e.port}; ${who}`],
		blocks: [p(...connectionLine(ctx)), teach(FIELDS.address.summary)],
	};
}

function addressKind(address: string): string {
	return address.includes(':') ? 'IPv6 address' : /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address) ? 'IPv4 address' : 'host name (tcpdump resolved it; -n prints addresses)';
}

export function explainPort(ctx: Ctx, e: Endpoint, isSrc: boolean): HoverDoc {
	const blocks: Block[] = [];
	const numeric = /^\d{1,5}$/.test(e.port);
	const n = portNumber(e.port);
	let first: string;
	if (numeric && n !== undefined) {
		const name = serviceName(n);
		first = name ? `port ${n} = ${name} (well-known service)` : n >= 32768 ? `port ${n}: no well-known service; in the ephemeral range a client's operating system picks from` : `port ${n}: not in tcpdump Lens' small services table`;
	} else if (n !== undefined) {
		first = `${e.port} = port ${n}: tcpdump printed the service name`;
		blocks.push(teach(FIELDS.port.summary));
	} else {
		first = `${e.port}: a service name tcpdump took from the services database`;
		blocks.push(teach(FIELDS.port.summary));
	}
	const conn = ctx.conn;
	if (conn?.client !== undefined && conn.server !== undefined && conn.handshake.state !== 'simultaneous') {
		blocks.unshift(p(e.text === conn.server ? 'The server\'s listening port.' : 'The client\'s port (usually chosen by its operating system).'));
	}
	blocks.push(p(...connectionLine(ctx)));
	return { title: [code(e.port), ` — ${isSrc ? 'source' : 'destination'} ${first}`], blocks };
}

export function explainInterface(ctx: Ctx): HoverDoc {
	return {
		title: [code(ctx.record.interfaceName ?? '?'), ` — ${FIELDS.interface.name}: seen on ${ctx.record.interfaceName ?? 'an unknown interface'}`],
		blocks: [teach(FIELDS.interface.summary)],
	};
}

export function explainDirection(ctx: Ctx): HoverDoc {
	const d = ctx.record.direction;
	return {
		title: [code(d ?? '?'), ` — ${FIELDS.direction.name}: ${d ? DIRECTIONS[d] : 'unknown'}`],
		blocks: [teach(FIELDS.direction.summary)],
	};
}

export function explainDf(): HoverDoc {
	return { title: [code('(DF)'), ` — ${FIELDS.df.name}`], blocks: [p(FIELDS.df.summary)] };
}

/** This packet's value of a `-v` IP header field, in words. */
function ipFieldValue(field: string, text: string): string | undefined {
	const n = /\d{1,10}/.exec(text.slice(field.length))?.[0];
	switch (field) {
		case 'ttl': case 'hlim': return n === undefined ? undefined : `${n} hop${n === '1' ? '' : 's'} left`;
		case 'length': return n === undefined ? undefined : `the IPv4 packet is ${n} bytes`;
		case 'payload length': return n === undefined ? undefined : `${n} bytes after the IPv6 header`;
		case 'id': return n === undefined ? undefined : `${n}`;
		case 'offset': return n === undefined ? undefined : n === '0' ? '0: not a later fragment' : `${n} bytes into the datagram`;
		case 'flags': return /DF/.test(text) ? 'DF set: don\'t fragment' : /MF/.test(text) ? 'MF set: more fragments follow' : 'none set';
		case 'proto': case 'next-header': return text.slice(field.length).replace(/^:?\s*/, '');
		default: return undefined;
	}
}

export function explainIpField(ctx: Ctx, field: string, text: string): HoverDoc {
	const info = IP_HEADER_FIELDS[field];
	const v6 = ctx.record.ipHeaderText?.includes('hlim') ?? false;
	const value = ipFieldValue(field, text);
	return {
		title: [code(text), ` — ${info?.name ?? FIELDS.ipHeader.name}${value ? `: ${value}` : ''}`],
		blocks: [...(info ? [p(info.summary)] : []), teach(v6 ? IP_HEADER_LAYOUT.v6 : IP_HEADER_LAYOUT.v4)],
	};
}

/** Link-layer and checksum tokens found in the line's text. */
export function explainLinkToken(ctx: Ctx, token: LineToken): HoverDoc | undefined {
	switch (token.kind) {
		case 'mac': {
			const mac = token.text.toLowerCase();
			const firstByte = parseInt(mac.slice(0, 2), 16);
			const kind = mac === 'ff:ff:ff:ff:ff:ff' ? 'the broadcast address (every host on the link)'
				: (firstByte & 1) === 1 ? 'a multicast (group) address'
					: `a unicast address${(firstByte & 2) === 2 ? ', locally administered (not a maker\'s OUI; often a VM or a randomised address)' : `, maker OUI ${mac.slice(0, 8)}`}`;
			return {
				title: [code(token.text), ` — link-layer ${token.isSrc ? 'source' : 'destination'} MAC (-e): ${kind}`],
				blocks: [teach(LINK_TEXTS.mac)],
			};
		}
		case 'ethertype': {
			const what = ETHERTYPES[token.hex.toLowerCase()] ?? `EtherType ${token.hex}, one tcpdump Lens does not know`;
			return { title: [code(token.text), ` — EtherType ${token.hex}: the frame carries ${what}`], blocks: [teach(LINK_TEXTS.ethertype)] };
		}
		case 'frameLength':
			return { title: [code(token.text), ` — the whole frame is ${token.value} bytes as captured`], blocks: [teach(LINK_TEXTS.frameLength)] };
		case 'vlan':
			return { title: [code(token.text), ` — VLAN ID ${token.value} (IEEE 802.1Q tag)`], blocks: [p(...rich(LINK_TEXTS.vlan))] };
		case 'vlanPriority':
			return { title: [code(token.text), ` — VLAN priority ${token.value}`], blocks: [p(LINK_TEXTS.vlanPriority)] };
		case 'cksum': {
			const proto = ctx.tcp ? 'TCP' : ctx.record.protocol === 'udp' ? 'UDP' : ctx.record.protocol.toUpperCase();
			if (token.computed === undefined) {
				return { title: [code(token.text), ` — ${proto} checksum ${token.value}, verified correct by tcpdump (-v)`], blocks: [teach(CHECKSUM_TEXTS.correct)] };
			}
			const out = ctx.record.direction === 'Out';
			const blocks: Block[] = [];
			if (out) {
				blocks.push(p('This packet was sent by the capturing host (direction Out): checksum offload, not damage.'));
			}
			blocks.push(p(CHECKSUM_TEXTS.incorrect), teach(...rich(CHECKSUM_TEXTS.offload)));
			return { title: [code(token.text), ` — ${proto} checksum ${token.value} in the packet, tcpdump computed ${token.computed}: they differ`], blocks };
		}
		case 'protocolWord': {
			const text = PROTOCOL_WORDS[token.text];
			return text ? { title: [code(token.text), ` — ${text}`], blocks: [p(OTHER_TEXTS.notAnalysedUnlessTcp)] } : undefined;
		}
		default:
			return undefined;
	}
}
