/**
 * The capture reader on every fixture and every format, against tshark (tshark.json; frame n = the
 * n-th packet of the text): the packet → connection partition equals tshark's streams, the
 * absolute seq/ack we recover equal tshark's raw ones wherever tcpdump printed them, flags, length
 * and window equal tshark's, the iRTT equals tshark's for valid handshakes, and roles and ISNs follow
 * tshark's SYN / SYN-ACK frames. Handshake states and handshake.* findings per case follow
 * design/tcp-analysis.md §4 and test/fixtures/README.md.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import { generateCapture } from '../../bench/generate';
import { analyzeText, CaptureReader, detectDeltaMode, type CaptureAnalysis } from '../../src/core/store/capture';
import { splitLines } from '../../src/core/scan/lines';
import type { FindingCode, HandshakeState, PacketRecord } from '../../src/core/types';
import { fixtureCases, fixturePath, FORMATS, loadTshark, readFixture, spanText, type TsharkJson } from './fixtures';

const FIN = 1, SYN = 2, RST = 4, PSH = 8, ACK = 16;

interface Render {
	format: string;
	text: string;
	lines: string[];
	a: CaptureAnalysis;
}

function renders(c: string): Render[] {
	const out: Render[] = [];
	for (const format of [...FORMATS, 'A']) {
		const file = fixturePath(c, `${format}.txt`);
		if (!fs.existsSync(file)) {
			continue;
		}
		const text = readFixture(c, `${format}.txt`);
		out.push({ format, text, lines: text.split('\n'), a: analyzeText(text) });
	}
	return out;
}

/** The tcpdump options behind each render: which numbers it prints. */
function printsSeqOnPureAck(format: string): boolean {
	return format === 'vv';
}

function handshakeCodes(a: CaptureAnalysis): Map<FindingCode, number> {
	const m = new Map<FindingCode, number>();
	for (const f of a.findings) {
		if (f.code.startsWith('handshake.') || f.code === 'tcp.reused-ports') {
			m.set(f.code, (m.get(f.code) ?? 0) + 1);
		}
	}
	return m;
}

function tcpPacket(r: Render, i: number): PacketRecord {
	const p = r.a.packets[i];
	assert.ok(p, `${r.format}: packet ${i + 1} missing`);
	return p;
}

/**
 * Expected handshake findings (and reused-ports) per case, from design/tcp-analysis.md §4 and the
 * fixtures README. Cases not listed must have none.
 */
const EXPECTED_FINDINGS: Record<string, Partial<Record<FindingCode, number>>> = {
	'refused': { 'handshake.refused': 1 },
	'unanswered-syn': { 'handshake.syn-retransmission': 2, 'handshake.incomplete': 1 },
	'synack-wrong-ack': { 'handshake.synack-ack-mismatch': 1, 'handshake.incomplete': 1 },
	'synack-wrong-ack-continued': { 'handshake.synack-ack-mismatch': 1, 'handshake.incomplete': 1 },
	'final-ack-wrong': { 'handshake.ack-mismatch': 1, 'handshake.incomplete': 1 },
	'port-reuse': { 'tcp.reused-ports': 1 },
	// the page fetch, image and TLS connections are complete; port 8443 is refused
	'mixed': { 'handshake.refused': 1 },
};

/** Handshake state of each connection, in order (design/tcp-analysis.md §4, fixtures README). */
const EXPECTED_STATES: Record<string, HandshakeState[]> = {
	'normal-fin': ['complete'],
	'refused': ['refused'],
	'unanswered-syn': ['incomplete'],
	'synack-wrong-ack': ['ack-mismatch'],
	'synack-wrong-ack-continued': ['ack-mismatch'],
	'final-ack-wrong': ['ack-mismatch'],
	'simultaneous-open': ['simultaneous'],
	'port-reuse': ['complete', 'complete'],
	'interleaved': ['complete', 'complete', 'complete'],
	'mid-stream': ['none'],
	'tfo': ['complete'],
	'ipv6': ['complete'],
	'seq-wrap': ['complete'],
	'loopback-http': ['complete', 'complete'],
	'mixed': ['complete', 'complete', 'refused', 'complete'],
};

