/**
 * ISSUE-8 classes 4, 9 and 6 on lines of real captures, committed here so the tests run without
 * ../shared. Each block is the real tcpdump 4.99.3 rendering (`TZ=UTC tcpdump OPTIONS -r FILE`) of a
 * file of ../shared/corpus/public-captures; expected values were checked against `tshark -2` (4.0)
 * on the same file, frame by frame, or by hand against the text where tshark is wrong (said so).
 *
 * Sources (SOURCES.tsv rows: name, repository, path, commit, licence):
 * - zeek__tcp__rst-inject-rae.pcap, zeek/zeek, testing/btest/Traces/tcp/rst-inject-rae.pcap,
 *   a13de64fbbdb01f90961c04719b308fbbb6d199e, BSD-3-Clause (COPYING)
 * - zeek__pppoe-over-qinq.pcap, zeek/zeek, testing/btest/Traces/pppoe-over-qinq.pcap,
 *   a13de64fbbdb01f90961c04719b308fbbb6d199e, BSD-3-Clause (COPYING)
 * - zeek__erspan.pcap, zeek/zeek, testing/btest/Traces/erspan.pcap,
 *   a13de64fbbdb01f90961c04719b308fbbb6d199e, BSD-3-Clause (COPYING)
 * - zeek__smtp.pcap, zeek/zeek, testing/btest/Traces/smtp.pcap,
 *   a13de64fbbdb01f90961c04719b308fbbb6d199e, BSD-3-Clause (COPYING)
 * - suricata-verify__tls__tls-subjectaltname__input.pcap, OISF/suricata-verify,
 *   tests/tls/tls-subjectaltname/input.pcap, 10a45e4bad6d29d0f1239d93119ea24e1bbdab19, MIT (LICENSE.txt, OISF)
 * Zeek's files are distributed under the BSD 3-clause licence of the Zeek project (its COPYING file:
 * copyright notice, conditions and disclaimer kept with the source); suricata-verify's under the MIT
 * licence of OISF (its LICENSE.txt). Only the lines below are copied, as tcpdump prints them.
 */
import * as assert from 'assert';
import { tsharkView } from '../../src/core/analyse/tsharkCompare';
import { hoverAt } from '../../src/core/features/hover';
import { unescapeMarkdown } from '../../src/core/explain/render';
import { analyzeText, type CaptureAnalysis } from '../../src/core/store/capture';

/** zeek rst-inject-rae, `-nn -S`: all 9 lines. */
const RAE = [
	'17:11:11.348475 IP 1.2.0.2.2527 > 1.2.0.3.6649: Flags [S], seq 1569339004, win 16384, options [mss 1372,nop,wscale 0,nop,nop,TS val 0 ecr 0,nop,nop,sackOK], length 0',
	'17:11:11.582211 IP 1.2.0.3.6649 > 1.2.0.2.2527: Flags [R.], seq 0, ack 1569339004, win 16384, length 0',
	'17:11:12.614715 IP 1.2.0.3.6649 > 1.2.0.2.2527: Flags [S.], seq 1616457233, ack 1569339005, win 65535, options [mss 1440,nop,wscale 2,nop,nop,TS val 0 ecr 0,nop,nop,sackOK], length 0',
	'17:11:12.616340 IP 1.2.0.2.2527 > 1.2.0.3.6649: Flags [.], ack 1616457234, win 17232, options [nop,nop,TS val 607330 ecr 0], length 0',
	'17:11:12.617218 IP 1.2.0.2.2527 > 1.2.0.3.6649: Flags [P.], seq 1569339005:1569339030, ack 1616457234, win 17232, options [nop,nop,TS val 607330 ecr 0], length 25',
	'17:11:14.200392 IP 1.2.0.3.6649 > 1.2.0.2.2527: Flags [.], ack 1569339030, win 64134, options [nop,nop,TS val 532841 ecr 607330], length 0',
	'17:11:14.201766 IP 1.2.0.3.6649 > 1.2.0.2.2527: Flags [R.], seq 1616457234, ack 1569339030, win 0, length 0',
	'17:11:14.204019 IP 1.2.0.2.2527 > 1.2.0.3.6649: Flags [P.], seq 1569339030:1569339180, ack 1616457234, win 17232, options [nop,nop,TS val 607346 ecr 532841], length 150',
	'17:11:15.482002 IP 1.2.0.3.6649 > 1.2.0.2.2527: Flags [R], seq 1616457234, win 0, length 0',
];

