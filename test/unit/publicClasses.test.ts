/**
 * The classes of ISSUE-8, each on the real capture it was found on (../shared/corpus/public-captures,
 * see its SOURCES.tsv for source, commit and licence): rendered by the real tcpdump, judged against
 * `tshark -2` on the same file, frame by frame where tshark is right, against the text where it is
 * not. Skips when the folder, tcpdump or tshark is absent.
 */
import * as assert from 'assert';
import { tsharkView, type TsharkView } from '../../src/core/analyse/tsharkCompare';
import { unescapeMarkdown } from '../../src/core/explain/render';
import { hoverAt } from '../../src/core/features/hover';
import { publicCaptures, renderPublic, toolsPresent, tsharkPublic, type PublicTshark } from './publicCaptures';

interface Loaded { view: TsharkView; truth: PublicTshark; lines: string[] }
const cache = new Map<string, Loaded>();

function load(capture: string, format: string): Loaded {
	const key = `${capture}/${format}`;
	let l = cache.get(key);
	if (!l) {
		const text = renderPublic(capture, format);
		l = { view: tsharkView(text), truth: tsharkPublic(capture), lines: text.split('\n') };
		cache.set(key, l);
	}
	return l;
}

/** Our comparison-layer fields on the packet of the given 1-based line. */
function fieldsAtLine(l: Loaded, line: number): readonly string[] {
	const p = l.view.analysis.packetAtLine(line - 1);
	assert.ok(p, `a packet on line ${line}`);
	return l.view.frames[p.index]!.fields;
}

function tsharkFlags(l: Loaded, frame: number): readonly string[] {
	return l.truth.frames[frame - 1]!.flags;
}