suite('capture: fixtures against tshark', () => {
	const all = fixtureCases();

	test('fixtures are present', function () {
		if (all.length === 0) {
			this.skip();
		}
		assert.ok(all.length >= 25, `${all.length} cases`);
	});

	for (const c of all) {
		suite(c, () => {
			let tshark: TsharkJson;
			let rs: Render[];
			suiteSetup(() => {
				tshark = loadTshark(c);
				rs = renders(c);
			});

			test('every format: one packet per tshark frame, nothing unreadable', () => {
				assert.ok(rs.length >= FORMATS.length, `${rs.length} renders`);
				for (const r of rs) {
					assert.strictEqual(r.a.packets.length, tshark.frames.length, `${r.format}: packets`);
					assert.strictEqual(r.a.counts.tcpPackets, tshark.frames.filter(f => f.tcp).length, `${r.format}: TCP packets`);
					assert.deepStrictEqual(r.a.unreadable, [], `${r.format}: unreadable lines`);
					for (const f of tshark.frames) {
						const p = tcpPacket(r, f.frame - 1);
						assert.strictEqual(p.tcp !== undefined, f.tcp, `${r.format} frame ${f.frame}: TCP or not`);
					}
				}
			});

			test('every format: connections = tshark streams (same partition of the packets)', () => {
				for (const r of rs) {
					const streamToConn = new Map<number, number>();
					const connToStream = new Map<number, number>();
					for (const f of tshark.frames) {
						if (f.stream === null) {
							continue;
						}
						const info = tcpPacket(r, f.frame - 1).tcpInfo;
						assert.ok(info, `${r.format} frame ${f.frame}: no connection`);
						const s = streamToConn.get(f.stream);
						const k = connToStream.get(info.connection);
						assert.ok(s === undefined || s === info.connection, `${r.format} frame ${f.frame}: stream ${f.stream} split over connections ${s} and ${info.connection}`);
						assert.ok(k === undefined || k === f.stream, `${r.format} frame ${f.frame}: connection ${info.connection} holds streams ${k} and ${f.stream}`);
						streamToConn.set(f.stream, info.connection);
						connToStream.set(info.connection, f.stream);
					}
					assert.strictEqual(r.a.connections.length, Object.keys(tshark.streams).length, `${r.format}: connections`);
					for (const conn of r.a.connections) {
						const frames = tshark.frames.filter(f => f.stream === connToStream.get(conn.index)).map(f => f.frame - 1);
						assert.deepStrictEqual(conn.packets, frames, `${r.format}: packets of connection ${conn.index}`);
					}
				}
			});

			test('every format: flags, length and window as tshark reads them', () => {
				for (const r of rs) {
					for (const f of tshark.frames) {
						const tcp = tcpPacket(r, f.frame - 1).tcp;
						if (!tcp || f.tcpFlags === null) {
							continue;
						}
						const where = `${r.format} frame ${f.frame}`;
						const fl = tcp.flags;
						assert.ok(fl, `${where}: flags`);
						assert.deepStrictEqual(
							[fl.fin, fl.syn, fl.rst, fl.psh, fl.ack],
							[(f.tcpFlags & FIN) !== 0, (f.tcpFlags & SYN) !== 0, (f.tcpFlags & RST) !== 0, (f.tcpFlags & PSH) !== 0, (f.tcpFlags & ACK) !== 0],
							`${where}: flags ${fl.text} vs tshark ${f.tcpFlags}`);
						assert.strictEqual(tcp.length, f.len, `${where}: length`);
						assert.strictEqual(tcp.win?.value, f.win, `${where}: win`);
						assert.strictEqual(tcp.truncated, false, `${where}: truncated`);
					}
				}
			});

			test('every format: absolute seq/ack = tshark seqRaw/ackRaw wherever printed', () => {
				for (const r of rs) {
					for (const f of tshark.frames) {
						const p = tcpPacket(r, f.frame - 1);
						if (!p.tcp) {
							continue;
						}
						const where = `${r.format} frame ${f.frame}`;
						const info = p.tcpInfo;
						assert.ok(info, where);
						if (p.tcp.seq && info.seqBaseKnown) {
							assert.strictEqual(info.absSeq, f.seqRaw, `${where}: absSeq (printed seq ${p.tcp.seq.start})`);
							if (p.tcp.seq.end !== undefined) {
								assert.strictEqual(info.absSeqEnd, ((f.seqRaw ?? 0) + (f.len ?? 0)) % 2 ** 32, `${where}: absSeqEnd`);
							}
						}
						if (p.tcp.ack && info.ackBaseKnown !== false) {
							assert.strictEqual(info.absAck, f.ackRaw, `${where}: absAck (printed ack ${p.tcp.ack.value})`);
						}
						// a pure ACK prints its seq only with -vv
						if ((f.tcpFlags ?? 0) === ACK && f.len === 0) {
							assert.strictEqual(p.tcp.seq !== undefined, printsSeqOnPureAck(r.format), `${where}: seq printed on a pure ACK`);
						}
					}
				}
			});

			test('every format: roles and ISNs from the SYN and SYN-ACK frames', () => {
				for (const r of rs) {
					for (const conn of r.a.connections) {
						const frames = conn.packets.map(i => tshark.frames[i]);
						const syn = frames.find(f => f && ((f.tcpFlags ?? 0) & (SYN | ACK)) === SYN);
						const where = `${r.format} connection ${conn.index}`;
						if (!syn) {
							assert.strictEqual(conn.client, undefined, `${where}: client without a SYN`);
							assert.strictEqual(conn.handshake.state, 'none', `${where}: state without a SYN`);
							continue;
						}
						const synPacket = tcpPacket(r, syn.frame - 1);
						assert.strictEqual(conn.client, synPacket.tcp?.src.text, `${where}: client = the SYN's sender`);
						assert.strictEqual(conn.server, synPacket.tcp?.dst.text, `${where}: server`);
						assert.strictEqual(conn.handshake.clientIsn, syn.seqRaw, `${where}: client ISN`);
						assert.strictEqual(conn.handshake.syn, syn.frame - 1, `${where}: SYN packet`);
						// the server's ISN: its first SYN or SYN-ACK (a simultaneous open has a bare SYN from each side)
						const serverSyn = frames.find(f => f && ((f.tcpFlags ?? 0) & SYN) !== 0
							&& tcpPacket(r, f.frame - 1).tcp?.src.text === conn.server);
						assert.strictEqual(conn.handshake.serverIsn, serverSyn?.seqRaw, `${where}: server ISN`);
						for (const i of conn.packets) {
							const p = tcpPacket(r, i);
							assert.strictEqual(p.tcpInfo?.fromClient, p.tcp?.src.text === conn.client, `${where}: packet ${i + 1} direction`);
						}
					}
				}
			});

			test('every format: iRTT = tshark for valid handshakes, none with -t', () => {
				for (const r of rs) {
					for (const conn of r.a.connections) {
						const hs = conn.handshake;
						const stream = tshark.frames[conn.packets[0] ?? -1]?.stream;
						const irtt = stream === null || stream === undefined ? null : tshark.streams[String(stream)]?.irtt ?? null;
						const where = `${r.format} connection ${conn.index} (${hs.state})`;
						if (r.format === 't' || (hs.state !== 'complete' && hs.state !== 'simultaneous')) {
							// tshark gives one for refused / bad-ack handshakes too; we must not
							assert.strictEqual(hs.rttMs, undefined, `${where}: no iRTT`);
							continue;
						}
						if (hs.state === 'simultaneous') {
							continue; // tshark has no iRTT for a simultaneous open; ours is checked below
						}
						if (c === 'any-duplicates') {
							// every packet twice (lo Out, lo In): tshark takes the second SYN copy as a
							// retransmitted SYN and starts its clock there (+3 µs). Ours counts from the
							// SYN as first seen to the final ACK as first seen: 66 µs, not tshark's 63 µs
							assert.ok(hs.rttMs !== undefined && Math.abs(hs.rttMs - 0.066) < 0.0005, `${where}: ${hs.rttMs}`);
							assert.ok(irtt !== null && Math.abs(irtt * 1000 - 0.063) < 0.0005, `${where}: tshark ${irtt}`);
							continue;
						}
						if (c === 'tfo') {
							// tshark stops the clock at the server's early data (frame 3, +24.4 ms); ours is
							// defined as SYN → the client's completing ACK (tcp-analysis.md §4.1): +24.51 ms
							assert.ok(hs.rttMs !== undefined && Math.abs(hs.rttMs - 24.51) < 0.001, `${where}: ${hs.rttMs}`);
							continue;
						}
						assert.ok(irtt !== null, `${where}: tshark has an iRTT`);
						assert.ok(hs.rttMs !== undefined && Math.abs(hs.rttMs - irtt * 1000) < 0.001,
							`${where}: iRTT ${hs.rttMs} ms, tshark ${irtt * 1000} ms`);
					}
				}
			});

			test('every format: handshake states and handshake findings', () => {
				const expected = EXPECTED_FINDINGS[c] ?? {};
				const states = EXPECTED_STATES[c];
				for (const r of rs) {
					const got = Object.fromEntries(handshakeCodes(r.a));
					assert.deepStrictEqual(got, expected, `${r.format}: handshake findings`);
					if (states) {
						assert.deepStrictEqual(r.a.connections.map(x => x.handshake.state), states, `${r.format}: states`);
					} else {
						for (const conn of r.a.connections) {
							assert.ok(conn.handshake.state === 'complete' || conn.handshake.state === 'none', `${r.format}: ${conn.handshake.state}`);
						}
					}
					for (const f of r.a.findings) {
						const line = r.lines[f.span.line] ?? '';
						assert.ok(f.span.end > f.span.start && f.span.end <= line.length, `${r.format}: ${f.code} span inside its line`);
					}
				}
			});
		});
	}
});