/** suricata-verify tls-subjectaltname, `-nn -S`, lines 152-160 (tshark frames 152-160, stream 7). */
const TLS = [
	'08:39:04.042487 IP 192.168.100.206.59819 > 93.184.221.240.80: Flags [S], seq 4287462971, win 8192, options [mss 1460,nop,wscale 8,nop,nop,sackOK], length 0',
	'08:39:04.046832 STP 802.1d, Config, Flags [Topology change], bridge-id 8000.52:54:00:2f:9f:43.8005, length 35',
	'08:39:04.062872 IP 93.184.221.240.80 > 192.168.100.206.59819: Flags [.], ack 2086663738, win 251, length 0',
	'08:39:04.063053 IP 192.168.100.206.59819 > 93.184.221.240.80: Flags [R], seq 2086663738, win 0, length 0',
	'08:39:06.030859 STP 802.1d, Config, Flags [Topology change], bridge-id 8000.52:54:00:2f:9f:43.8005, length 35',
	'08:39:07.105965 IP 192.168.100.206.59819 > 93.184.221.240.80: Flags [S], seq 4287462971, win 8192, options [mss 1460,nop,wscale 8,nop,nop,sackOK], length 0',
	'08:39:07.123937 IP 93.184.221.240.80 > 192.168.100.206.59819: Flags [S.], seq 155123798, ack 4287462972, win 64240, options [mss 1206,nop,nop,sackOK,nop,wscale 8], length 0',
	'08:39:07.124104 IP 192.168.100.206.59819 > 93.184.221.240.80: Flags [.], ack 155123799, win 259, length 0',
	'08:39:07.124212 IP 192.168.100.206.59819 > 93.184.221.240.80: Flags [P.], seq 4287462972:4287463167, ack 155123799, win 259, length 195: HTTP: GET /msdownload/update/v3/static/trustedr/en/authrootstl.cab?fe1213d701860727 HTTP/1.1',
];

/** zeek pppoe-over-qinq, `-nn -S`, lines 13-21 (tshark frames 13-21). */
const PPPOE = [
	'09:09:59.586761 PPPoE  [ses 0xf07] IP 2.2.2.2.443 > 1.1.1.1.20394: Flags [P.], seq 4237337343:4237338783, ack 3618128731, win 2165, length 1440',
	'09:09:59.592576 PPPoE  [ses 0xf07] IP 1.1.1.1.20394 > 2.2.2.2.443: Flags [.], ack 4237340679, win 4096, options [nop,nop,sack 1 {4237337343:4237338783}], length 0',
	'09:09:59.782182 PPPoE  [ses 0xf07] IP 2.2.2.2.443 > 1.1.1.1.20394: Flags [P.], seq 4237340223:4237340679, ack 3618128731, win 2165, length 456',
	'09:09:59.782210 PPPoE  [ses 0xf07] IP 2.2.2.2.443 > 1.1.1.1.20394: Flags [P.], seq 4237338783:4237340223, ack 3618128731, win 2165, length 1440',
	'09:09:59.784035 PPPoE  [ses 0xf07] IP 1.1.1.1.20394 > 2.2.2.2.443: Flags [.], ack 4237340679, win 4096, options [nop,nop,sack 1 {4237340223:4237340679}], length 0',
	'09:09:59.784035 PPPoE  [ses 0xf07] IP 1.1.1.1.20394 > 2.2.2.2.443: Flags [.], ack 4237340679, win 4096, options [nop,nop,sack 1 {4237338783:4237340223}], length 0',
	'09:09:59.833368 PPPoE  [ses 0xf07] IP truncated-ip - 6 bytes missing! 2.2.2.2.443 > 1.1.1.1.20394: Flags [.], seq 4237340679:4237340685, ack 3618129049, win 2146, length 6',
	'09:09:59.835018 PPPoE  [ses 0xf07] IP 2.2.2.2.443 > 1.1.1.1.20394: Flags [P.], seq 4237340679:4237340730, ack 3618129049, win 2146, length 51',
	'09:09:59.836709 PPPoE  [ses 0xf07] IP 1.1.1.1.20394 > 2.2.2.2.443: Flags [.], ack 4237340730, win 4095, length 0',
];

/** The same truncated packet (line 19 above) with `-nn -v`: lines 37-38. */
const PPPOE_V = [
	'09:09:59.833368 PPPoE  [ses 0xf07] IP truncated-ip - 6 bytes missing! (tos 0x0, ttl 239, id 7238, offset 0, flags [DF], proto TCP (6), length 46)',
	'    2.2.2.2.443 > 1.1.1.1.20394: Flags [.], cksum 0x8727 (correct), seq 3337:3343, ack 836, win 2146, length 6',
];

