/**
 * parsePacketLine / parseAddressLine / parseLineHeader / isPacketLine on real lines: the fixtures
 * (tcpdump 4.99.3), tcpdump's own test outputs and the examples of design/tcpdump-text-format.md.
 * Expected values are read off the lines by hand; every span is checked by the text it covers.
 */
import * as assert from 'assert';
import { isPacketLine, parseAddressLine, parseLineHeader, parsePacketLine, type ParsedLine } from '../../src/core/scan/packetLine';
import type { NumberField, TcpSegment, TcpFlags, TimestampForm } from '../../src/core/types';

interface Want {
	kind?: ParsedLine['kind'];
	protocol?: string;
	style?: TcpSegment['style'];
	/** [form, seconds, text of the span] */
	ts?: [TimestampForm, number, string] | null;
	num?: [number, string];
	iface?: [string, string];
	/** [whole token, address, port] */
	src?: [string, string, string];
	dst?: [string, string, string];
	flags?: string;
	bits?: Partial<Record<keyof Omit<TcpFlags, 'text' | 'span'>, boolean>>;
	/** [start, end, text of the span] */
	seq?: [number, number | undefined, string] | null;
	ack?: number | null;
	win?: number | null;
	urg?: number | null;
	options?: string[];
	optionsSpan?: string | null;
	mss?: number;
	wscale?: number;
	sackOk?: boolean;
	tsValEcr?: [number, number];
	sack?: [number, number][];
	tfo?: boolean;
	length?: number | null;
	/** 3.x lines without a range: length 0, nothing printed */
	lengthImplied?: number;
	truncated?: boolean;
}

interface Case { name: string; line: string; want: Want }

const at = (text: string, s: { start: number; end: number } | undefined) => (s ? text.slice(s.start, s.end) : undefined);

function check(name: string, text: string, parsed: ParsedLine, want: Want): void {
	const m = (what: string) => `${name}: ${what}`;
	if (want.kind) {
		assert.strictEqual(parsed.kind, want.kind, m('kind'));
	}
	if (parsed.kind !== 'packet' && parsed.kind !== 'inner' && parsed.kind !== 'ip-header') {
		return;
	}
	if (want.protocol) {
		assert.strictEqual(parsed.protocol, want.protocol, m('protocol'));
	}
	if (parsed.kind !== 'inner') {
		const h = parsed.header;
		if (want.ts !== undefined) {
			if (want.ts === null) {
				assert.strictEqual(h.timestamp, undefined, m('no timestamp'));
			} else {
				assert.strictEqual(h.timestamp?.form, want.ts[0], m('timestamp form'));
				// doubles near 1.4e9 keep ~0.2 µs; elsewhere nanoseconds
				assert.ok(Math.abs((h.timestamp?.seconds ?? NaN) - want.ts[1]) <= 1e-9 * Math.max(1, Math.abs(want.ts[1]) / 1e6), m(`seconds ${h.timestamp?.seconds}`));
				assert.strictEqual(at(text, h.timestamp?.span), want.ts[2], m('timestamp span'));
			}
		}
		if (want.num) {
			assert.strictEqual(h.packetNumber, want.num[0], m('packet number'));
			assert.strictEqual(at(text, h.packetNumberSpan), want.num[1], m('packet number span'));
		}
		if (want.iface) {
			assert.deepStrictEqual([h.interfaceName, h.direction], want.iface, m('interface'));
		}
	}
	if (parsed.kind === 'ip-header') {
		return;
	}
	assert.strictEqual(parsed.unreadable, undefined, m('unreadable'));
	const t = parsed.tcp;
	if (want.style === undefined && want.flags === undefined && want.length === undefined && want.src === undefined) {
		if (want.protocol && want.protocol !== 'tcp') {
			assert.strictEqual(t, undefined, m('not TCP'));
		}
		return;
	}
	assert.ok(t, m('TCP part'));
	if (want.style) {
		assert.strictEqual(t.style, want.style, m('style'));
	}
	for (const [key, ep] of [['src', t.src], ['dst', t.dst]] as const) {
		const w = want[key];
		if (w) {
			assert.deepStrictEqual([ep.text, ep.address, ep.port], w, m(key));
			assert.deepStrictEqual([at(text, ep.span), at(text, ep.addressSpan), at(text, ep.portSpan)], w, m(`${key} spans`));
		}
	}
	if (want.flags !== undefined) {
		assert.strictEqual(t.flags?.text, want.flags, m('flags'));
		assert.strictEqual(at(text, t.flags?.span), want.flags, m('flags span'));
	}
	for (const [bit, value] of Object.entries(want.bits ?? {})) {
		assert.strictEqual(t.flags?.[bit as keyof typeof want.bits], value, m(`flag ${bit}`));
	}
	if (want.seq !== undefined) {
		if (want.seq === null) {
			assert.strictEqual(t.seq, undefined, m('no seq'));
		} else {
			assert.deepStrictEqual([t.seq?.start, t.seq?.end, at(text, t.seq?.span)], want.seq, m('seq'));
		}
	}
	for (const key of ['ack', 'win', 'urg'] as const) {
		const w = want[key];
		if (w === undefined) {
			continue;
		}
		const field: NumberField | undefined = t[key];
		if (w === null) {
			assert.strictEqual(field, undefined, m(`no ${key}`));
		} else {
			assert.strictEqual(field?.value, w, m(key));
			assert.strictEqual(at(text, field?.span), String(w), m(`${key} span is the digits`));
		}
	}
	if (want.options) {
		assert.deepStrictEqual(t.options.map(o => o.text), want.options, m('options'));
		assert.deepStrictEqual(t.options.map(o => at(text, o.span)), want.options, m('option spans'));
	}
	if (want.optionsSpan !== undefined) {
		assert.strictEqual(at(text, t.optionsSpan) ?? null, want.optionsSpan, m('options span'));
	}
	if (want.mss !== undefined) {
		assert.strictEqual(t.mss, want.mss, m('mss'));
	}
	if (want.wscale !== undefined) {
		assert.strictEqual(t.wscale, want.wscale, m('wscale'));
	}
	if (want.sackOk !== undefined) {
		assert.strictEqual(t.sackOk, want.sackOk, m('sackOK'));
	}
	if (want.tsValEcr) {
		assert.deepStrictEqual([t.tsVal, t.tsEcr], want.tsValEcr, m('TS'));
	}
	if (want.sack) {
		assert.deepStrictEqual(t.sack?.map(b => [b.left, b.right]), want.sack, m('sack'));
	}
	if (want.tfo !== undefined) {
		assert.strictEqual(t.tfo, want.tfo, m('tfo'));
	}
	if (want.length !== undefined) {
		if (want.length === null) {
			assert.strictEqual(t.length, undefined, m('no length'));
		} else {
			assert.strictEqual(t.length, want.length, m('length'));
			assert.strictEqual(at(text, t.lengthSpan), String(want.length), m('length span'));
		}
	}
	if (want.lengthImplied !== undefined) {
		assert.deepStrictEqual([t.length, t.lengthSpan], [want.lengthImplied, undefined], m('implied length'));
	}
	assert.strictEqual(t.truncated, want.truncated ?? false, m('truncated'));
	assert.strictEqual(t.line, 7, m('line'));
}