suite('capture: per-case handshake details', () => {
	const present = fs.existsSync(fixturePath('normal-fin', 'nn.txt'));
	const analyze = (c: string, format: string) => {
		const text = readFixture(c, `${format}.txt`);
		return { a: analyzeText(text), lines: text.split('\n') };
	};
	setup(function () {
		if (!present) {
			this.skip();
		}
	});

	test('normal-fin: MSS 1460 and wscale 7 on both sides, sackOK, timestamps', () => {
		const hs = analyze('normal-fin', 'nn').a.connections[0]?.handshake;
		assert.ok(hs);
		assert.deepStrictEqual(
			[hs.clientMss, hs.serverMss, hs.clientWscale, hs.serverWscale, hs.clientSackOk, hs.serverSackOk, hs.clientTimestamps, hs.serverTimestamps],
			[1460, 1460, 7, 7, true, true, true, true]);
		assert.deepStrictEqual([hs.syn, hs.synAck, hs.ack], [0, 1, 2]);
		// SYN 10:00:00.000000, SYN-ACK .024000, ACK .024110
		assert.ok(Math.abs((hs.synToSynAckMs ?? NaN) - 24) < 1e-6);
		assert.ok(Math.abs((hs.synAckToAckMs ?? NaN) - 0.11) < 1e-6);
	});

	test('window-scaling: client wscale 7, server wscale 2', () => {
		const hs = analyze('window-scaling', 'nn').a.connections[0]?.handshake;
		assert.deepStrictEqual([hs?.clientWscale, hs?.serverWscale], [7, 2]);
	});

	test('ipv6: MSS 1440, IPv6 endpoints split at the last dot', () => {
		const conn = analyze('ipv6', 'nn').a.connections[0];
		assert.strictEqual(conn?.client, '2001:db8::1.' + conn?.client?.split('.').pop());
		assert.ok(conn?.server?.startsWith('2001:db8::2.'));
		assert.strictEqual(conn?.handshake.clientMss, 1440);
	});

	test('loopback-http: MSS 65495, wscale 10', () => {
		const hs = analyze('loopback-http', 'nn').a.connections[0]?.handshake;
		assert.deepStrictEqual([hs?.clientMss, hs?.serverMss, hs?.clientWscale, hs?.serverWscale], [65495, 65495, 10, 10]);
	});

	test('tfo: the SYN carries 82 bytes, the SYN-ACK acks ISN + 1 + 82, complete', () => {
		const hs = analyze('tfo', 'nn').a.connections[0]?.handshake;
		assert.strictEqual(hs?.synDataLength, 82);
		assert.strictEqual(hs?.state, 'complete');
		assert.strictEqual(hs?.clientIsn, 936732547);
	});

	test('refused: handshake.refused on the RST line, related the SYN', () => {
		for (const format of FORMATS) {
			const { a, lines } = analyze('refused', format);
			const f = a.findings.find(x => x.code === 'handshake.refused');
			assert.ok(f, format);
			assert.strictEqual(f.packet, 1, format);
			assert.strictEqual(f.span.line, a.packets[1]?.tcp?.line, `${format}: on the RST's line`);
			assert.strictEqual(spanText(lines, f.span), 'R.', format);
			assert.strictEqual(f.severity, 'warning');
			assert.strictEqual(f.related[0]?.span.line, a.packets[0]?.tcp?.line, `${format}: related = the SYN`);
			assert.strictEqual(a.connections[0]?.handshake.rst, 1);
		}
	});

	test('unanswered-syn: two SYN retransmissions (+1 s, +3 s) and incomplete on the first SYN', () => {
		for (const format of FORMATS) {
			const { a } = analyze('unanswered-syn', format);
			const rx = a.findings.filter(x => x.code === 'handshake.syn-retransmission');
			assert.deepStrictEqual(rx.map(x => x.packet), [1, 2], format);
			assert.ok(rx.every(x => x.severity === 'information'));
			const inc = a.findings.find(x => x.code === 'handshake.incomplete');
			assert.strictEqual(inc?.packet, 0, format);
			assert.strictEqual(inc?.severity, 'warning');
			assert.deepStrictEqual(a.connections[0]?.handshake.syns, [0, 1, 2]);
			if (format !== 't') {
				assert.match(rx[0]?.message ?? '', /1\.000 s after the first/, format);
				assert.match(rx[1]?.message ?? '', /3\.000 s after the first/, format);
			}
		}
	});

	test('synack-wrong-ack: error on the SYN-ACK\'s ack token, related = the SYN line', () => {
		for (const c of ['synack-wrong-ack', 'synack-wrong-ack-continued']) {
			for (const format of FORMATS) {
				const { a, lines } = analyze(c, format);
				const f = a.findings.find(x => x.code === 'handshake.synack-ack-mismatch');
				assert.ok(f, `${c} ${format}`);
				assert.strictEqual(f.severity, 'error');
				assert.strictEqual(f.packet, 1);
				assert.strictEqual(spanText(lines, f.span), '1005', `${c} ${format}: the ack digits`);
				assert.strictEqual(f.span.line, a.packets[1]?.tcp?.line);
				assert.strictEqual(f.related.length, 1);
				assert.strictEqual(f.related[0]?.span.line, a.packets[0]?.tcp?.line, `${c} ${format}: related = the SYN line`);
				assert.strictEqual(a.connections[0]?.handshake.rttMs, undefined, 'no iRTT for a bad SYN-ACK');
			}
		}
	});

	test('final-ack-wrong: ack-mismatch on the third packet\'s ack, related the SYN-ACK', () => {
		for (const format of FORMATS) {
			const { a, lines } = analyze('final-ack-wrong', format);
			const f = a.findings.find(x => x.code === 'handshake.ack-mismatch');
			assert.ok(f, format);
			assert.strictEqual(f.severity, 'error');
			assert.strictEqual(f.packet, 2);
			// printed relative `ack 5`, or absolute server ISN + 5 with -S
			const serverIsn = a.connections[0]?.handshake.serverIsn ?? NaN;
			assert.strictEqual(spanText(lines, f.span), format === 'nnS' ? String(serverIsn + 5) : '5', format);
			assert.strictEqual(f.related[0]?.span.line, a.packets[1]?.tcp?.line);
		}
	});

	test('simultaneous-open: no retransmission findings on the SYN-ACKs', () => {
		for (const format of FORMATS) {
			const { a } = analyze('simultaneous-open', format);
			assert.deepStrictEqual(a.findings.filter(x => x.packet === 2 || x.packet === 3).map(x => x.code), [], format);
			const hs = a.connections[0]?.handshake;
			assert.deepStrictEqual([hs?.clientIsn, hs?.serverIsn], [1100000, 2200000]);
			if (format !== 't') {
				// tshark has no iRTT here; ours runs from the client's SYN (.000000) to the SYN-ACK that settles it (.010800)
				assert.ok(hs?.rttMs !== undefined && Math.abs(hs.rttMs - 10.8) < 0.001, `${format}: ${hs?.rttMs}`);
			}
		}
	});

	test('port-reuse: two connections, reused-ports on the second SYN', () => {
		for (const format of FORMATS) {
			const { a, lines } = analyze('port-reuse', format);
			assert.strictEqual(a.connections.length, 2);
			const f = a.findings.find(x => x.code === 'tcp.reused-ports');
			assert.ok(f);
			assert.strictEqual(f.connection, 1);
			assert.strictEqual(f.packet, a.connections[1]?.packets[0]);
			assert.strictEqual(spanText(lines, f.span), String(a.connections[1]?.handshake.clientIsn));
			assert.notStrictEqual(a.connections[0]?.handshake.clientIsn, a.connections[1]?.handshake.clientIsn);
		}
	});

	test('mid-stream: state none, roles unknown, no handshake findings', () => {
		for (const format of FORMATS) {
			const { a } = analyze('mid-stream', format);
			const conn = a.connections[0];
			assert.strictEqual(conn?.handshake.state, 'none');
			assert.strictEqual(conn.client, undefined);
			assert.ok(a.packets.every(p => p.tcpInfo?.fromClient === undefined));
		}
	});

	test('-S detection: absolute for nnS.txt, relative for nn.txt', () => {
		for (const c of fixtureCases()) {
			const abs = analyze(c, 'nnS').a.numbering;
			const rel = analyze(c, 'nn').a.numbering;
			const anyRelative = analyze(c, 'nn').a.packets.some((p, i, ps) => p.tcp?.ack && ps.slice(0, i).some(q => q.tcp?.ack && q.tcpInfo?.connection === p.tcpInfo?.connection) && !p.tcp.flags?.syn);
			if (!anyRelative) {
				continue; // no packet that tcpdump would print relative (refused, unanswered SYN)
			}
			assert.strictEqual(abs, 'absolute', `${c}: nnS`);
			assert.strictEqual(rel, 'relative', `${c}: nn`);
		}
	});

	test('banner and -A: same connections as nn.txt, banner line counted', () => {
		const banner = analyze('normal-fin', 'banner');
		const nn = analyze('normal-fin', 'nn');
		assert.strictEqual(banner.a.counts.bannerLines, 1);
		assert.strictEqual(banner.a.packets.length, nn.a.packets.length);
		assert.strictEqual(banner.a.packets[0]?.line, 1);
		const asciiDump = analyze('normal-fin', 'A');
		assert.strictEqual(asciiDump.a.packets.length, 11);
		assert.deepStrictEqual(asciiDump.a.findings, []);
	});
});