/** zeek erspan, `-nn -S`, lines 153-156: a GRE packet whose outer IP was fragmented (the two ip-proto-47 lines). */
const ERSPAN = [
	'09:40:55.819354 IP 10.200.0.3 > 10.200.0.224: GREv0, key=0x2000000, length 1480: IP truncated-ip - 1502 bytes missing! 192.168.69.2.80 > 192.168.69.10.49162: Flags [.], seq 2287433453:2287436373, ack 3959219239, win 250, length 2920: HTTP: HTTP/1.1 200 OK',
	'09:40:55.819463 IP 10.200.0.3 > 10.200.0.224: ip-proto-47',
	'09:40:55.819629 IP 10.200.0.3 > 10.200.0.224: ip-proto-47',
	'09:40:55.819648 IP 10.200.0.3 > 10.200.0.224: GREv0, key=0x0, length 68: IP 192.168.69.10.49162 > 192.168.69.2.80: Flags [.], ack 2287436373, win 16425, length 0',
];

/** zeek smtp, `-nn -v`, lines 65-66 (the segment) and 269-272 (the ICMP error quoting it). */
const SMTP = [
	'06:06:10.692743 IP (tos 0x0, ttl 128, id 9551, offset 0, flags [DF], proto TCP (6), length 1500)',
	'    10.10.1.4.1470 > 74.53.140.153.25: Flags [.], cksum 0xd682 (correct), seq 151:1611, ack 463, win 65073, length 1460: SMTP, length: 1460',
	'06:06:10.695115 IP (tos 0xc0, ttl 63, id 17689, offset 0, flags [none], proto ICMP (1), length 576)',
	'    192.168.1.1 > 10.10.1.4: ICMP 74.53.140.153 unreachable - need to frag (mtu 1492), length 556',
	'\tIP (tos 0x0, ttl 126, id 9551, offset 0, flags [DF], proto TCP (6), length 1500)',
	'    10.10.1.4.1470 > 74.53.140.153.25: Flags [.], seq 151:1611, ack 463, win 65073, length 1460: SMTP, length: 1460',
];

/** Finding codes on the packet of a 1-based line. */
function codesOn(a: CaptureAnalysis, line: number): string[] {
	const p = a.packetAtLine(line - 1);
	return p ? a.findingsForPacket(p.index).map(f => f.code).sort() : [];
}

suite('public capture lines: ISSUE-8 class 4, a reset that does not refuse, a retried SYN', () => {
	test('rst-inject-rae: the reset (seq 0, ack = the ISN, not ISN + 1) does not refuse the SYN; the SYN-ACK that follows completes the handshake', () => {
		const a = analyzeText(RAE.join('\n'));
		assert.strictEqual(a.connections.length, 1);
		const hs = a.connections[0]!.handshake;
		// RFC 9293 §3.10.7.3: in SYN-SENT a reset whose ack is not ISN + 1 (1569339005) is dropped
		assert.match(RAE[1]!, /Flags \[R\.\], seq 0, ack 1569339004,/);
		assert.strictEqual(hs.state, 'complete');
		assert.ok(!a.findings.some(f => f.code === 'handshake.refused'));
		// tshark: frame 3 reused_ports only, frames 4 and 5 nothing (no lost segment, no ACKed unseen segment)
		assert.deepStrictEqual(codesOn(a, 3), ['tcp.reused-ports']);
		assert.deepStrictEqual(codesOn(a, 4), []);
		assert.deepStrictEqual(codesOn(a, 5), []);
		// iRTT: SYN (17:11:11.348475) to the ACK of the SYN-ACK (17:11:12.616340); tshark measures
		// 0.233736 s to the reset instead (it takes the first ACK-flagged packet after the SYN)
		assert.ok(Math.abs(hs.rttMs! - 1267.865) < 0.001, String(hs.rttMs));
	});

	test('rst-inject-rae: the reset\'s seq 0 is no place in the server\'s sequence: tshark\'s fields on every frame', () => {
		const v = tsharkView(RAE.join('\n'));
		// tshark -2: only frame 3 has a tcp.analysis field (reused_ports)
		assert.deepStrictEqual(v.frames.map(f => f.fields), RAE.map((_, i) => (i === 2 ? ['tcp.analysis.reused_ports'] : [])));
	});

	test('a refused SYN retried: the SYN-ACK after the refusing reset re-opens the handshake', () => {
		// line 2 of rst-inject-rae with the ack a refusal carries (ISN + 1)
		const refusing = RAE[1]!.replace('ack 1569339004', 'ack 1569339005');
		const a = analyzeText([RAE[0]!, refusing, ...RAE.slice(2)].join('\n'));
		assert.ok(a.findings.some(f => f.code === 'handshake.refused' && f.span.line === 1));
		const hs = a.connections[0]!.handshake;
		assert.strictEqual(hs.state, 'complete');
		assert.strictEqual(hs.rst, undefined);
		assert.deepStrictEqual(codesOn(a, 4), []);
	});

	test('tls-subjectaltname: SYN, challenge ACK, the client\'s reset (seq = that ack), the same SYN again: the first data is not a retransmission', () => {
		const a = analyzeText(TLS.join('\n'));
		const v = tsharkView(TLS.join('\n'));
		// tshark: frame 157 (line 6 here) retransmission (the same SYN), frame 160 (line 9) nothing
		assert.ok(codesOn(a, 6).includes('handshake.syn-retransmission'));
		assert.deepStrictEqual(codesOn(a, 9), []);
		const data = a.packetAtLine(8)!;
		assert.ok(!v.frames[data.index]!.fields.includes('tcp.analysis.retransmission'));
		assert.strictEqual(a.connections[data.tcpInfo!.connection]!.handshake.state, 'complete');
	});
});

