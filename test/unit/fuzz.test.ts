/**
 * Robustness: mutated real lines, random bytes, 10,000-character lines, CRLF and NUL bytes. The
 * reader must never throw, spans must stay inside their lines, and each huge line must parse in
 * bounded time (a generous backtracking guard, not a speed test). Deterministic: seeded PRNG.
 */
import * as assert from 'assert';
import { analyzeText, CaptureReader } from '../../src/core/store/capture';
import { parseAddressLine, parsePacketLine } from '../../src/core/scan/packetLine';
import type { Span, TcpSegment } from '../../src/core/types';
import { fixtureCases, fixtureLines, FORMATS, prng } from './fixtures';

/** Every span of a TCP part: on its line, inside it, not reversed. */
function assertSpans(text: string, tcp: TcpSegment | undefined, line: number, where: string): void {
	if (!tcp) {
		return;
	}
	const spans: (Span | undefined)[] = [
		tcp.src.span, tcp.src.addressSpan, tcp.src.portSpan, tcp.dst.span, tcp.dst.addressSpan, tcp.dst.portSpan,
		tcp.flags?.span, tcp.seq?.span, tcp.ack?.span, tcp.win?.span, tcp.urg?.span, tcp.optionsSpan, tcp.lengthSpan,
		...tcp.options.map(o => o.span),
	];
	for (const s of spans) {
		if (s) {
			assert.ok(s.line === line && s.start >= 0 && s.start <= s.end && s.end <= text.length, `${where}: span ${JSON.stringify(s)} on a ${text.length}-char line`);
		}
	}
	for (const n of [tcp.seq?.start, tcp.seq?.end, tcp.ack?.value, tcp.win?.value, tcp.length]) {
		assert.ok(n === undefined || (Number.isInteger(n) && n >= 0 && n <= 0xffffffff), `${where}: number ${n}`);
	}
}

function parseBoth(text: string, where: string): void {
	const p = parsePacketLine(text, 3);
	if (p.kind === 'packet' || p.kind === 'inner') {
		assertSpans(text, p.tcp, 3, where);
	}
	const a = parseAddressLine(text, 3);
	assertSpans(text, a?.tcp, 3, where);
}

function realLines(): string[] {
	const lines: string[] = [];
	for (const c of fixtureCases()) {
		for (const f of FORMATS) {
			lines.push(...fixtureLines(c, `${f}.txt`));
		}
	}
	lines.push(
		'192.168.1.12.1051 > 192.168.1.11.23: S 4255483971:4255483971(0) win 65535 (DF)',
		'18:41:08.714801 electra.1057 > artemis.www: S 984816:984816(0) win 8192 <mss 1460,nop,nop,sackOK> (DF)',
		'    1  2015-02-01 22:04:33.999279 IP 20.0.0.2.43443 > 20.0.0.1.6081: Geneve, Flags [none], vni 0xb: IP 30.0.0.2.51225 > 30.0.0.1.22: Flags [S], seq 397610159, win 14600, options [mss 1460,sackOK,TS val 2876069566 ecr 0,nop,wscale 7], length 0',
		'IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 65535, options [mss 1460, [|tcp]',
	);
	return lines;
}

const ALPHABET = '0123456789.:,[]()<> SFRP.UEWe-\tabcdefx|{}';

function mutate(line: string, rnd: () => number): string {
	let s = line;
	const edits = 1 + Math.floor(rnd() * 6);
	for (let e = 0; e < edits; e++) {
		const i = Math.floor(rnd() * (s.length + 1));
		const op = rnd();
		if (op < 0.35) {
			s = s.slice(0, i) + s.slice(i + 1 + Math.floor(rnd() * 4));
		} else if (op < 0.7) {
			s = s.slice(0, i) + (ALPHABET[Math.floor(rnd() * ALPHABET.length)] ?? '') + s.slice(i);
		} else {
			const len = 1 + Math.floor(rnd() * 12);
			s = s.slice(0, i) + s.slice(i, i + len) + s.slice(i);
		}
	}
	return s;
}