suite('capture: reader behaviour', () => {
	test('-ttt deltas are summed; detectDeltaMode picks previous for -ttt', function () {
		if (!fs.existsSync(fixturePath('normal-fin', 'ttt.txt'))) {
			this.skip();
		}
		const text = readFixture('normal-fin', 'ttt.txt');
		assert.strictEqual(detectDeltaMode(text.split('\n')), 'previous');
		const a = analyzeText(text);
		// tshark: frame 11 at 1709287200.07466, frame 1 at 1709287200.0
		assert.ok(Math.abs((a.packets[10]?.time ?? NaN) - 0.07466) < 1e-9, String(a.packets[10]?.time));
	});

	test('monotonic deltas over 8 stamps read as -ttttt (since the first)', () => {
		const lines = Array.from({ length: 9 }, (_, i) => ` 00:00:0${i}.000000 IP 10.0.0.1.1 > 10.0.0.2.2: Flags [.], ack 1, win 1, length 0`);
		assert.strictEqual(detectDeltaMode(lines), 'first');
		assert.strictEqual(detectDeltaMode(lines.slice(0, 3)), 'previous');
	});

	test('default time crossing midnight keeps going forward', () => {
		const a = analyzeText([
			'23:59:59.900000 IP 10.0.0.1.1000 > 10.0.0.2.80: Flags [S], seq 100, win 65535, length 0',
			'00:00:00.100000 IP 10.0.0.2.80 > 10.0.0.1.1000: Flags [S.], seq 900, ack 101, win 65535, length 0',
			'00:00:00.150000 IP 10.0.0.1.1000 > 10.0.0.2.80: Flags [.], ack 1, win 65535, length 0',
		].join('\n'));
		assert.strictEqual(a.connections[0]?.handshake.state, 'complete');
		assert.ok(Math.abs((a.connections[0]?.handshake.rttMs ?? NaN) - 250) < 1e-6);
	});

	test('CRLF gives the same packets and findings as LF', function () {
		if (!fs.existsSync(fixturePath('mixed', 'nn.txt'))) {
			this.skip();
		}
		const lf = readFixture('mixed', 'nn.txt');
		const a = analyzeText(lf);
		const b = analyzeText(lf.replace(/\n/g, '\r\n'));
		assert.deepStrictEqual(b.findings, a.findings);
		assert.deepStrictEqual(b.connections, a.connections);
	});

	test('packetAtLine covers continuation lines (-X, -v)', function () {
		if (!fs.existsSync(fixturePath('normal-fin', 'X.txt'))) {
			this.skip();
		}
		const x = readFixture('normal-fin', 'X.txt').split('\n');
		const a = analyzeText(x.join('\n'));
		const hexLine = x.findIndex(l => l.startsWith('\t0x'));
		assert.strictEqual(a.packetAtLine(hexLine)?.index, 0);
		const second = a.packets[1];
		assert.ok(second && second.line > hexLine);
		assert.strictEqual(a.packetAtLine(second.line - 1)?.index, 0);
		const v = readFixture('normal-fin', 'v.txt');
		const av = analyzeText(v);
		assert.strictEqual(av.packets[0]?.line, 0);
		assert.strictEqual(av.packets[0]?.tcp?.line, 1);
		assert.strictEqual(av.packetAtLine(1)?.index, 0);
		assert.strictEqual(av.packetAtLine(-1), undefined);
	});
});

