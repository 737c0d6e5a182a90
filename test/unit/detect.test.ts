/** Content sniffing on real tcpdump output and on texts that are not tcpdump output. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { isTcpdumpPacketLine, looksLikeTcpdump } from '../../src/core/scan/detect';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures');
const head = (name: string): string[] => fs.readFileSync(path.join(FIXTURES, name), 'utf8').split(/\r?\n/).slice(0, 50);

suite('detect', () => {
	const tcpdumpFiles = [
		'normal-fin/nn.txt', 'normal-fin/nnS.txt', 'normal-fin/t.txt', 'normal-fin/tt.txt', 'normal-fin/ttt.txt',
		'normal-fin/tttt.txt', 'normal-fin/v.txt', 'normal-fin/vv.txt', 'normal-fin/e.txt', 'normal-fin/X.txt',
		'normal-fin/num.txt', 'normal-fin/A.txt', 'normal-fin/banner.txt', 'ipv6/nn.txt', 'non-tcp-noise/nn.txt',
		'old-3x-style/seed.txt', 'old-3x-style/manpage.txt',
	];
	for (const f of tcpdumpFiles) {
		test(`recognises ${f}`, () => {
			assert.strictEqual(looksLikeTcpdump(head(f)), true);
		});
	}

	test('recognises single lines from the format spec', () => {
		for (const line of [
			'    4  2020-06-10 09:21:03.847323 IP 192.168.1.11.33779 > 209.87.249.18.53: Flags [P.], seq 603899917:603899975, ack 2043824404, win 502, length 58',
			'22:13:20.000000 lo    In  IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 65535, length 0',
			'    1  17:16:09.924505 IP 131.155.215.69.46656 > 137.116.81.94.80: tcp 0',
			'IP 10.0.0.1.40000 > 10.0.0.2.80:  [|tcp]',
			'rtsg.1023 > csam.login: S 768512:768512(0) win 4096 <mss 1024>',
			'    1  2022-07-26 06:26:07.794026 IP (tos 0x0, ttl 64, id 0, offset 0, flags [DF], proto TCP (6), length 60)',
		]) {
			assert.strictEqual(isTcpdumpPacketLine(line), true, line);
			assert.strictEqual(looksLikeTcpdump([line]), true, line);
		}
	});

	test('rejects other logs and text', () => {
		const others: string[][] = [
			['127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326'],
			['Mar  1 10:00:00 host sshd[123]: Accepted publickey for root from 10.0.0.1 port 51234 ssh2'],
			['{"level":"info","msg":"listening on 0.0.0.0:80"}'],
			['2024-03-01 10:00:00,123 INFO  [main] Server started', 'connection from 10.0.0.1.51234 > accepted'],
			[],
			['', '   '],
			['tcpdump: verbose output suppressed, use -v[v]... for full protocol decode'],
			// microsecond stamps alone do not make tcpdump output
			['2024-03-01 10:00:00.123456 INFO server started', '2024-03-01 10:00:00.223456 WARN slow request'],
		];
		for (const lines of others) {
			assert.strictEqual(looksLikeTcpdump(lines), false, lines.join('\n'));
		}
	});

	test('one tcpdump line deep inside an application log does not switch the language', () => {
		const lines = Array.from({ length: 20 }, (_, i) => `2024-03-01 10:00:${String(i).padStart(2, '0')} INFO request ${i} handled`);
		lines.push('10:00:00.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 65535, length 0');
		assert.strictEqual(looksLikeTcpdump(lines), false);
	});
});
