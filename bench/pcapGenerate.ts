/**
 * A deterministic Ethernet/IPv4/TCP pcap for the bench: connections with a handshake (mss, sackOK,
 * TS, wscale), data both ways with TS options, some retransmissions, and a FIN exchange. Checksums
 * are left 0 (only -v looks at them). Written here, not by scapy, so `npm run bench` needs nothing else.
 */
import { prng } from './prng';

export function generatePcap(packets: number): Uint8Array {
	const rand = prng(7);
	const chunks: Uint8Array[] = [];
	const header = new Uint8Array(24);
	const hv = new DataView(header.buffer);
	hv.setUint32(0, 0xa1b2c3d4, true);
	hv.setUint16(4, 2, true);
	hv.setUint16(6, 4, true);
	hv.setUint32(16, 262144, true);
	hv.setUint32(20, 1, true);
	chunks.push(header);
	let t = 1709287200 * 1e6;
	let written = 0;
	let conn = 0;
	const packet = (client: boolean, c: number, flags: number, seq: number, ack: number, payload: number, options: number[]) => {
		const optLen = options.length;
		const tcpLen = 20 + optLen;
		const ipLen = 20 + tcpLen + payload;
		const frame = new Uint8Array(14 + ipLen);
		const v = new DataView(frame.buffer);
		frame.set([0, 0x1b, 0x21, 0xaa, 0xbb, 0xcc, 0x3c, 0x22, 0xfb, 0x4a, 0x81, 0x0e]);
		v.setUint16(12, 0x0800);
		frame[14] = 0x45;
		v.setUint16(16, ipLen);
		v.setUint16(18, written & 0xffff);
		v.setUint16(20, 0x4000);
		frame[22] = 64;
		frame[23] = 6;
		const a = [10, 0, (c >> 8) & 0xff, c & 0xff];
		const b = [203, 0, 113, 10];
		frame.set(client ? a : b, 26);
		frame.set(client ? b : a, 30);
		const sport = 20000 + (c % 40000);
		v.setUint16(34, client ? sport : 443);
		v.setUint16(36, client ? 443 : sport);
		v.setUint32(38, seq >>> 0);
		v.setUint32(42, ack >>> 0);
		frame[46] = (tcpLen / 4) << 4;
		frame[47] = flags;
		v.setUint16(48, client ? 502 : 509);
		frame.set(options, 54);
		const rec = new Uint8Array(16 + frame.length);
		const rv = new DataView(rec.buffer);
		t += 50 + Math.floor(rand() * 500);
		rv.setUint32(0, Math.floor(t / 1e6), true);
		rv.setUint32(4, t % 1e6, true);
		rv.setUint32(8, frame.length, true);
		rv.setUint32(12, frame.length, true);
		rec.set(frame, 16);
		chunks.push(rec);
		written++;
	};
	const ts = (val: number, ecr: number) => [1, 1, 8, 10, val >>> 24 & 255, val >>> 16 & 255, val >>> 8 & 255, val & 255, ecr >>> 24 & 255, ecr >>> 16 & 255, ecr >>> 8 & 255, ecr & 255];
	while (written < packets) {
		const c = conn++;
		const cisn = Math.floor(rand() * 2 ** 32);
		const sisn = Math.floor(rand() * 2 ** 32);
		let cs = cisn + 1;
		const ss = sisn + 1;
		packet(true, c, 0x02, cisn, 0, 0, [2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7]);
		packet(false, c, 0x12, sisn, cs, 0, [2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 2, 0, 0, 0, 1, 1, 3, 3, 7]);
		packet(true, c, 0x10, cs, ss, 0, ts(3, 2));
		const rounds = 5 + Math.floor(rand() * 40);
		for (let i = 0; i < rounds && written < packets; i++) {
			const n = 1 + Math.floor(rand() * 1448);
			packet(true, c, 0x18, cs, ss, n, ts(4 + i, 3 + i));
			if (rand() < 0.03) {
				packet(true, c, 0x18, cs, ss, n, ts(4 + i, 3 + i));
			}
			cs += n;
			packet(false, c, 0x10, ss, cs, 0, ts(5 + i, 4 + i));
		}
		packet(true, c, 0x11, cs, ss, 0, ts(90, 80));
		packet(false, c, 0x11, ss, cs + 1, 0, ts(91, 90));
		packet(true, c, 0x10, cs + 1, ss + 1, 0, ts(92, 91));
	}
	let total = 0;
	for (const ch of chunks) {
		total += ch.length;
	}
	const out = new Uint8Array(total);
	let o = 0;
	for (const ch of chunks) {
		out.set(ch, o);
		o += ch.length;
	}
	return out;
}
