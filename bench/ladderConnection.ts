/**
 * One long TCP connection for the ladder benchmark: handshake, `segments` data segments of 1448
 * bytes each acknowledged by the server (2 packets per segment), every 500th segment sent again
 * 200 ms later (a retransmission), and a FIN close. tcpdump's default relative numbering.
 */
function stamp(t: number): string {
	const h = Math.floor(t / 3600);
	const m = Math.floor((t % 3600) / 60);
	const s = Math.floor(t % 60);
	const us = Math.round((t % 1) * 1e6) % 1000000;
	return `${String(10 + h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(us).padStart(6, '0')}`;
}

export function longConnection(segments: number): string {
	const c = '192.168.1.12.40080';
	const s = '203.0.113.10.80';
	const out: string[] = [];
	let t = 0;
	const add = (from: string, to: string, rest: string) => {
		out.push(`${stamp(t)} IP ${from} > ${to}: ${rest}`);
		t += 0.0004;
	};
	add(c, s, 'Flags [S], seq 3000000000, win 64240, options [mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7], length 0');
	add(s, c, 'Flags [S.], seq 1500000000, ack 3000000001, win 65160, options [mss 1460,sackOK,TS val 2 ecr 1,nop,wscale 7], length 0');
	add(c, s, 'Flags [.], ack 1, win 502, length 0');
	const MSS = 1448;
	for (let i = 0; i < segments; i++) {
		const start = 1 + i * MSS;
		add(c, s, `Flags [.], seq ${start}:${start + MSS}, ack 1, win 502, length ${MSS}`);
		if (i % 500 === 499) {
			t += 0.2;
			add(c, s, `Flags [.], seq ${start}:${start + MSS}, ack 1, win 502, length ${MSS}`);
		}
		add(s, c, `Flags [.], ack ${start + MSS}, win 509, length 0`);
	}
	const end = 1 + segments * MSS;
	add(c, s, `Flags [F.], seq ${end}, ack 1, win 502, length 0`);
	add(s, c, `Flags [F.], seq 1, ack ${end + 1}, win 509, length 0`);
	add(c, s, 'Flags [.], ack 2, win 502, length 0');
	return out.join('\n') + '\n';
}