const C = '192.168.1.12.51234', S = '203.0.113.10.80';
const CE: [string, string, string] = [C, '192.168.1.12', '51234'];
const SE: [string, string, string] = [S, '203.0.113.10', '80'];
const SYN_OPTS = ['mss 1460', 'sackOK', 'TS val 2871539000 ecr 0', 'nop', 'wscale 7'];
const SYN_REST = `Flags [S], seq 1337010211, win 64240, options [mss 1460,sackOK,TS val 2871539000 ecr 0,nop,wscale 7], length 0`;
const SYN_WANT: Want = {
	kind: 'packet', protocol: 'tcp', style: 'modern', src: CE, dst: SE, flags: 'S',
	bits: { syn: true, ack: false, fin: false, rst: false, psh: false },
	seq: [1337010211, undefined, '1337010211'], ack: null, win: 64240, options: SYN_OPTS,
	optionsSpan: '[mss 1460,sackOK,TS val 2871539000 ecr 0,nop,wscale 7]',
	mss: 1460, wscale: 7, sackOk: true, tsValEcr: [2871539000, 0], length: 0,
};
const T10 = 10 * 3600;

const CASES: Case[] = [
	// --- every timestamp form (normal-fin fixture renders, tcpdump 4.99.3)
	{ name: 'default time (nn.txt)', line: `10:00:00.000000 IP ${C} > ${S}: ${SYN_REST}`, want: { ...SYN_WANT, ts: ['time', T10, '10:00:00.000000'] } },
	{ name: '-tttt (tttt.txt)', line: `2024-03-01 10:00:00.024000 IP ${S} > ${C}: Flags [S.], seq 2836102437, ack 1337010212, win 65160, options [mss 1460,sackOK,TS val 511234024 ecr 2871539000,nop,wscale 7], length 0`,
		want: { ts: ['datetime', 1709287200.024, '2024-03-01 10:00:00.024000'], src: SE, dst: CE, flags: 'S.', bits: { syn: true, ack: true }, seq: [2836102437, undefined, '2836102437'], ack: 1337010212, win: 65160, tsValEcr: [511234024, 2871539000], length: 0 } },
	{ name: '-tt (tt.txt)', line: `1709287200.024110 IP ${C} > ${S}: Flags [.], ack 1, win 502, options [nop,nop,TS val 2871539024 ecr 511234024], length 0`,
		want: { ts: ['epoch', 1709287200.02411, '1709287200.024110'], flags: '.', bits: { ack: true, syn: false }, seq: null, ack: 1, win: 502, options: ['nop', 'nop', 'TS val 2871539024 ecr 511234024'], length: 0 } },
	{ name: '-ttt (ttt.txt): leading space', line: ` 00:00:00.000110 IP ${C} > ${S}: Flags [.], ack 1, win 502, options [nop,nop,TS val 2871539024 ecr 511234024], length 0`,
		want: { ts: ['delta', 0.00011, ' 00:00:00.000110'], flags: '.', ack: 1, length: 0 } },
	{ name: '-t (t.txt): no timestamp', line: `IP ${C} > ${S}: ${SYN_REST}`, want: { ...SYN_WANT, ts: null } },
	{ name: 'nanoseconds, default form', line: '    2  17:16:10.052027262 IP 137.116.81.94.80 > 131.155.215.69.46656: tcp 0',
		want: { ts: ['time', 17 * 3600 + 16 * 60 + 10.052027262, '17:16:10.052027262'], num: [2, '2'], style: 'quiet', length: 0, flags: undefined } },
	{ name: 'nanoseconds -tt', line: '    1  1418145369.924505488 IP 131.155.215.69.46656 > 137.116.81.94.80: tcp 0',
		want: { ts: ['epoch', 1418145369 + 0.924505488, '1418145369.924505488'], style: 'quiet', length: 0 } },
	{ name: 'nanoseconds -tttt', line: '    2  2014-12-09 17:16:10.052027262 IP 137.116.81.94.80 > 131.155.215.69.46656: tcp 0',
		want: { ts: ['datetime', Date.UTC(2014, 11, 9, 17, 16, 10) / 1000 + 0.052027262, '2014-12-09 17:16:10.052027262'], style: 'quiet', length: 0 } },
	{ name: 'nanoseconds -ttt with -#: three spaces', line: '    2   00:00:00.127521774 IP 137.116.81.94.80 > 131.155.215.69.46656: tcp 0',
		want: { ts: ['delta', 0.127521774, ' 00:00:00.127521774'], num: [2, '2'], src: ['137.116.81.94.80', '137.116.81.94', '80'], style: 'quiet', length: 0 } },
	{ name: '-q -t: tcp 0', line: '    1  IP 131.155.215.69.46656 > 137.116.81.94.80: tcp 0',
		want: { ts: null, num: [1, '1'], style: 'quiet', flags: undefined, seq: null, ack: null, win: null, length: 0 } },
	// --- -#
	{ name: '-# (num.txt)', line: `    1  10:00:00.000000 IP ${C} > ${S}: ${SYN_REST}`, want: { ...SYN_WANT, num: [1, '1'], ts: ['time', T10, '10:00:00.000000'] } },
	{ name: '-# --skip 3 (dns_tcp-skip-3.out)', line: '    4  2020-06-10 09:21:03.847323 IP 192.168.1.11.33779 > 209.87.249.18.53: Flags [P.], seq 603899917:603899975, ack 2043824404, win 502, options [nop,nop,TS val 2419237898 ecr 3817386380], length 58 17177+ [1au] A? www.tcpdump.org. (56)',
		want: { num: [4, '4'], flags: 'P.', bits: { psh: true, ack: true }, seq: [603899917, 603899975, '603899917:603899975'], ack: 2043824404, win: 502, length: 58 } },
	// --- -i any
	{ name: '-i any: lo In', line: '22:13:20.000000 lo    In  IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 65535, length 0',
		want: { iface: ['lo', 'In'], src: ['10.0.0.1.40000', '10.0.0.1', '40000'], flags: 'S', seq: [1000, undefined, '1000'], win: 65535, options: [], optionsSpan: null, length: 0 } },
	{ name: '-i any: unknown interface, broadcast', line: '22:13:20.003000 ?     B   IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 1, win 65535, length 0',
		want: { iface: ['?', 'B'], flags: '.', ack: 1, length: 0 } },
	{ name: '-i any: host names split at the last dot', line: '16:41:56.718147 eth0  Out IP worker2.ru-central1.internal.8000 > 79.134.37.172.58464: Flags [R.], seq 0, ack 4220012834, win 0, length 0',
		want: { iface: ['eth0', 'Out'], src: ['worker2.ru-central1.internal.8000', 'worker2.ru-central1.internal', '8000'], dst: ['79.134.37.172.58464', '79.134.37.172', '58464'], flags: 'R.', bits: { rst: true, ack: true }, seq: [0, undefined, '0'], ack: 4220012834, win: 0, length: 0 } },
	{ name: 'host and service names', line: '09:10:03.399029 eth0  Out IP ip-6-19-156-8.eu-central-1.compute.internal.5000 > ip-6-19-0-167.eu-central-1.compute.internal.36014: Flags [.], ack 82, win 455, options [nop,nop,TS val 4276499301 ecr 17390194], length 0',
		want: { src: ['ip-6-19-156-8.eu-central-1.compute.internal.5000', 'ip-6-19-156-8.eu-central-1.compute.internal', '5000'], dst: ['ip-6-19-0-167.eu-central-1.compute.internal.36014', 'ip-6-19-0-167.eu-central-1.compute.internal', '36014'], ack: 82, win: 455, tsValEcr: [4276499301, 17390194], length: 0 } },
	// --- -e
	{ name: '-e (e.txt): MAC pair, no IP word', line: `10:00:00.000000 3c:22:fb:4a:81:0e > 00:1b:21:aa:bb:cc, ethertype IPv4 (0x0800), length 74: ${C} > ${S}: ${SYN_REST}`, want: SYN_WANT },
	{ name: '-e VLAN', line: '22:13:20.000000 66:77:88:99:aa:bb > 00:11:22:33:44:55, ethertype 802.1Q (0x8100), length 58: vlan 10, p 0, ethertype IPv4 (0x0800), 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 5, win 65535, length 0',
		want: { src: ['10.0.0.1.1', '10.0.0.1', '1'], dst: ['10.0.0.2.2', '10.0.0.2', '2'], flags: 'S', seq: [5, undefined, '5'], length: 0 } },
	{ name: '-e IPv6 with a mapped address', line: '22:13:20.000000 66:77:88:99:aa:bb > 00:11:22:33:44:55, ethertype IPv6 (0x86dd), length 74: 2001:db8::1.51834 > ::ffff:10.0.0.2.443: Flags [S], seq 7, win 65535, length 0',
		want: { src: ['2001:db8::1.51834', '2001:db8::1', '51834'], dst: ['::ffff:10.0.0.2.443', '::ffff:10.0.0.2', '443'], seq: [7, undefined, '7'], length: 0 } },
	{ name: '-e on Linux cooked v1: direction before the MAC', line: '22:13:20.000000 Out 00:16:3e:27:78:a2 ethertype IPv4 (0x0800), length 56: 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 65535, length 0',
		want: { flags: 'S', seq: [1000, undefined, '1000'], length: 0 } },
	{ name: 'IPoIB -e, ECN-setup SYN (ipoib-e.out)', line: '    9  2019-04-18 16:32:45.050083 IPOIB, ethertype IPv4 (0x0800), length 104: 192.168.56.10.34170 > 192.168.56.24.22: Flags [SEW], seq 798232822, win 64800, options [mss 2004,sackOK,TS val 2011946063 ecr 0,nop,wscale 7], length 0',
		want: { num: [9, '9'], flags: 'SEW', bits: { syn: true, ece: true, cwr: true, ack: false }, mss: 2004, length: 0 } },
	// --- -v
	{ name: '-v IPv4 header line (v.txt)', line: '10:00:00.000000 IP (tos 0x0, ttl 64, id 14865, offset 0, flags [DF], proto TCP (6), length 60)',
		want: { kind: 'ip-header', protocol: 'tcp', ts: ['time', T10, '10:00:00.000000'] } },
	{ name: '-v IPv6 one line with checksum (ipv6/v.txt)', line: '10:00:00.031000 IP6 (hlim 57, next-header TCP (6) payload length: 40) 2001:db8::2.80 > 2001:db8::1.48000: Flags [S.], cksum 0x0871 (correct), seq 2911207744, ack 804011133, win 64800, options [mss 1440,sackOK,TS val 2600031 ecr 1500000,nop,wscale 7], length 0',
		want: { kind: 'packet', src: ['2001:db8::2.80', '2001:db8::2', '80'], dst: ['2001:db8::1.48000', '2001:db8::1', '48000'], flags: 'S.', seq: [2911207744, undefined, '2911207744'], ack: 804011133, win: 64800, mss: 1440, length: 0 } },
	{ name: '-v IPv6 on master (bgp-enhanced-route-refresh-subtype.out), application decode', line: '    1  2019-02-28 13:39:30.389372 IP6 (class 0xc0, flowlabel 0x8b071, hlim 1, next-header TCP (6), payload length 55) 2a02:abc::17.37754 > 2a02:abc::123.179: Flags [P.], cksum 0x6d37 (incorrect -> 0x8fb1), seq 1:24, ack 1, win 1, length 23: BGP',
		want: { src: ['2a02:abc::17.37754', '2a02:abc::17', '37754'], dst: ['2a02:abc::123.179', '2a02:abc::123', '179'], seq: [1, 24, '1:24'], ack: 1, win: 1, length: 23 } },
	// --- dumps and banners: not packet lines
	{ name: '-X hex line', line: '\t0x0000:  4500 003c 3a11 4000 4006 02ec c0a8 010c  E..<:.@.@.......', want: { kind: 'other' } },
	{ name: '-A payload line', line: 'M...M...GET / HTTP/1.1', want: { kind: 'other' } },
	{ name: '-A line with a ` > `', line: 'E..<.h@.@.!R.........p.P7X.~... > ...p.P: Flags', want: { kind: 'other' } },
	{ name: '-v decode line', line: '\tGET /1M HTTP/1.1', want: { kind: 'other' } },
	{ name: 'blank line', line: '', want: { kind: 'other' } },
	{ name: 'banner: reading from file', line: 'reading from file normal-fin.pcap, link-type EN10MB (Ethernet), snapshot length 65535', want: { kind: 'banner' } },
	{ name: 'banner: verbose output suppressed', line: 'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode', want: { kind: 'banner' } },
	{ name: 'banner: listening on', line: 'listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes', want: { kind: 'banner' } },
	{ name: 'trailer: 1 packet captured', line: '1 packet captured', want: { kind: 'banner' } },
	{ name: 'trailer: dropped by kernel', line: '0 packets dropped by kernel', want: { kind: 'banner' } },
	// --- non-TCP packets
	{ name: 'ARP (non-tcp-noise)', line: '10:00:00.000000 ARP, Request who-has 192.168.1.1 tell 192.168.1.12, length 28', want: { kind: 'packet', protocol: 'arp' } },
	{ name: 'DNS over UDP (non-tcp-noise)', line: '10:00:00.001100 IP 192.168.1.12.40123 > 192.168.1.1.53: 7211+ A? www.example.org. (33)', want: { kind: 'packet' } },
	// --- options
	{ name: 'SACK block (fast-retransmission)', line: '10:00:00.048910 IP 203.0.113.10.80 > 192.168.1.12.40081: Flags [.], ack 1001, win 509, options [nop,nop,TS val 511234049 ecr 2871539025,nop,nop,sack 1 {2001:3001}], length 0',
		want: { ack: 1001, win: 509, options: ['nop', 'nop', 'TS val 511234049 ecr 2871539025', 'nop', 'nop', 'sack 1 {2001:3001}'], sack: [[2001, 3001]], tsValEcr: [511234049, 2871539025], length: 0 } },
	{ name: 'two SACK blocks', line: '10:00:00.048910 IP 203.0.113.10.80 > 192.168.1.12.40081: Flags [.], ack 1001, win 509, options [nop,nop,sack 2 {2001:3001}{4001:5001}], length 0',
		want: { sack: [[2001, 3001], [4001, 5001]], length: 0 } },
	{ name: 'TFO kind 34: two spaces (tfo/nnS.txt), SYN data, decode', line: '10:00:00.000000 IP 192.168.1.12.51600 > 203.0.113.10.80: Flags [S], seq 936732547:936732629, win 64240, options [mss 1460,sackOK,TS val 2871539000 ecr 0,nop,wscale 7,nop,nop,tfo  cookie 3fa1c2d49b0e7716], length 82: HTTP: GET /tfo HTTP/1.1',
		want: { seq: [936732547, 936732629, '936732547:936732629'], tfo: true, options: [...SYN_OPTS, 'nop', 'nop', 'tfo  cookie 3fa1c2d49b0e7716'], length: 82 } },
	{ name: 'experimental TFO (tfo.out)', line: '   13  2012-10-04 16:26:20.586342 IP 192.168.0.100.13048 > 3.3.3.3.13054: Flags [S], seq 936732547:936732551, win 1400, options [exp-tfo cookie 090909090000,nop,nop], length 4',
		want: { tfo: true, seq: [936732547, 936732551, '936732547:936732551'], options: ['exp-tfo cookie 090909090000', 'nop', 'nop'], length: 4 } },
	{ name: 'MPTCP options with nested brackets', line: '    1  2020-10-01 11:02:20.402400 IP 10.0.1.1.10000 > 10.0.3.2.54737: Flags [.], ack 2863732622, win 510, options [nop,nop,TS val 2041598247 ecr 805948318,mptcp 16 add-addr v1 id 1 10.0.2.1 hmac 0xf8295862f645df19,mptcp 8 dss ack 3502078703], length 0',
		want: { ack: 2863732622, options: ['nop', 'nop', 'TS val 2041598247 ecr 805948318', 'mptcp 16 add-addr v1 id 1 10.0.2.1 hmac 0xf8295862f645df19', 'mptcp 8 dss ack 3502078703'], length: 0 } },
	{ name: 'mptcp flags [H] nested one level', line: '10:00:00.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 5, win 1, options [mptcp 12 capable v1 flags [H],nop], length 0',
		want: { options: ['mptcp 12 capable v1 flags [H]', 'nop'], optionsSpan: '[mptcp 12 capable v1 flags [H],nop]', length: 0 } },
	// --- flags and numbers
	{ name: '-S segment crossing 2^32 (seq-wrap)', line: '10:00:00.024310 IP 192.168.1.12.51400 > 203.0.113.10.9000: Flags [P.], seq 4294967001:4294967201, ack 4294966901, win 502, options [nop,nop,TS val 2871539024 ecr 511234024], length 200',
		want: { seq: [4294967001, 4294967201, '4294967001:4294967201'], ack: 4294966901, length: 200 } },
	{ name: 'end smaller than start (4.99.3 -S)', line: '10:00:00.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [P.], seq 4294967201:105, ack 78, win 65535, length 200',
		want: { seq: [4294967201, 105, '4294967201:105'], ack: 78, length: 200 } },
	{ name: 'FIN with data', line: '10:00:00.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [FP.], seq 1:11, ack 1, win 65535, length 10',
		want: { flags: 'FP.', bits: { fin: true, psh: true, ack: true, syn: false }, seq: [1, 11, '1:11'], length: 10 } },
	{ name: 'Flags [none]', line: '10:00:00.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [none], win 65535, length 0',
		want: { flags: 'none', bits: { syn: false, ack: false, fin: false, rst: false }, seq: null, ack: null, win: 65535, length: 0 } },
	{ name: 'urgent pointer', line: '10:00:00.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [P.U], seq 1:2, ack 1, win 100, urg 1, length 1',
		want: { bits: { urg: true, psh: true, ack: true }, urg: 1, length: 1 } },
	// --- truncation
	{ name: '[|tcp] inside the options (§12)', line: 'IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 65535, options [mss 1460, [|tcp]',
		want: { flags: 'S', seq: [1000, undefined, '1000'], win: 65535, options: ['mss 1460'], mss: 1460, optionsSpan: null, length: null, truncated: true } },
	{ name: 'header cut before the flags (§12)', line: 'IP 10.0.0.1.40000 > 10.0.0.2.80:  [|tcp]',
		want: { style: 'modern', src: ['10.0.0.1.40000', '10.0.0.1', '40000'], length: null, truncated: true } },
	{ name: 'remaining caplen (beep-oobr style, IPv6 8 groups)', line: '    2  1995-08-15 05:27:12.999999 IP6 3030:3030:3030:3030:3030:3030:3030:3030.10288 > 3030:3030:3030:3030:3030:3030:3030:3030.12336: Flags [.Ue], seq 808464432:808476740, ack 808464432, win 12336, urg 12336, options [eol], length 12308 [remaining caplen(24) < header length(28)] [|tcp]',
		want: { src: ['3030:3030:3030:3030:3030:3030:3030:3030.10288', '3030:3030:3030:3030:3030:3030:3030:3030', '10288'], flags: '.Ue', bits: { ack: true, urg: true, ae: true, ece: false }, seq: [808464432, 808476740, '808464432:808476740'], ack: 808464432, urg: 12336, options: ['eol'], length: 12308, truncated: true } },
	{ name: 'bad header length, -q shape', line: '10:00:00.000000 IP 10.0.0.1.1 > 10.0.0.2.2: tcp 0 [bad hdr length 8 - too short, < 20] (invalid)',
		want: { style: 'quiet', length: 0, truncated: true } },
	// --- tunnels (§14)
	{ name: 'Geneve: the inner TCP, not the outer Flags [none] (geneve-tcp.out)', line: '    1  2015-02-01 22:04:33.999279 IP 20.0.0.2.43443 > 20.0.0.1.6081: Geneve, Flags [none], vni 0xb: IP 30.0.0.2.51225 > 30.0.0.1.22: Flags [S], seq 397610159, win 14600, options [mss 1460,sackOK,TS val 2876069566 ecr 0,nop,wscale 7], length 0',
		want: { num: [1, '1'], src: ['30.0.0.2.51225', '30.0.0.2', '51225'], dst: ['30.0.0.1.22', '30.0.0.1', '22'], flags: 'S', seq: [397610159, undefined, '397610159'], win: 14600, length: 0 } },
	{ name: 'Geneve with options [8 bytes] before the inner packet', line: '    2  2015-02-01 22:04:33.999327 IP 20.0.0.1.22540 > 20.0.0.2.6081: Geneve, Flags [C], vni 0xa, options [8 bytes]: IP 30.0.0.1.22 > 30.0.0.2.51225: Flags [S.], seq 2910871522, ack 397610160, win 28960, options [mss 1460,sackOK,TS val 84248969 ecr 2876069566,nop,wscale 7], length 0',
		want: { src: ['30.0.0.1.22', '30.0.0.1', '22'], flags: 'S.', ack: 397610160, length: 0 } },
	{ name: 'tab-indented inner packet of a -v tunnel', line: '\tIP6 (hlim 64, next-header TCP (6) payload length: 32) fd00::2.40433 > fd00::1.41423: Flags [P.], seq 1:11, ack 1, win 507, length 10',
		want: { kind: 'inner', src: ['fd00::2.40433', 'fd00::2', '40433'], flags: 'P.', seq: [1, 11, '1:11'], ack: 1, length: 10 } },
	// --- 3.x style
	{ name: '3.x seed SYN', line: '192.168.1.12.1051 > 192.168.1.11.23: S 4255483971:4255483971(0) win 65535 (DF)',
		want: { kind: 'packet', style: 'old', ts: null, src: ['192.168.1.12.1051', '192.168.1.12', '1051'], dst: ['192.168.1.11.23', '192.168.1.11', '23'], flags: 'S', bits: { syn: true, ack: false }, seq: [4255483971, 4255483971, '4255483971:4255483971(0)'], ack: null, win: 65535, options: [], optionsSpan: null, length: 0 } },
	{ name: '3.x seed SYN-ACK: ACK implied by the ack field', line: '192.168.1.11.23 > 192.168.1.12.1051: S 4279842714:4279842714(0) ack 4255483972 win 32120 (DF)',
		want: { style: 'old', flags: 'S', bits: { syn: true, ack: true }, seq: [4279842714, 4279842714, '4279842714:4279842714(0)'], ack: 4255483972, win: 32120, length: 0 } },
	{ name: '3.x seed pure ACK', line: '192.168.1.12.1051 > 192.168.1.11.23: . ack 4279842715 win 65535 (DF)',
		want: { style: 'old', flags: '.', bits: { ack: true, syn: false, psh: false }, seq: null, ack: 4279842715, win: 65535, lengthImplied: 0 } },
	{ name: '3.x with <mss 1460,nop,nop,sackOK> and a timestamp', line: '18:41:08.714801 electra.1057 > artemis.www: S 984816:984816(0) win 8192 <mss 1460,nop,nop,sackOK> (DF)',
		want: { style: 'old', ts: ['time', 18 * 3600 + 41 * 60 + 8.714801, '18:41:08.714801'], src: ['electra.1057', 'electra', '1057'], dst: ['artemis.www', 'artemis', 'www'], flags: 'S', seq: [984816, 984816, '984816:984816(0)'], win: 8192, options: ['mss 1460', 'nop', 'nop', 'sackOK'], optionsSpan: '<mss 1460,nop,nop,sackOK>', mss: 1460, sackOk: true, length: 0 } },
	{ name: '3.x man page: PSH with data and urg', line: 'csam.login > rtsg.1023: P 2:3(1) ack 21 win 4077 urg 1',
		want: { style: 'old', src: ['csam.login', 'csam', 'login'], flags: 'P', bits: { psh: true, ack: true }, seq: [2, 3, '2:3(1)'], ack: 21, win: 4077, urg: 1, length: 1 } },
	{ name: '3.x timestamps option', line: 'a.1 > b.2: . ack 1 win 4096 <nop,nop,timestamp 123 456>',
		want: { style: 'old', tsValEcr: [123, 456], options: ['nop', 'nop', 'timestamp 123 456'] } },
];