suite('capture: following a live stream', () => {
	// tcpdump -l | tcpdump-lens - : many short connections come and go; the reader must forget
	// the finished ones and still report exactly what a whole-file read reports.
	const text = generateCapture(60000, 7);
	const lines = splitLines(text);

	test('finished connections are forgotten as the stream goes, with the same findings as a whole read', () => {
		const whole = analyzeText(text);
		const done: string[] = [];
		const streamed: string[] = [];
		const reader = new CaptureReader({
			retainPackets: false,
			onConnectionDone: conn => done.push(`${conn.endpoints[0]} ${conn.endpoints[1]} ${conn.handshake.state}`),
			onFinding: f => streamed.push(`${f.span.line}:${f.code}`),
		});
		let mostOpen = 0;
		for (const line of lines) {
			reader.push(line);
			mostOpen = Math.max(mostOpen, reader.tracker.liveConnections().length);
		}
		reader.finish();
		const open = reader.tracker.liveConnections().length;
		assert.strictEqual(reader.tracker.count, whole.connections.length, 'every connection is still counted');
		assert.strictEqual(done.length + open, whole.connections.length, 'each connection is either done or still open');
		assert.ok(whole.connections.length > 3000, `a realistic stream (${whole.connections.length} connections)`);
		// the generator keeps about 40 connections in flight; finished ones linger 10,000 packets
		assert.ok(mostOpen < 1500, `at most ${mostOpen} connections held at once`);
		assert.strictEqual(reader.packets.length, 0, 'no packet records kept');
		assert.strictEqual(reader.findings.length, 0, 'findings are passed on, not kept');
		assert.deepStrictEqual(streamed.sort(), whole.findings.map(f => `${f.span.line}:${f.code}`).sort());
	});
});