suite('public capture lines: ISSUE-8 class 9, truncated IP', () => {
	test('pppoe-over-qinq: the 6 bytes the IP header claims beyond the PPPoE payload are not counted: the next segment is in order, its ACK acks what was seen', () => {
		const a = analyzeText(PPPOE.join('\n'));
		const t = a.packetAtLine(6)!;
		assert.deepStrictEqual({ missing: t.ipTruncated?.missing, inTunnel: t.ipTruncated?.inTunnel }, { missing: 6, inTunnel: false });
		const hint = a.findings.find(f => f.code === 'capture.truncated-ip')!;
		assert.strictEqual(PPPOE[6]!.slice(hint.span.start, hint.span.end), 'truncated-ip - 6 bytes missing!');
		assert.match(hint.message, /claims 6 bytes more .*"length 6".* Counted as 0 bytes, .*\(Wireshark: Len=0\)/);
		// tshark frames 19-21: Len=0 and no flag; frame 20 (seq 4237340679:4237340730) is not out-of-order, 21 acks no unseen segment
		assert.deepStrictEqual([7, 8, 9].map(l => codesOn(a, l)), [['capture.truncated-ip'], [], []]);
		const v = tsharkView(PPPOE.join('\n'));
		assert.deepStrictEqual(v.frames.slice(6).map(f => f.fields), [[], [], []]);
	});

	test('pppoe-over-qinq -v: the same packet, its truncation on the IP header line', () => {
		const a = analyzeText(PPPOE_V.join('\n'));
		assert.strictEqual(a.packets.length, 1);
		assert.deepStrictEqual({ missing: a.packets[0]!.ipTruncated?.missing, inTunnel: a.packets[0]!.ipTruncated?.inTunnel }, { missing: 6, inTunnel: false });
	});

	test('erspan: a truncated IP packet inside GRE keeps its printed length (the outer packet\'s fragments carry the rest; tshark reassembles them: Len=2920)', () => {
		const a = analyzeText(ERSPAN.join('\n'));
		const t = a.packets[0]!;
		assert.deepStrictEqual({ missing: t.ipTruncated?.missing, inTunnel: t.ipTruncated?.inTunnel }, { missing: 1502, inTunnel: true });
		// the client's ACK of 2287436373 acks exactly the 2920 bytes printed: no ACKed unseen segment
		assert.match(ERSPAN[3]!, /ack 2287436373,/);
		assert.deepStrictEqual(codesOn(a, 4), []);
		assert.match(a.findings.find(f => f.code === 'capture.truncated-ip')!.message, /most likely fragmented/);
	});
});

suite('public capture lines: ISSUE-8 class 6, the hover on a TCP header quoted by an ICMP error', () => {
	test('zeek smtp -v: says which segment the router refused (with its line) and why', () => {
		const a = analyzeText(SMTP.join('\n'));
		// the quoted header is the ICMP packet's, not traffic: 2 packets, the connection has 1
		assert.strictEqual(a.packets.length, 2);
		assert.strictEqual(a.connections[0]!.packets.length, 1);
		const h = hoverAt(a, { line: 5, character: 40 }, { lineText: l => SMTP[l], lineLink: l => `command:tcpdump.revealLine?${l}` })!;
		assert.ok(h, 'a hover on the quoted line');
		assert.deepStrictEqual(h.lines, [1]);
		assert.ok(h.markdown.includes('](command:tcpdump.revealLine?1)'), h.markdown);
		const plain = unescapeMarkdown(h.markdown).replace(/\[([^\]]{0,40})\]\([^)]{0,80}\)/g, '$1');
		assert.ok(plain.includes('The router 192.168.1.1 refused this segment of connection 10.10.1.4.1470 → 74.53.140.153.25 (line 2: seq 151:1611, length 1460): need to frag, its next-hop MTU is 1492'), plain);
		assert.ok(plain.includes('not a packet of the connection'));
		// the ICMP line itself keeps its ordinary hover
		assert.ok(!unescapeMarkdown(hoverAt(a, { line: 3, character: 40 }, { lineText: l => SMTP[l] })?.markdown ?? '').includes('refused this segment'));
	});
});