suite('packetLine: parsePacketLine on real lines', () => {
	for (const tc of CASES) {
		test(tc.name, () => {
			check(tc.name, tc.line, parsePacketLine(tc.line, 7), tc.want);
		});
	}
});

suite('packetLine: parseAddressLine (the 4-space second line of IPv4 -v)', () => {
	const tt: Case[] = [
		{ name: '-v SYN (v.txt)', line: `    ${C} > ${S}: Flags [S], cksum 0x2ea8 (correct), seq 1337010211, win 64240, options [mss 1460,sackOK,TS val 2871539000 ecr 0,nop,wscale 7], length 0`,
			want: { src: CE, dst: SE, flags: 'S', seq: [1337010211, undefined, '1337010211'], win: 64240, mss: 1460, wscale: 7, length: 0 } },
		{ name: '-vv pure ACK with seq (vv.txt)', line: `    ${C} > ${S}: Flags [.], cksum 0x41b4 (correct), seq 1, ack 1, win 502, options [nop,nop,TS val 2871539024 ecr 511234024], length 0`,
			want: { flags: '.', seq: [1, undefined, '1'], ack: 1, win: 502, length: 0 } },
		{ name: '-vv data with HTTP decode (vv.txt)', line: `    ${C} > ${S}: Flags [P.], cksum 0xc5b0 (correct), seq 1:90, ack 1, win 502, options [nop,nop,TS val 2871539024 ecr 511234024], length 89: HTTP, length: 89`,
			want: { flags: 'P.', seq: [1, 90, '1:90'], ack: 1, length: 89 } },
		{ name: 'AccECN SEWe (accecn_handshake.out)', line: '    31.133.146.248.16433 > 66.228.43.12.80: Flags [SEWe], cksum 0x209c (incorrect -> 0xe443), seq 1948076589, win 65535, options [mss 1460,nop,wscale 6,sackOK,TS val 112147477 ecr 0], length 0',
			want: { flags: 'SEWe', bits: { syn: true, ece: true, cwr: true, ae: true }, seq: [1948076589, undefined, '1948076589'], wscale: 6, length: 0 } },
	];
	for (const tc of tt) {
		test(tc.name, () => {
			const r = parseAddressLine(tc.line, 7);
			assert.ok(r);
			check(tc.name, tc.line, { kind: 'inner', protocol: r.protocol, tcp: r.tcp, unreadable: r.unreadable }, tc.want);
		});
	}

	test('not a second line: 5 spaces, no indentation, a tab', () => {
		assert.strictEqual(parseAddressLine(`     ${C} > ${S}: Flags [S], seq 1, win 1, length 0`, 0), undefined);
		assert.strictEqual(parseAddressLine(`${C} > ${S}: Flags [S], seq 1, win 1, length 0`, 0), undefined);
		assert.strictEqual(parseAddressLine('\tGET / HTTP/1.1', 0), undefined);
	});
});

