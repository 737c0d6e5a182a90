/**
 * Makes a realistic tcpdump `-nn -S` capture text for the benchmark: many short HTTP-like
 * connections (handshake, request, response in MSS-sized segments, FIN close) interleaved, a few
 * bulk transfers with window updates and the odd retransmission, and some DNS noise. Deterministic.
 */
import { prng } from './prng';

interface Flow {
	client: string;
	server: string;
	cIsn: number;
	sIsn: number;
	steps: ((t: number) => string)[];
}

const MOD = 0x100000000;

function stamp(t: number): string {
	const day = t % 86400;
	const h = Math.floor(day / 3600);
	const m = Math.floor((day % 3600) / 60);
	const s = Math.floor(day % 60);
	const us = Math.floor((t % 1) * 1e6);
	return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(us).padStart(6, '0')}`;
}

function line(t: number, src: string, dst: string, rest: string): string {
	return `${stamp(t)} IP ${src} > ${dst}: ${rest}`;
}

function shortFlow(rand: () => number, id: number): Flow {
	const client = `10.${(id >> 16) & 255}.${(id >> 8) & 255}.${(id & 255) || 1}.${32768 + (id % 28000)}`;
	const server = `192.0.2.${1 + (id % 200)}.${rand() < 0.7 ? 443 : 80}`;
	const cIsn = Math.floor(rand() * MOD);
	const sIsn = Math.floor(rand() * MOD);
	const c = (n: number) => (cIsn + n) % MOD;
	const s = (n: number) => (sIsn + n) % MOD;
	const ts = 1000000 + id;
	const reqLen = 80 + Math.floor(rand() * 600);
	const respSegments = 1 + Math.floor(rand() * 6);
	const steps: ((t: number) => string)[] = [
		t => line(t, client, server, `Flags [S], seq ${cIsn}, win 64240, options [mss 1460,sackOK,TS val ${ts} ecr 0,nop,wscale 7], length 0`),
		t => line(t, server, client, `Flags [S.], seq ${sIsn}, ack ${c(1)}, win 65160, options [mss 1460,sackOK,TS val ${ts + 7} ecr ${ts},nop,wscale 7], length 0`),
		t => line(t, client, server, `Flags [.], ack ${s(1)}, win 502, options [nop,nop,TS val ${ts + 1} ecr ${ts + 7}], length 0`),
		t => line(t, client, server, `Flags [P.], seq ${c(1)}:${c(1 + reqLen)}, ack ${s(1)}, win 502, options [nop,nop,TS val ${ts + 1} ecr ${ts + 7}], length ${reqLen}`),
		t => line(t, server, client, `Flags [.], ack ${c(1 + reqLen)}, win 509, options [nop,nop,TS val ${ts + 8} ecr ${ts + 1}], length 0`),
	];
	let off = 1;
	for (let i = 0; i < respSegments; i++) {
		const len = i === respSegments - 1 ? 200 + Math.floor(rand() * 1200) : 1448;
		const from = off;
		steps.push(t => line(t, server, client, `Flags [${i === respSegments - 1 ? 'P.' : '.'}], seq ${s(from)}:${s(from + len)}, ack ${c(1 + reqLen)}, win 509, options [nop,nop,TS val ${ts + 9} ecr ${ts + 1}], length ${len}`));
		off += len;
		if (i % 2 === 1 || i === respSegments - 1) {
			const acked = off;
			steps.push(t => line(t, client, server, `Flags [.], ack ${s(acked)}, win 501, options [nop,nop,TS val ${ts + 2} ecr ${ts + 9}], length 0`));
		}
	}
	const end = off;
	steps.push(t => line(t, client, server, `Flags [F.], seq ${c(1 + reqLen)}, ack ${s(end)}, win 501, options [nop,nop,TS val ${ts + 3} ecr ${ts + 9}], length 0`));
	steps.push(t => line(t, server, client, `Flags [F.], seq ${s(end)}, ack ${c(2 + reqLen)}, win 509, options [nop,nop,TS val ${ts + 10} ecr ${ts + 3}], length 0`));
	steps.push(t => line(t, client, server, `Flags [.], ack ${s(end + 1)}, win 501, options [nop,nop,TS val ${ts + 4} ecr ${ts + 10}], length 0`));
	return { client, server, cIsn, sIsn, steps };
}

function bulkFlow(rand: () => number, id: number, segments: number): Flow {
	const client = `198.51.100.${10 + id}.${50000 + id}`;
	const server = `203.0.113.${5 + id}.5001`;
	const cIsn = Math.floor(rand() * MOD);
	const sIsn = Math.floor(rand() * MOD);
	const c = (n: number) => (cIsn + n) % MOD;
	const s = (n: number) => (sIsn + n) % MOD;
	const steps: ((t: number) => string)[] = [
		t => line(t, client, server, `Flags [S], seq ${cIsn}, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0`),
		t => line(t, server, client, `Flags [S.], seq ${sIsn}, ack ${c(1)}, win 65160, options [mss 1460,sackOK,TS val 2 ecr 1,nop,wscale 7], length 0`),
		t => line(t, client, server, `Flags [.], ack ${s(1)}, win 502, options [nop,nop,TS val 3 ecr 2], length 0`),
	];
	let off = 1;
	for (let i = 0; i < segments; i++) {
		const from = off;
		const retransmit = rand() < 0.002 && i > 10;
		steps.push(t => line(t, client, server, `Flags [.], seq ${c(from)}:${c(from + 1448)}, ack ${s(1)}, win 502, options [nop,nop,TS val ${4 + i} ecr 2], length 1448`));
		if (retransmit) {
			steps.push(t => line(t, client, server, `Flags [.], seq ${c(from)}:${c(from + 1448)}, ack ${s(1)}, win 502, options [nop,nop,TS val ${5 + i} ecr 2], length 1448`));
		}
		off += 1448;
		if (i % 2 === 1) {
			const acked = off;
			steps.push(t => line(t, server, client, `Flags [.], ack ${c(acked)}, win ${3000 + (i % 7)}, options [nop,nop,TS val ${3 + i} ecr ${4 + i}], length 0`));
		}
	}
	return { client, server, cIsn, sIsn, steps };
}

/** Returns the capture text with at least `packets` packet lines. */
export function generateCapture(packets: number, seed = 42): string {
	const rand = prng(seed);
	const out: string[] = [];
	const active: { flow: Flow; next: number }[] = [];
	let id = 1;
	let t = 36000;
	const bulk = [bulkFlow(rand, 1, Math.floor(packets * 0.08)), bulkFlow(rand, 2, Math.floor(packets * 0.05)), bulkFlow(rand, 3, Math.floor(packets * 0.03))];
	for (const flow of bulk) {
		active.push({ flow, next: 0 });
	}
	while (out.length < packets) {
		while (active.length < 40) {
			active.push({ flow: shortFlow(rand, id++), next: 0 });
		}
		const pick = Math.floor(rand() * active.length);
		const a = active[pick];
		if (!a) {
			continue;
		}
		t += rand() * 0.0004;
		const step = a.flow.steps[a.next++];
		if (step) {
			out.push(step(t));
		}
		if (a.next >= a.flow.steps.length) {
			active.splice(pick, 1);
		}
		if (rand() < 0.01) {
			out.push(`${stamp(t)} IP 10.0.0.53.53 > 10.0.0.7.41000: 4242 1/0/0 A 192.0.2.1 (45)`);
		}
	}
	return out.join('\n') + '\n';
}