suite('fuzz', () => {
	const lines = realLines();

	test('mutated real lines: no exception, spans inside the line', function () {
		if (lines.length < 100) {
			this.skip();
		}
		const rnd = prng(0x7cd);
		for (let k = 0; k < 20000; k++) {
			const base = lines[Math.floor(rnd() * lines.length)] ?? '';
			const m = mutate(base, rnd);
			parseBoth(m, `mutation ${k} of ${JSON.stringify(base)}: ${JSON.stringify(m)}`);
		}
	});

	test('mutated documents: the reader never throws and counts stay consistent', function () {
		if (lines.length < 100) {
			this.skip();
		}
		const rnd = prng(42);
		for (const c of fixtureCases()) {
			for (const f of ['nn', 'v', 'X', 'ttt']) {
				const doc = fixtureLines(c, `${f}.txt`).map(l => (rnd() < 0.3 ? mutate(l, rnd) : l));
				// shuffle a few lines too: out-of-order text must not break the tracker
				for (let s = 0; s < 3 && doc.length > 1; s++) {
					const i = Math.floor(rnd() * doc.length), j = Math.floor(rnd() * doc.length);
					[doc[i], doc[j]] = [doc[j] ?? '', doc[i] ?? ''];
				}
				const a = analyzeText(doc.join('\n'));
				assert.ok(a.counts.tcpPackets <= a.counts.packets);
				assert.strictEqual(a.packets.length, a.counts.packets);
				for (const finding of a.findings) {
					const text = doc[finding.span.line] ?? '';
					assert.ok(finding.span.end <= text.length && finding.span.start >= 0, `${c}/${f}: ${finding.code} span`);
				}
			}
		}
	});

	test('random bytes and random printable text', () => {
		const rnd = prng(99);
		for (let k = 0; k < 3000; k++) {
			const len = Math.floor(rnd() * 300);
			let s = '';
			for (let i = 0; i < len; i++) {
				s += k % 2 === 0 ? String.fromCharCode(Math.floor(rnd() * 256)) : (ALPHABET[Math.floor(rnd() * ALPHABET.length)] ?? '');
			}
			parseBoth(s, `random ${k}`);
		}
		const doc = Array.from({ length: 500 }, () => {
			let s = '';
			for (let i = 0; i < 80; i++) {
				s += String.fromCharCode(Math.floor(rnd() * 0x3000));
			}
			return s;
		}).join('\n');
		analyzeText(doc);
	});

	test('10,000-character lines parse in bounded time (backtracking guard)', () => {
		const head = '10:00:00.000000 IP 10.0.0.1.1000 > 10.0.0.2.80: ';
		const n = 10000;
		const huge: [string, string][] = [
			['Flags [ + 10k chars', head + 'Flags [' + 'S'.repeat(n)],
			['Flags [ + 10k dots', head + 'Flags [' + '.'.repeat(n) + ']'],
			['10k " > "', ' > '.repeat(n / 3)],
			['10k " > " with dotted tokens', 'a.1 > '.repeat(n / 6) + 'b.2: Flags [S]'],
			['10k digits', '1'.repeat(n)],
			['10k digits as seq', head + 'Flags [S], seq ' + '9'.repeat(n)],
			['10k commas inside options [', head + 'Flags [S], seq 1, win 1, options [' + ','.repeat(n)],
			['10k commas, closed', head + 'Flags [S], seq 1, win 1, options [' + ','.repeat(n) + '], length 0'],
			['10k nested brackets', head + 'Flags [S], seq 1, win 1, options [' + '['.repeat(n)],
			['10k ", " fields', head + 'Flags [S]' + ', '.repeat(n / 2)],
			['10k "ack 1, "', head + 'Flags [.]' + ', ack 1'.repeat(n / 7) + ', length 0'],
			['10k old-style options', '192.168.1.12.1051 > 192.168.1.11.23: S 1:1(0) win 65535 <' + 'nop,'.repeat(n / 4)],
			['10k spaces', ' '.repeat(n)],
			['10k tabs then > ', '\t'.repeat(n) + 'a.1 > b.2: Flags [S], seq 1, win 1, length 0'],
			['10k timestamp-like', '10:00:00.000000 '.repeat(n / 16)],
			['10k dots in an address', head.slice(0, 19) + '1.'.repeat(n / 2) + '1 > 2.2: Flags [S], seq 1, win 1, length 0'],
			['10k sack blocks', head + 'Flags [.], ack 1, win 1, options [sack 3 ' + '{1:2}'.repeat(n / 5) + '], length 0'],
			['10k (tos', '10:00:00.000000 IP (tos ' + 'x'.repeat(n) + ')'],
			['10k -# digits', ' '.repeat(12) + '1'.repeat(n) + '  IP a.1 > b.2: tcp 0'],
			['10k interface name', '10:00:00.000000 ' + 'e'.repeat(n) + ' In  IP a.1 > b.2: tcp 0'],
		];
		for (const [name, text] of huge) {
			const t0 = process.hrtime.bigint();
			parseBoth(text, name);
			const reader = new CaptureReader();
			reader.push(text);
			reader.push(text);
			reader.finish();
			const ms = Number(process.hrtime.bigint() - t0) / 1e6;
			assert.ok(ms < 200, `${name}: ${ms.toFixed(1)} ms`);
		}
	});

	test('CRLF line endings give the same result as LF, for every fixture', function () {
		const cases = fixtureCases();
		if (cases.length === 0) {
			this.skip();
		}
		for (const c of cases) {
			for (const f of FORMATS) {
				const lf = fixtureLines(c, `${f}.txt`).join('\n');
				const a = analyzeText(lf);
				const b = analyzeText(lf.replace(/\n/g, '\r\n'));
				assert.deepStrictEqual(b.findings, a.findings, `${c}/${f}`);
				assert.deepStrictEqual(b.connections, a.connections, `${c}/${f}`);
				assert.deepStrictEqual(b.packets.map(p => p.tcpInfo), a.packets.map(p => p.tcpInfo), `${c}/${f}`);
			}
		}
	});

	test('NUL bytes: inside, before and after lines', () => {
		const rnd = prng(7);
		for (let k = 0; k < 2000; k++) {
			const base = lines[Math.floor(rnd() * lines.length)] ?? '';
			const i = Math.floor(rnd() * (base.length + 1));
			parseBoth(base.slice(0, i) + '\0'.repeat(1 + Math.floor(rnd() * 3)) + base.slice(i), `NUL ${k}`);
		}
		const doc = lines.slice(0, 50).map(l => '\0' + l + '\0').join('\n\0\n');
		analyzeText(doc);
		analyzeText('\0'.repeat(10000));
	});

	test('parse errors stay per line: a broken line does not hide the next packet', () => {
		const a = analyzeText([
			'10:00:00.000000 IP 10.0.0.1.1000 > 10.0.0.2.80: Flags [S], seq 100, win 65535, length 0',
			'10:00:00.010000 IP 10.0.0.2.80 > 10.0.0.1.1000: Flags [S.], seq zzz, ack 101, win 65535, length 0',
			'10:00:00.020000 IP 10.0.0.2.80 > 10.0.0.1.1000: Flags [S.], seq 900, ack 101, win 65535, length 0',
			'10:00:00.030000 IP 10.0.0.1.1000 > 10.0.0.2.80: Flags [.], ack 1, win 65535, length 0',
		].join('\n'));
		assert.deepStrictEqual(a.unreadable.map(u => u.line), [1]);
		assert.strictEqual(a.connections[0]?.handshake.state, 'complete');
	});
});