suite('packetLine: parseLineHeader and isPacketLine', () => {
	test('-# packet numbers wider than 5 digits', () => {
		const text = '123456  10:00:00.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 5, win 1, length 0';
		const h = parseLineHeader(text, 3);
		assert.strictEqual(h.packetNumber, 123456);
		assert.deepStrictEqual(h.packetNumberSpan, { line: 3, start: 0, end: 6 });
		assert.strictEqual(text.slice(h.restStart, h.restStart + 3), 'IP ');
	});

	test('negative -ttt delta', () => {
		const h = parseLineHeader('-00:00:01.500000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [.], ack 1, win 1, length 0', 0);
		assert.strictEqual(h.timestamp?.form, 'delta');
		assert.strictEqual(h.timestamp?.seconds, -1.5);
	});

	test('an interface name longer than 5 pushes the columns', () => {
		const text = '10:00:00.000000 wlp0s20f3 Out IP 10.0.0.1.1 > 10.0.0.2.2: Flags [S], seq 5, win 1, length 0';
		const h = parseLineHeader(text, 0);
		assert.deepStrictEqual([h.interfaceName, h.direction], ['wlp0s20f3', 'Out']);
		assert.ok(text.startsWith('IP ', h.restStart));
	});

	test('isPacketLine: packet lines and -v headers yes; dumps, banners, prose no', () => {
		const yes = [
			`10:00:00.000000 IP ${C} > ${S}: ${SYN_REST}`,
			'10:00:00.000000 IP (tos 0x0, ttl 64, id 14865, offset 0, flags [DF], proto TCP (6), length 60)',
			'192.168.1.12.1051 > 192.168.1.11.23: S 4255483971:4255483971(0) win 65535 (DF)',
			'10:00:00.000000 ARP, Request who-has 192.168.1.1 tell 192.168.1.12, length 28',
		];
		const no = [
			'\t0x0000:  4500 003c 3a11 4000 4006 02ec c0a8 010c  E..<:.@.@.......',
			'reading from file x.pcap, link-type EN10MB (Ethernet), snapshot length 65535',
			'Host: localhost',
			'a > b: this is prose',
			'',
		];
		for (const l of yes) {
			assert.strictEqual(isPacketLine(l), true, l);
		}
		for (const l of no) {
			assert.strictEqual(isPacketLine(l), false, l);
		}
	});

	test('the seed, every line: the 3.x reading of design §10.1', () => {
		const seed = [
			'192.168.1.12.1051 > 192.168.1.11.23: S 4255483971:4255483971(0) win 65535 (DF)',
			'192.168.1.11.23 > 192.168.1.12.1051: S 4279842714:4279842714(0) ack 4255483972 win 32120 (DF)',
			'192.168.1.12.1051 > 192.168.1.11.23: . ack 4279842715 win 65535 (DF)',
		];
		const got = seed.map((l, i) => {
			const p = parsePacketLine(l, i);
			assert.ok(p.kind === 'packet' && p.tcp);
			const t = p.tcp;
			return [t.src.port, t.flags?.syn, t.flags?.ack, t.seq?.start, t.ack?.value, t.win?.value, t.mss, t.line];
		});
		assert.deepStrictEqual(got, [
			['1051', true, false, 4255483971, undefined, 65535, undefined, 0],
			['23', true, true, 4279842714, 4255483972, 32120, undefined, 1],
			['1051', false, true, undefined, 4279842715, 65535, undefined, 2],
		]);
	});
});