suite('public captures: ISSUE-8 classes on the real captures', function () {
	this.timeout(120000);
	suiteSetup(function () {
		if (publicCaptures().length === 0 || !toolsPresent()) {
			this.skip();
		}
	});

	test('class 2: "ACKed unseen segment" once per silence of the peer, as tshark (zeek__erspan lines 162-163)', () => {
		const l = load('zeek__erspan.pcap', 'nnS');
		// the client acks beyond what the server was seen sending, twice in a row, the server silent between
		assert.match(l.lines[161]!, /49162 > 192\.168\.69\.2\.80: Flags \[\.\], ack 2287453893,/);
		assert.match(l.lines[162]!, /49162 > 192\.168\.69\.2\.80: Flags \[\.\], ack 2287472446,/);
		assert.ok(tsharkFlags(l, 162).includes('tcp.analysis.ack_lost_segment'));
		assert.ok(!tsharkFlags(l, 163).includes('tcp.analysis.ack_lost_segment'));
		assert.ok(fieldsAtLine(l, 162).includes('tcp.analysis.ack_lost_segment'));
		assert.ok(!fieldsAtLine(l, 163).includes('tcp.analysis.ack_lost_segment'));
		const findings = l.view.analysis.findings.filter(f => f.code === 'tcp.ack-lost-segment').map(f => f.span.line + 1);
		assert.ok(findings.includes(162) && !findings.includes(163));
	});

	test('class 10: a gap tshark places on a pure ACK is not scored where the text prints no seq (zeek__dce-rpc__20-fids-no-close)', () => {
		// frames 53-55 are pure ACKs whose seq jumped (tshark: Previous segment not captured); -nn -S prints no seq for them
		const plain = load('zeek__dce-rpc__20-fids-no-close.pcap', 'nnS');
		assert.ok(tsharkFlags(plain, 53).includes('tcp.analysis.lost_segment'));
		assert.match(plain.lines[52]!, /Flags \[\.\], ack 675971146, win 501,/);
		const f53 = plain.view.frames[52]!;
		assert.ok(f53.undecidable.includes('tcp.analysis.lost_segment'), 'undecidable without the seq');
		// frame 56 carries data after those ACKs: the bytes before it are missing (our finding), but
		// whether tshark puts it here or on an ACK before is not decidable from this text
		assert.ok(plain.view.frames[55]!.undecidable.includes('tcp.analysis.lost_segment'));
		assert.ok(plain.view.analysis.findings.some(f => f.code === 'tcp.lost-segment' && f.span.line === 55));
		// with -vv the pure ACK's seq is printed: decidable, and we agree with tshark
		const vv = load('zeek__dce-rpc__20-fids-no-close.pcap', 'vv');
		const p53 = vv.view.frames[52]!;
		assert.ok(p53.fields.includes('tcp.analysis.lost_segment'));
		assert.ok(!vv.view.frames[55]!.fields.includes('tcp.analysis.lost_segment'));
	});

	test('class 1: IPv6 extension-header lines are read, and both halves of each connection meet (zeek__ipv6-http-atomic-frag)', () => {
		for (const format of ['nnS', 'v']) {
			const l = load('zeek__ipv6-http-atomic-frag.pcap', format);
			const tcpLines = l.lines.filter(x => / > \S+: (?:DSTOPT|HBH|frag|RT6)\b.* > \d+: Flags \[/.test(x)).length;
			assert.ok(tcpLines >= 18, `${format}: extension-header TCP lines present (${tcpLines})`);
			const read = l.view.analysis.packets.filter(p => p.tcp).length;
			assert.strictEqual(read, l.truth.frames.filter(f => f.tcp).length, `${format}: one TCP packet per tshark TCP frame`);
			// tshark's 4 streams (DSTOPT, frag, HBH, RT6); the last three complete handshakes (the
			// first one's SYN-ACK is captured before its SYN: class 7)
			assert.strictEqual(l.view.analysis.connections.length, 4);
			assert.deepStrictEqual(l.view.analysis.connections.slice(1).map(c => c.handshake.state), ['complete', 'complete', 'complete']);
		}
	});

	test('class 3: a SYN-ACK with a new ISN on the same ports is port reuse, as tshark says (tcp-fastopen line 14, rst-inject-rae line 3)', () => {
		const tfo = load('suricata-verify__tcp-fastopen-10-syn-data-ignore__input.pcap', 'nnS');
		assert.match(tfo.lines[13]!, /443 > 192\.168\.0\.45\.51615: Flags \[S\.\], seq 97572840, ack 2633933730,/);
		assert.ok(tsharkFlags(tfo, 14).includes('tcp.analysis.reused_ports'));
		assert.ok(fieldsAtLine(tfo, 14).includes('tcp.analysis.reused_ports'));
		const f14 = tfo.view.analysis.findings.find(f => f.code === 'tcp.reused-ports' && f.span.line === 13);
		assert.ok(f14 && /ISN 97572840/.test(f14.message) && /ISN 3212050950/.test(f14.message), f14?.message);
		// the same ISN again is a retransmission, not reuse (line 20 repeats line 17's ISN)
		assert.ok(!tsharkFlags(tfo, 20).includes('tcp.analysis.reused_ports'));
		assert.ok(!fieldsAtLine(tfo, 20).includes('tcp.analysis.reused_ports'));
		// a reset with seq 0, then the SYN-ACK with the server's real ISN
		const rae = load('zeek__tcp__rst-inject-rae.pcap', 'nnS');
		assert.match(rae.lines[1]!, /Flags \[R\.\], seq 0, ack 1569339004,/);
		assert.ok(tsharkFlags(rae, 3).includes('tcp.analysis.reused_ports'));
		assert.ok(fieldsAtLine(rae, 3).includes('tcp.analysis.reused_ports'));
		// tshark keeps one stream: so do we
		assert.strictEqual(rae.view.analysis.connections.length, 1);
	});

	test('class 4/10: after a challenge ACK whose seq is not printed, tshark\'s gap on the SYN-ACK and on the ACK after it are not scored; -vv decides them (tls-subjectaltname lines 12-22)', () => {
		const l = load('suricata-verify__tls__tls-subjectaltname__input.pcap', 'nnS');
		assert.match(l.lines[11]!, /443 > 192\.168\.100\.206\.59621: Flags \[\.\], ack 3058576675, win 251, length 0/);
		assert.match(l.lines[20]!, /Flags \[S\.\], seq 1586794959, ack 561364819,/);
		assert.ok(tsharkFlags(l, 21).includes('tcp.analysis.lost_segment'));
		assert.ok(tsharkFlags(l, 22).includes('tcp.analysis.ack_lost_segment'));
		assert.ok(l.view.frames[20]!.undecidable.includes('tcp.analysis.lost_segment'));
		assert.ok(l.view.frames[21]!.undecidable.includes('tcp.analysis.ack_lost_segment'));
		// no confident finding of ours on them: the handshake that follows is complete
		assert.ok(!l.view.analysis.findings.some(f => (f.span.line === 20 || f.span.line === 21) && (f.code === 'tcp.lost-segment' || f.code === 'tcp.ack-lost-segment')));
		const conn = l.view.analysis.connections[l.view.analysis.packets[20]!.tcpInfo!.connection]!;
		assert.strictEqual(conn.handshake.state, 'complete');
	});

	test('class 6: a TCP header quoted in an ICMP error belongs to the ICMP message, not to the connection; its hover names the refused segment (zeek__smtp -v line 272)', () => {
		const l = load('zeek__smtp.pcap', 'v');
		assert.match(l.lines[269]!, /^ {4}192\.168\.1\.1 > 10\.10\.1\.4: ICMP 74\.53\.140\.153 unreachable - need to frag \(mtu 1492\)/);
		assert.match(l.lines[271]!, /^ {4}10\.10\.1\.4\.1470 > 74\.53\.140\.153\.25: Flags \[\.\], seq 151:1611,/);
		const icmp = l.view.analysis.packetAtLine(271);
		assert.ok(icmp, 'the quoted line belongs to a packet');
		assert.strictEqual(icmp.protocol, 'icmp');
		assert.strictEqual(icmp.tcp, undefined, 'not a TCP packet');
		assert.deepStrictEqual(icmp.quotedTcp?.map(q => [q.src.text, q.dst.text, q.seq?.start, q.seq?.end]), [['10.10.1.4.1470', '74.53.140.153.25', 151, 1611]]);
		// one packet per frame, as tshark counts them, and no finding on the quote
		assert.strictEqual(l.view.analysis.packets.length, l.truth.frames.length);
		assert.ok(!l.view.analysis.findings.some(f => f.span.line === 271));
		// the hover on each quote names the segment refused, by its line (checked by hand: the quoted
		// seq ranges 151:1611, 1611:3071, 3071:4531, 4531:5991 are those of lines 66, 115, 171, 230)
		const linked = [272, 336, 358, 387].map(line => hoverAt(l.view.analysis, { line: line - 1, character: 10 }, { lineText: i => l.lines[i] })?.lines.map(x => x + 1));
		assert.deepStrictEqual(linked, [[66], [115], [171], [230]]);
		const h = unescapeMarkdown(hoverAt(l.view.analysis, { line: 271, character: 10 }, { lineText: i => l.lines[i] })!.markdown);
		assert.ok(h.includes('The router 192.168.1.1 refused this segment of connection 10.10.1.4.1470 → 74.53.140.153.25 (line 66: seq 151:1611, length 1460): need to frag, its next-hop MTU is 1492'), h);
		// the same capture without -v agrees on the connections' packets
		const plain = load('zeek__smtp.pcap', 'nnS');
		assert.deepStrictEqual(l.view.analysis.connections.map(c => c.packets.length), plain.view.analysis.connections.map(c => c.packets.length));
	});

	test('class 9: truncated IP: pppoe-over-qinq agrees with tshark on every frame in every format; erspan -v reads one packet per frame', () => {
		for (const format of ['nnS', 'v', 'e', 't']) {
			const l = load('zeek__pppoe-over-qinq.pcap', format);
			const truncated = l.view.analysis.packets.filter(p => p.ipTruncated);
			assert.strictEqual(truncated.length, 6, format);
			assert.ok(truncated.every(p => !p.ipTruncated!.inTunnel));
			// tshark: Len=0 on these frames, and no tcp.analysis field disagrees anywhere in the capture
			const tcpFrames = l.truth.frames.filter(f => f.tcp);
			assert.strictEqual(l.view.frames.length, tcpFrames.length);
			const differ = l.view.frames.map((f, i) => [i + 1, f.fields.filter(x => !f.undecidable.includes(x)).join(','), tcpFrames[i]!.flags.filter(x => !f.undecidable.includes(x)).join(',')] as const).filter(([, ours, theirs]) => ours !== theirs);
			assert.deepStrictEqual(differ, [], format);
		}
		const erspan = load('zeek__erspan.pcap', 'v');
		assert.strictEqual(erspan.view.analysis.packets.length, erspan.truth.frames.length);
		assert.strictEqual(erspan.view.analysis.packets.filter(p => p.ipTruncated?.inTunnel).length, 16);
	});

	test('class 5: a tunnel\'s inner packet is part of the outer packet: one packet per frame, with the outer time (VXLAN, GRE -v, Geneve -v)', () => {
		for (const [capture, format] of [['suricata-verify__vxlan-decoder-03__vxlan.pcap', 'nnS'], ['zeek__connkey-vxlan__vxlan-overlapping-http-get.pcap', 't'],
			['zeek__connkey-vxlan__vxlan-overlapping-http-get.pcap', 'v'], ['arkime__gre-sample.pcap', 'v'], ['arkime__tcpdump-geneve.pcap', 'v']] as const) {
			const l = load(capture, format);
			assert.strictEqual(l.view.analysis.packets.length, l.truth.frames.length, `${capture}/${format}: packets = frames`);
			const tcp = l.view.analysis.packets.filter(p => p.tcp);
			assert.strictEqual(tcp.length, l.truth.frames.filter(f => f.tcp).length, `${capture}/${format}: TCP packets = tshark's TCP frames`);
			if (format !== 't') {
				assert.ok(tcp.every(p => p.time !== undefined), `${capture}/${format}: every TCP packet has the outer time`);
			}
		}
		// the VXLAN SYN on the line after its outer line carries that line's time, so the handshake has an iRTT
		const vx = load('zeek__connkey-vxlan__vxlan-overlapping-http-get.pcap', 'nnS');
		assert.match(vx.lines[0]!, /^21:42:06\.869344 IP 127\.0\.0\.1\.19900 > 127\.0\.0\.1\.4789: VXLAN, flags \[I\] \(0x08\), vni 4711$/);
		assert.match(vx.lines[1]!, /^IP 141\.142\.228\.5\.59856 > 192\.150\.187\.43\.80: Flags \[S\], seq 4263588410,/);
		const syn = vx.view.analysis.packetAtLine(1)!;
		assert.strictEqual(syn.line, 0);
		assert.ok(syn.tcp?.flags?.syn);
		assert.ok(Math.abs(syn.time! - (21 * 3600 + 42 * 60 + 6.869344)) < 1e-6);
	});

	test('class 8: the same endpoints on another VLAN (-e) or VXLAN VNI are another connection; a tag seen one way only is not (vlan-collisions, connkey-vxlan, bug-4376)', () => {
		const vlan = load('zeek__vlan-collisions.pcap', 'e');
		assert.match(vlan.lines[1]!, /ethertype 802\.1Q \(0x8100\), length 82: vlan 42, p 4, DEI, ethertype IPv4 \(0x0800\), 141\.142\.228\.5\.59856 > 192\.150\.187\.43\.80: Flags \[S\]/);
		assert.deepStrictEqual(vlan.view.analysis.connections.map(c => c.endpointKey), [undefined, 'vlan 42', 'vlan 10 vlan 20']);
		assert.deepStrictEqual(vlan.view.analysis.connections.map(c => c.handshake.state), ['complete', 'complete', 'complete']);
		// without -e the tags are not in the text: one connection, as tshark's one stream
		assert.strictEqual(load('zeek__vlan-collisions.pcap', 'nnS').view.analysis.connections.length, 1);
		const vx = load('zeek__connkey-vxlan__vxlan-overlapping-http-get.pcap', 'nnS');
		assert.deepStrictEqual(vx.view.analysis.connections.map(c => c.endpointKey), ['vni 4711', 'vni 4242', undefined]);
		// no copy is a retransmission of another
		assert.ok(!vx.view.analysis.findings.some(f => f.code === 'tcp.retransmission' || f.code === 'handshake.syn-retransmission'));
		// bug-4376: the client's packets are tagged (vlan 3136), the server's are not: one connection
		const mixed = load('suricata-verify__bug-4376__syn_retransmit_with_ts.pcap', 'e');
		assert.match(mixed.lines[0]!, /vlan 3136, p 0, ethertype IPv4 \(0x0800\), 10\.38\.251\.146\.33372 > 10\.38\.251\.147\.80: Flags \[S\]/);
		assert.strictEqual(mixed.view.analysis.connections.length, load('suricata-verify__bug-4376__syn_retransmit_with_ts.pcap', 'nnS').view.analysis.connections.length);
	});

	test('class 7: a SYN captured after its SYN-ACK completes the handshake, out of order, not a SYN retransmission (zeek__tcp__handshake-reorder)', () => {
		const l = load('zeek__tcp__handshake-reorder.pcap', 'nnS');
		assert.match(l.lines[0]!, /Flags \[S\.\], seq \d+, ack (\d+),/);
		assert.match(l.lines[1]!, /Flags \[S\], seq \d+,/);
		const hs = l.view.analysis.connections[0]!.handshake;
		assert.strictEqual(hs.state, 'complete');
		assert.strictEqual(hs.capturedOutOfOrder, true);
		assert.ok(!l.view.analysis.findings.some(f => f.code === 'handshake.syn-retransmission'));
		// iRTT from the SYN to the final ACK, as tshark measures it
		const irtt = l.truth.streams['0']!.irtt!;
		assert.ok(Math.abs(hs.rttMs! / 1000 - irtt) < 2e-6, `${hs.rttMs} ms vs tshark ${irtt} s`);
	});
});