suite('capture: a capture that starts with a pure ACK', () => {
	// tcpdump seeds its relative numbers with that ACK, whose own seq it never prints: the client's
	// later seqs (`seq 0:24`) and the server's acks of them (`ack 0`, `ack 24`) are relative to a base
	// the text does not show. The reader must say so, not invent absolute values.
	test('relative text: those numbers are marked as relative to an unknown base', () => {
		const a = analyzeText(readFixture('mid-stream-ack-first', 'nn.txt'));
		const clientData = a.packets[3];
		const serverAck = a.packets[4];
		assert.strictEqual(clientData?.tcp?.seq?.start, 0, 'line 4 prints seq 0:24');
		assert.strictEqual(clientData?.tcpInfo?.seqBaseKnown, false);
		assert.strictEqual(serverAck?.tcp?.ack?.value, 24, 'line 5 prints ack 24');
		assert.strictEqual(serverAck?.tcpInfo?.ackBaseKnown, false);
		// the server's own numbers are known: line 1 printed the client's ack absolute
		assert.strictEqual(serverAck?.tcpInfo?.seqBaseKnown, true);
	});

	test('with -S every number is absolute and known', () => {
		const a = analyzeText(readFixture('mid-stream-ack-first', 'nnS.txt'));
		assert.ok(a.packets.every(p => p.tcpInfo?.seqBaseKnown !== false && p.tcpInfo?.ackBaseKnown !== false));
	});
});