// Lines of zeek/zeek testing/btest/Traces/ipv6-http-atomic-frag.pcap (BSD-3-Clause, see
// ../shared/corpus/public-captures/SOURCES.tsv), as tcpdump 4.99.3 -nn -S / -nn -v prints them.
suite('packetLine: IPv6 extension headers print the addresses and the ports apart (ISSUE-8 class 1)', () => {
	const LINES: [string, string, string, string, string][] = [
		['DSTOPT', '16:44:12.497486 IP6 2001:db8:1::2 > 2001:db8:1::1: DSTOPT 36951 > 80: Flags [S], seq 3810442574, win 8192, length 0', '36951', '80', 'S'],
		['HBH', '16:44:12.647815 IP6 2001:db8:1::2 > 2001:db8:1::1: HBH 27393 > 80: Flags [.], ack 3307733005, win 8192, length 0', '27393', '80', '.'],
		['frag (0|20)', '16:44:12.572372 IP6 2001:db8:1::2 > 2001:db8:1::1: frag (0|20) 59694 > 80: Flags [S], seq 2397474932, win 8192, length 0', '59694', '80', 'S'],
		['RT6 (…)', '16:44:12.720218 IP6 2001:db8:1::2 > 2001:db8:1::1: RT6 (len=0, type=0 [Deprecated], segleft=0) 45805 > 80: Flags [S], seq 1521519063, win 8192, length 0', '45805', '80', 'S'],
		['-v DSTOPT (padn)', '16:44:12.497486 IP6 (hlim 64, next-header unknown (60) payload length: 28) 2001:db8:1::2 > 2001:db8:1::1: DSTOPT (padn) 36951 > 80: Flags [S], cksum 0x0357 (correct), seq 3810442574, win 8192, length 0', '36951', '80', 'S'],
	];
	for (const [name, line, sport, dport, flags] of LINES) {
		test(`${name}: read as TCP, endpoints joined as tcpdump spells them`, () => {
			const p = parsePacketLine(line, 3);
			assert.strictEqual(p.kind, 'packet');
			assert.ok(p.kind === 'packet' && p.tcp, 'TCP part');
			const t = p.tcp;
			assert.deepStrictEqual([t.src.text, t.src.address, t.src.port], [`2001:db8:1::2.${sport}`, '2001:db8:1::2', sport]);
			assert.deepStrictEqual([t.dst.text, t.dst.address, t.dst.port], [`2001:db8:1::1.${dport}`, '2001:db8:1::1', dport]);
			assert.deepStrictEqual([at(line, t.src.addressSpan), at(line, t.src.portSpan), at(line, t.dst.addressSpan), at(line, t.dst.portSpan)],
				['2001:db8:1::2', sport, '2001:db8:1::1', dport]);
			assert.strictEqual(t.flags?.text, flags);
		});
	}
	test('bare numbers that are not ports after IPv6 addresses stay unread as TCP', () => {
		const p = parsePacketLine('16:44:12.484983 IP6 2001:db8:1::1 > 2001:db8:1::2: ICMP6, neighbor advertisement, tgt is 2001:db8:1::1, length 32', 0);
		assert.ok(p.kind === 'packet' && p.tcp === undefined);
	});
});
