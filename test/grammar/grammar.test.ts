// Grammar tests for syntaxes/tcpdump.tmLanguage.json.
//
// How it works: the grammar is loaded exactly as VS Code loads it (./textmate.ts). Each table row is a
// real tcpdump line (source named in the row; tcpdump's own test outputs are BSD-licensed, see test/grammar-data/LICENSE) and a list of expectations. An expectation names a
// token by a snippet of the line with the token between « and », e.g. 'win «65535»'; the test checks
// that the grammar produced exactly that token (same start and end) and that the innermost scope of
// the token is the expected one. Tokens of packet lines must also sit inside meta.packet.tcpdump.
// More suites tokenize every tcpdump test output (when the corpus is present next to the repository),
// 10,000-character lines, and 20,000/100,000-character lines built to make a regex backtrack.

import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vsctm from 'vscode-textmate';
import { GrammarContribution, loadGrammar, ROOT, SCOPE } from './textmate';

const PACKET = 'meta.packet.tcpdump';

interface Token { text: string; start: number; end: number; scopes: string[] }

/** Tokenizes lines in sequence (carrying the rule stack, as an editor does); returns the tokens of each line. */
function tokenize(grammar: vsctm.IGrammar, lines: string[]): Token[][] {
	let stack = vsctm.INITIAL;
	return lines.map((line) => {
		const result = grammar.tokenizeLine(line, stack);
		stack = result.ruleStack;
		return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, end: t.endIndex, scopes: t.scopes }));
	});
}

function describeTokens(tokens: Token[]): string {
	return tokens.map((t) => `  ${JSON.stringify(t.text)}  ${t.scopes.slice(1).join(' ')}`).join('\n');
}

/** Finds the token marked «…» in `snippet` (which must occur in `line`) and checks its innermost scope. */
function expectToken(line: string, tokens: Token[], snippet: string, scope: string, inPacket: boolean): void {
	const open = snippet.indexOf('«');
	const close = snippet.indexOf('»');
	assert.ok(open >= 0 && close > open, `bad snippet ${snippet}`);
	const plain = snippet.replace('«', '').replace('»', '');
	const at = line.indexOf(plain);
	assert.ok(at >= 0, `snippet ${JSON.stringify(plain)} not in line ${JSON.stringify(line)}`);
	const start = at + open;
	const end = at + close - 1;
	const token = tokens.find((t) => t.start === start && t.end === end);
	const want = line.slice(start, end);
	assert.ok(token, `no token exactly ${JSON.stringify(want)} at ${start} in ${JSON.stringify(line)}; tokens:\n${describeTokens(tokens)}`);
	assert.strictEqual(token.scopes[token.scopes.length - 1], scope, `scopes of ${JSON.stringify(want)}: ${token.scopes.join(' ')}`);
	if (inPacket) {
		assert.ok(token.scopes.includes(PACKET), `${JSON.stringify(want)} is not inside ${PACKET}: ${token.scopes.join(' ')}`);
	}
}

interface Case {
	name: string;
	/** Where the line comes from: a tcpdump test output, the parser spec, or tcpdump 4.99.3. */
	source: string;
	/** Lines before the tested one (tokenized first, so the rule stack is realistic). */
	before?: string[];
	line: string;
	/** [snippet with «token», expected innermost scope] */
	expect: Array<[string, string]>;
	/** Default true: tokens must sit inside meta.packet.tcpdump. */
	packet?: boolean;
}

const S = {
	number: 'constant.numeric.packet-number.tcpdump',
	time: 'constant.numeric.timestamp.tcpdump',
	iface: 'entity.name.interface.tcpdump',
	dir: 'constant.language.direction.tcpdump',
	proto: 'constant.language.protocol.tcpdump',
	v4: 'constant.numeric.address.ipv4.tcpdump',
	v4src: 'entity.name.namespace.address.ipv4.source.tcpdump',
	v4dst: 'support.function.address.ipv4.destination.tcpdump',
	v6: 'constant.numeric.address.ipv6.tcpdump',
	v6src: 'entity.name.namespace.address.ipv6.source.tcpdump',
	v6dst: 'support.function.address.ipv6.destination.tcpdump',
	mac: 'constant.numeric.address.mac.tcpdump',
	hostSrc: 'entity.name.namespace.host.source.tcpdump',
	hostDst: 'support.function.host.destination.tcpdump',
	portSep: 'punctuation.separator.port.tcpdump',
	port: 'constant.numeric.port.tcpdump',
	service: 'support.constant.port.tcpdump',
	arrow: 'keyword.operator.direction.tcpdump',
	field: 'variable.other.property.field.tcpdump',
	flagsBegin: 'punctuation.definition.flags.begin.tcpdump',
	flagsEnd: 'punctuation.definition.flags.end.tcpdump',
	syn: 'keyword.control.flag.tcp.syn.tcpdump',
	fin: 'keyword.control.flag.tcp.fin.tcpdump',
	rst: 'markup.deleted.flag.tcp.rst.tcpdump',
	psh: 'constant.language.flags.tcp.psh.tcpdump',
	ack: 'constant.language.flags.tcp.ack.tcpdump',
	urg: 'constant.language.flags.tcp.urg.tcpdump',
	ece: 'constant.language.flags.tcp.ece.tcpdump',
	cwr: 'constant.language.flags.tcp.cwr.tcpdump',
	ae: 'constant.language.flags.tcp.ae.tcpdump',
	none: 'constant.language.flags.tcp.none.tcpdump',
	int: 'constant.numeric.integer.tcpdump',
	hexInt: 'constant.numeric.integer.hexadecimal.tcpdump',
	range: 'punctuation.separator.range.tcpdump',
	optBegin: 'punctuation.definition.options.begin.tcpdump',
	optEnd: 'punctuation.definition.options.end.tcpdump',
	option: 'variable.other.property.option.tcpdump',
	optSep: 'punctuation.separator.option.tcpdump',
	ipHeaderBegin: 'punctuation.definition.ip-header.begin.tcpdump',
	ipHeaderEnd: 'punctuation.definition.ip-header.end.tcpdump',
	ipFlags: 'constant.language.flags.ip.tcpdump',
	truncated: 'invalid.illegal.truncated.tcpdump',
	offset: 'constant.numeric.offset.tcpdump',
	hex: 'constant.numeric.hex.tcpdump',
	ascii: 'string.unquoted.ascii.tcpdump',
	banner: 'comment.line.status.tcpdump',
} as const;

const CASES: Case[] = [
	{
		name: '-# with -tttt (the test-suite default), SYN with options',
		source: 'tests/print-capX.out',
		line: '    1  2005-07-06 03:57:35.938066 IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [S], seq 928549246, win 32767, options [mss 16396,sackOK,TS val 1306300950 ecr 0,nop,wscale 2], length 0',
		expect: [
			['    «1»  2005', S.number],
			['«2005-07-06 03:57:35.938066»', S.time],
			['«IP» 127', S.proto],
			['«127.0.0.1».55920', S.v4src],
			['127.0.0.1«.»55920', S.portSep],
			['.«55920» >', S.port],
			['55920 «>» 127', S.arrow],
			['«127.0.0.1».80:', S.v4dst],
			['.«80»:', S.port],
			['«Flags» [', S.field],
			['Flags «[»', S.flagsBegin],
			['[«S»]', S.syn],
			['S«]»', S.flagsEnd],
			['«seq» 928549246', S.field],
			['seq «928549246»', S.int],
			['«win» 32767', S.field],
			['win «32767»', S.int],
			['«options» [', S.field],
			['options «[»', S.optBegin],
			['«mss» 16396', S.option],
			['mss «16396»', S.int],
			['16396«,»sackOK', S.optSep],
			['«sackOK»', S.option],
			['«TS» val', S.option],
			['TS «val»', S.option],
			['val «1306300950»', S.int],
			['«ecr» 0', S.option],
			['«nop»', S.option],
			['«wscale» 2', S.option],
			['wscale «2»', S.int],
			['2«]», length', S.optEnd],
			['«length» 0', S.field],
			['length «0»', S.int],
		],
	},
	{
		name: 'data segment: seq range first:last',
		source: 'tests/print-x.out',
		line: '    4  2005-07-06 03:57:35.939423 IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [P.], seq 1:203, ack 1, win 8192, options [nop,nop,TS val 1306300951 ecr 1306300950], length 202: HTTP: GET / HTTP/1.1',
		expect: [
			['[«P».]', S.psh],
			['[P«.»]', S.ack],
			['seq «1»:203', S.int],
			['seq 1«:»203', S.range],
			['seq 1:«203»', S.int],
			['«ack» 1,', S.field],
			['ack «1»,', S.int],
			['length «202»', S.int],
		],
	},
	{
		name: 'default timestamp (no -#)',
		source: 'tcpdump-text-format.md §3 (tests/tcp-handshake-micro.out without -#)',
		line: '17:16:10.052027 IP 137.116.81.94.80 > 131.155.215.69.46656: tcp 0',
		expect: [
			['«17:16:10.052027»', S.time],
			['«137.116.81.94».80', S.v4src],
			['«tcp» 0', S.proto],
			['tcp «0»', S.int],
		],
	},
	{
		name: '-t: no timestamp',
		source: 'tests/tcp-handshake-micro-t.out',
		line: '    1  IP 131.155.215.69.46656 > 137.116.81.94.80: tcp 0',
		expect: [
			['«1»  IP', S.number],
			['«IP» 131', S.proto],
			['«131.155.215.69».46656', S.v4src],
			['.«46656»', S.port],
		],
	},
	{
		name: '-tt: Unix seconds',
		source: 'tests/tcp-handshake-micro-tt.out',
		line: '    2  1418145370.052027 IP 137.116.81.94.80 > 131.155.215.69.46656: tcp 0',
		expect: [['«1418145370.052027»', S.time], ['«IP» 137', S.proto]],
	},
	{
		name: '-ttt with -#: three spaces, the delta keeps its leading space',
		source: 'tests/tcp-handshake-micro-ttt.out',
		line: '    2   00:00:00.127522 IP 137.116.81.94.80 > 131.155.215.69.46656: tcp 0',
		expect: [['«2»  ', S.number], ['« 00:00:00.127522»', S.time], ['«IP» 137', S.proto]],
	},
	{
		name: '-ttt without -#: the line starts with a space',
		source: 'tcpdump-text-format.md §3',
		line: ' 00:00:00.127522 IP 137.116.81.94.80 > 131.155.215.69.46656: Flags [S.], seq 930778609, ack 928549247, win 32767, length 0',
		expect: [['« 00:00:00.127522»', S.time], ['[«S».]', S.syn], ['[S«.»]', S.ack], ['ack «928549247»', S.int]],
	},
	{
		name: '-ttt negative delta',
		source: 'tcpdump-text-format.md §3 ("-" if negative)',
		line: '-00:00:01.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 1, win 65535, length 0',
		expect: [['«-00:00:01.000000»', S.time], ['[«.»]', S.ack]],
	},
	{
		name: '-ttttt with --nano',
		source: 'tests/tcp-handshake-nano-ttttt.out',
		line: '    2   00:00:00.127521774 IP 137.116.81.94.80 > 131.155.215.69.46656: tcp 0',
		expect: [['« 00:00:00.127521774»', S.time]],
	},
	{
		name: '-tttt with --nano',
		source: 'tests/tcp-handshake-nano-tttt.out',
		line: '    1  2014-12-09 17:16:09.924505488 IP 131.155.215.69.46656 > 137.116.81.94.80: tcp 0',
		expect: [['«2014-12-09 17:16:09.924505488»', S.time]],
	},
	{
		name: '-tt with --nano',
		source: 'tests/tcp-handshake-nano-tt.out',
		line: '    1  1418145369.924505488 IP 131.155.215.69.46656 > 137.116.81.94.80: tcp 0',
		expect: [['«1418145369.924505488»', S.time]],
	},
	{
		name: 'invalid fraction marker',
		source: 'tests/timestamp_invalid_micro.out',
		line: '    2  17:16:10.1000000 (invalid us) IP 137.116.81.94.80 > 131.155.215.69.46656: tcp 0',
		expect: [['«17:16:10.1000000»', S.time], ['«(invalid us)»', 'invalid.illegal.timestamp.tcpdump'], ['«IP» 137', S.proto]],
	},
	{
		name: '-i any: interface and direction In',
		source: 'tcpdump-text-format.md §5 (4.99.3)',
		line: '22:13:20.000000 lo    In  IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 65535, length 0',
		expect: [['«lo»    In', S.iface], ['lo    «In»', S.dir], ['«IP» 10', S.proto]],
	},
	{
		name: '-i any: direction Out, host name with a port split at the last dot',
		source: 'tcpdump-text-format.md §5 (public example)',
		line: '16:41:56.718147 eth0  Out IP worker2.ru-central1.internal.8000 > 79.134.37.172.58464: Flags [R.], seq 0, ack 4220012834, win 0, length 0',
		expect: [
			['«eth0»', S.iface],
			['«Out»', S.dir],
			['«worker2.ru-central1.internal».8000', S.hostSrc],
			['internal«.»8000', S.portSep],
			['.«8000» >', S.port],
			['[«R».]', S.rst],
		],
	},
	{
		name: '-i any: unknown interface, direction B',
		source: 'tcpdump-text-format.md §5 (4.99.3)',
		line: '22:13:20.003000 ?     B   IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [.], ack 1, win 65535, length 0',
		expect: [['«?»', S.iface], ['?     «B»', S.dir]],
	},
	{
		name: '-i any with -t: interface first on the line',
		source: 'tcpdump-text-format.md §5, without timestamp',
		line: 'wlp0s20f3 Out IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [S.], seq 5000, ack 1001, win 65535, length 0',
		expect: [['«wlp0s20f3»', S.iface], ['«Out»', S.dir], ['«IP» 10', S.proto]],
	},
	{
		name: 'host names and service names (no -n)',
		source: 'tcpdump-text-format.md §8 (public example)',
		line: '09:10:03.399029 eth0  Out IP ip-6-19-156-8.eu-central-1.compute.internal.5000 > ip-6-19-0-167.eu-central-1.compute.internal.36014: Flags [.], ack 82, win 455, options [nop,nop,TS val 4276499301 ecr 17390194], length 0',
		expect: [
			['«ip-6-19-156-8.eu-central-1.compute.internal».5000', S.hostSrc],
			['«ip-6-19-0-167.eu-central-1.compute.internal».36014', S.hostDst],
			['.«36014»:', S.port],
		],
	},
	{
		name: 'service names as ports',
		source: 'tcpdump-text-format.md §8 (port names from the services database)',
		line: '17:16:09.924505 IP 10.0.0.1.https > 10.0.0.2.ms-sql-s: Flags [P.], seq 1:11, ack 1, win 65535, length 10',
		expect: [['«10.0.0.1».https', S.v4src], ['.«https»', S.service], ['.«ms-sql-s»', S.service]],
	},
	{
		name: '-e: MAC addresses, ethertype and frame length',
		source: 'tcpdump-text-format.md §6 (4.99.3)',
		line: '22:13:20.000000 66:77:88:99:aa:bb > 00:11:22:33:44:55, ethertype IPv4 (0x0800), length 54: 10.0.0.1.40000 > 10.0.0.2.23: Flags [S], seq 1000, win 65535, length 0',
		expect: [
			['«66:77:88:99:aa:bb»', S.mac],
			['bb «>» 00', S.arrow],
			['«00:11:22:33:44:55»', S.mac],
			['«ethertype»', S.field],
			['ethertype «IPv4»', S.proto],
			['(«0x0800»)', S.hexInt],
			['«length» 54', S.field],
			['length «54»', S.int],
			['«10.0.0.1».40000', S.v4src],
		],
	},
	{
		name: '-e: IPv6, IPv4-mapped destination',
		source: 'tcpdump-text-format.md §6 (4.99.3)',
		line: '22:13:20.000000 66:77:88:99:aa:bb > 00:11:22:33:44:55, ethertype IPv6 (0x86dd), length 74: 2001:db8::1.51834 > ::ffff:10.0.0.2.443: Flags [S], seq 7, win 65535, length 0',
		expect: [
			['«2001:db8::1».51834', S.v6src],
			['db8::1«.»51834', S.portSep],
			['.«51834»', S.port],
			['«::ffff:10.0.0.2».443', S.v6dst],
			['.«443»:', S.port],
		],
	},
	{
		name: '-e on Linux cooked v1: direction without interface',
		source: 'tcpdump-text-format.md §5 (4.99.3)',
		line: '22:13:20.000000 Out 00:16:3e:27:78:a2 ethertype IPv4 (0x0800), length 56: 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 65535, length 0',
		expect: [['«Out»', S.dir], ['«00:16:3e:27:78:a2»', S.mac]],
	},
	{
		name: 'IPoIB -e link header',
		source: 'tests/ipoib-e.out',
		line: '    9  2019-04-18 16:32:45.050083 IPOIB, ethertype IPv4 (0x0800), length 104: 192.168.56.10.34170 > 192.168.56.24.22: Flags [SEW], seq 798232822, win 32983, options [mss 65480,sackOK,TS val 62202209 ecr 0,nop,wscale 8], length 0',
		expect: [['[«S»EW]', S.syn], ['[S«E»W]', S.ece], ['[SE«W»]', S.cwr], ['«192.168.56.10».34170', S.v4src]],
	},
	{
		name: '-v IPv4: header line',
		source: 'tests/accecn_handshake.out',
		line: '    1  2022-07-26 06:26:07.794026 IP (tos 0x0, ttl 64, id 0, offset 0, flags [DF], proto TCP (6), length 60)',
		expect: [
			['IP «(»tos', S.ipHeaderBegin],
			['«tos» 0x0', S.field],
			['tos «0x0»', S.hexInt],
			['«ttl» 64', S.field],
			['ttl «64»', S.int],
			['flags [«DF»]', S.ipFlags],
			['proto «TCP»', S.proto],
			['length «60»', S.int],
			['60«)»', S.ipHeaderEnd],
		],
	},
	{
		name: '-v IPv4: the 4-space second line, checksum, AccECN flags',
		source: 'tests/accecn_handshake.out',
		before: ['    1  2022-07-26 06:26:07.794026 IP (tos 0x0, ttl 64, id 0, offset 0, flags [DF], proto TCP (6), length 60)'],
		line: '    31.133.146.248.16433 > 66.228.43.12.80: Flags [SEWe], cksum 0x209c (incorrect -> 0xe443), seq 1948076589, win 65535, options [mss 1460,nop,wscale 6,sackOK,TS val 112147477 ecr 0], length 0',
		expect: [
			['«31.133.146.248».16433', S.v4src],
			['.«16433» >', S.port],
			['[SEW«e»]', S.ae],
			['«cksum»', S.field],
			['cksum «0x209c»', S.hexInt],
			['-> «0xe443»', S.hexInt],
			['seq «1948076589»', S.int],
		],
	},
	{
		name: '-v IPv6: one line, header in parentheses',
		source: 'tests/bgp-enhanced-route-refresh-subtype.out',
		line: '    1  2021-12-18 11:21:59.145495 IP6 (class 0xc0, flowlabel 0x8b071, hlim 1, next-header TCP (6), payload length 55) 2a02:abc::17.37754 > 2a02:abc::123.179: Flags [P.], cksum 0x6af3 (incorrect -> 0xd8aa), seq 3973869487:3973869510, ack 742445183, win 502, length 23',
		expect: [
			['«IP6» (', S.proto],
			['«flowlabel»', S.field],
			['flowlabel «0x8b071»', S.hexInt],
			['«55») 2a02', S.int],
			['«2a02:abc::17».37754', S.v6src],
			['«2a02:abc::123».179', S.v6dst],
			['.«179»:', S.port],
			['seq 3973869487«:»', S.range],
		],
	},
	{
		name: 'IPv6 with all 8 groups, AccECN urgent, truncation markers',
		source: 'tests/tcp_eight_lowest_weight_flags_set.out / beep-oobr.out style',
		line: '    2  1995-08-15 05:27:12.999999 IP6 3030:3030:3030:3030:3030:3030:3030:3030.10288 > 3030:3030:3030:3030:3030:3030:3030:3030.12336: Flags [.Ue], seq 808464432:808476740, ack 808464432, win 12336, urg 12336, options [eol], length 12308 [remaining caplen(24) < header length(28)] [|tcp]',
		expect: [
			['«3030:3030:3030:3030:3030:3030:3030:3030».10288', S.v6src],
			['.«10288»', S.port],
			['[.«U»e]', S.urg],
			['«urg» 12336', S.field],
			['«eol»', S.option],
			['«[remaining caplen(24) < header length(28)]»', S.truncated],
			['«[|tcp]»', S.truncated],
		],
	},
	{
		name: 'truncated inside the options list',
		source: 'tcpdump-text-format.md §12 (4.99.3)',
		line: 'IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 65535, options [mss 1460, [|tcp]',
		expect: [['«IP» 10', S.proto], ['«mss» 1460', S.option], ['«[|tcp]»', S.truncated]],
	},
	{
		name: 'bad header length',
		source: 'tcpdump-text-format.md §12 (print-tcp.c)',
		line: '17:16:09.924505 IP 10.0.0.1.40000 > 10.0.0.2.80: tcp 0 [bad hdr length 8 - too short, < 20] (invalid)',
		expect: [['«[bad hdr length 8 - too short, < 20]»', S.truncated], ['«(invalid)»', S.truncated]],
	},
	{
		name: 'SACK blocks',
		source: 'tests/ssh.out style; tcpdump-text-format.md §9.3',
		line: '17:16:09.924505 IP 10.0.0.2.80 > 10.0.0.1.40000: Flags [.], ack 1, win 213, options [nop,nop,sack 1 {5282:5283}], length 0',
		expect: [
			['«sack» 1', S.option],
			['sack «1» {', S.int],
			['«{»5282', 'punctuation.definition.sack-block.begin.tcpdump'],
			['{«5282»', S.int],
			['5282«:»5283', S.range],
			['5283«}»', 'punctuation.definition.sack-block.end.tcpdump'],
		],
	},
	{
		name: 'TCP Fast Open cookies',
		source: 'tests/tfo.out',
		line: '    4  2012-10-04 16:26:20.476005 IP 3.3.3.3.13054 > 192.168.0.100.13047: Flags [S.], seq 4035392501, ack 218476389, win 1400, options [mss 1500,exp-tfo cookie 090909090000,nop,nop], length 0',
		expect: [['«exp-tfo»', S.option], ['«cookie»', S.option], ['cookie «090909090000»', S.hexInt]],
	},
	{
		name: 'TFO kind 34 (two spaces) and FIN with data',
		source: 'tcpdump-text-format.md §9.3 (4.99.3)',
		line: '17:16:09.924505 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [FP.], seq 1:11, ack 1, win 65535, options [tfo  cookiereq], length 10',
		expect: [['[«F»P.]', S.fin], ['[F«P».]', S.psh], ['«tfo»  cookiereq', S.option], ['tfo  «cookiereq»', S.option]],
	},
	{
		name: 'Flags [none]',
		source: 'tcpdump-text-format.md §9',
		line: '17:16:09.924505 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [none], win 65535, length 0',
		expect: [['[«none»]', S.none]],
	},
	{
		name: 'tcpdump 3.x: the seed SYN-ACK, no timestamp, no IP word',
		source: 'tcpdump-text-format.md §10.1 (project brief)',
		line: '192.168.1.12.1051 > 192.168.1.11.23: S 4255483971:4255483971(0) ack 4255483972 win 65535 <mss 1460,nop,nop,sackOK> (DF)',
		expect: [
			['«192.168.1.12».1051', S.v4src],
			['.«1051» >', S.port],
			['«>» 192', S.arrow],
			['«192.168.1.11».23', S.v4dst],
			['.«23»:', S.port],
			[': «S» 4', S.syn],
			['«4255483971»:', S.int],
			['4255483971«:»4255483971', S.range],
			['4255483971:«4255483971»', S.int],
			['(«0»)', S.int],
			['«ack» 4255483972', S.field],
			['ack «4255483972»', S.int],
			['win «65535»', S.int],
			['«<»mss', S.optBegin],
			['«mss» 1460', S.option],
			['«sackOK»', S.option],
			['sackOK«>»', S.optEnd],
			['«(»DF', S.ipHeaderBegin],
			['(«DF»)', S.ipFlags],
		],
	},
	{
		name: 'tcpdump 3.x: pure ACK (".")',
		source: 'tcpdump-text-format.md §10.1',
		line: '192.168.1.12.1051 > 192.168.1.11.23: . ack 4279842715 win 65535 (DF)',
		expect: [[': «.» ack', S.ack], ['ack «4279842715»', S.int]],
	},
	{
		name: 'tcpdump 3.x man page: host and service names, PSH with urg',
		source: 'tcpdump.1 at 9427d40c^ (tcpdump-text-format.md §10)',
		line: 'csam.login > rtsg.1023: P 2:3(1) ack 21 win 4077 urg 1',
		expect: [
			['«csam».login', S.hostSrc],
			['csam«.»login', S.portSep],
			['.«login» >', S.service],
			['«rtsg».1023', S.hostDst],
			[': «P» 2', S.psh],
			['«2»:3', S.int],
			['«urg» 1', S.field],
		],
	},
	{
		name: 'tcpdump 3.x with a timestamp, FIN',
		source: 'tcpdump-text-format.md §10 (public example, adapted flag)',
		line: '18:41:08.714801 electra.1057 > artemis.www: F 984816:984816(0) ack 1 win 8760 (DF)',
		expect: [['«18:41:08.714801»', S.time], ['«electra».1057', S.hostSrc], ['.«www»', S.service], [': «F» 9', S.fin]],
	},
	{
		name: 'tcpdump 3.x RST',
		source: 'tcpdump-text-format.md §10 (flag letters)',
		line: 'rtsg.1023 > csam.login: R 768513:768513(0) win 0',
		expect: [[': «R» 7', S.rst]],
	},
	{
		name: 'UDP line',
		source: 'tests/arcnet-rfc1051-arp-icmp-http-e.out',
		line: '    7  2025-05-10 13:17:33.388386 be 50 c6 62: 10.80.131.1.1024 > 10.80.3.254.53: 54328+ A? tcpdump.org. (29)',
		expect: [['«2025-05-10 13:17:33.388386»', S.time], ['«10.80.131.1».1024', S.v4src], ['.«53»:', S.port]],
	},
	{
		name: 'UDP with the protocol word',
		source: 'tcpdump-text-format.md §12',
		line: '17:16:09.924505 IP 10.0.0.1.53 > 10.0.0.2.3333: UDP, length 33',
		expect: [['«UDP»', S.proto], ['length «33»', S.int]],
	},
	{
		name: 'ICMP: addresses without ports',
		source: 'tests/ipoib-e.out',
		line: '    1  2019-04-18 16:32:32.697187 IPOIB, ethertype IPv4 (0x0800), length 128: 192.168.56.10 > 192.168.56.24: ICMP echo request, id 6495, seq 0, length 64',
		expect: [['«192.168.56.10» >', S.v4src], ['> «192.168.56.24»', S.v4dst], ['«ICMP»', S.proto]],
	},
	{
		name: 'ARP',
		source: 'tests/ipoib-e.out',
		line: '    6  2019-04-18 16:32:37.692854 IPOIB, ethertype ARP (0x0806), length 100: Request who-has 192.168.56.24 (00:ff:ff:ff:ff:10:40:1b:00:00:00:00:00:00:00:00:ff:ff:ff:ff) tell 192.168.56.10, length 56',
		expect: [['«2019-04-18 16:32:37.692854»', S.time], ['who-has «192.168.56.24»', S.v4], ['tell «192.168.56.10»', S.v4]],
	},
	{
		name: 'ARP with -t',
		source: 'tcpdump-text-format.md §12',
		line: 'ARP, Request who-has 10.0.0.1 tell 10.0.0.2, length 28',
		expect: [['«ARP»', S.proto], ['has «10.0.0.1»', S.v4]],
	},
	{
		name: 'ICMP by host name',
		source: 'tcpdump-text-format.md §10 (names without ports)',
		line: '18:41:08.714801 electra > artemis: ICMP echo request, id 1, seq 1, length 64',
		expect: [['«electra»', S.hostSrc], ['«artemis»', S.hostDst]],
	},
	{
		name: 'hex dump line (-X) with ASCII column',
		source: 'tests/print-capX.out',
		line: '\t0x0000:  4500 003c 1b68 4000 4006 2152 7f00 0001  E..<.h@.@.!R....',
		expect: [['«0x0000»', S.offset], ['«4500»', S.hex], ['«0001»', S.hex], ['«E..<.h@.@.!R....»', S.ascii]],
		packet: false,
	},
	{
		name: 'short hex dump line: padding before the ASCII column',
		source: 'tests/print-capX.out',
		line: '\t0x0030:  4ddc 9216 0000 0000 0103 0302            M...........',
		expect: [['«0x0030»', S.offset], ['«0302»', S.hex], ['«M...........»', S.ascii]],
		packet: false,
	},
	{
		name: 'hex dump line (-x) without ASCII',
		source: 'tests/print-x.out',
		line: '\t0x0010:  7f00 0001 da70 0050 3758 897e 0000 0000',
		expect: [['«0x0010»', S.offset], ['«da70»', S.hex]],
		packet: false,
	},
	{
		name: 'banner: reading from file',
		source: 'tcpdump-text-format.md §12',
		line: 'reading from file x.pcap, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144',
		expect: [['«reading from file x.pcap, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144»', S.banner]],
		packet: false,
	},
	{
		name: 'banner: listening on',
		source: 'tcpdump-text-format.md §12',
		line: 'listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes',
		expect: [['«listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes»', S.banner]],
		packet: false,
	},
	{
		name: 'banner: verbose output suppressed',
		source: 'tcpdump-text-format.md §12',
		line: 'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode',
		expect: [['«tcpdump: verbose output suppressed, use -v[v]... for full protocol decode»', S.banner]],
		packet: false,
	},
	{
		name: 'trailer: packets captured',
		source: 'tcpdump-text-format.md §12',
		line: '1 packet captured',
		expect: [['«1 packet captured»', S.banner]],
		packet: false,
	},
	{
		name: 'trailer: dropped by kernel',
		source: 'tcpdump-text-format.md §12',
		line: '0 packets dropped by kernel',
		expect: [['«0 packets dropped by kernel»', S.banner]],
		packet: false,
	},
];

/** -A payload lines and -v protocol detail: they can look like anything, so they get no scope at all. */
const UNSCOPED: Array<{ source: string; before: string[]; line: string }> = [
	{
		source: 'tests/print-A.out',
		before: ['    1  2005-07-06 03:57:35.938066 IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [S], seq 928549246, win 32767, options [mss 16396,sackOK,TS val 1306300950 ecr 0,nop,wscale 2], length 0'],
		line: 'E..<.h@.@.!R.........p.P7X.~.........!....@....',
	},
	{ source: 'tests/print-A.out', before: [], line: 'M...M...GET / HTTP/1.1' },
	{ source: 'tests/print-A.out', before: [], line: 'Host: localhost' },
	{ source: 'tests/print-A.out', before: [], line: '' },
	{ source: 'tests/accecn_handshake.out (-v decode)', before: [], line: '\tGET /1M HTTP/1.1' },
	{ source: 'tests/accecn_handshake.out (-v decode)', before: [], line: '\tUser-Agent: curl/7.69.1' },
];

suite('grammar: tcpdump.tmLanguage.json', () => {
	let grammar: vsctm.IGrammar;
	suiteSetup(async () => {
		grammar = await loadGrammar();
	});

	test('the grammar file follows the house style (root scope, includes only at the top, suffix everywhere)', () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
		const contribution = (pkg.contributes.grammars as GrammarContribution[]).find((g) => g.scopeName === SCOPE);
		assert.ok(contribution);
		const raw = JSON.parse(fs.readFileSync(path.join(ROOT, contribution.path), 'utf8'));
		assert.strictEqual(raw.scopeName, SCOPE);
		for (const p of raw.patterns as object[]) {
			assert.deepStrictEqual(Object.keys(p), ['include'], 'top-level patterns hold only includes');
		}
		const names: string[] = [];
		JSON.stringify(raw, (key, value) => {
			if ((key === 'name' || key === 'contentName') && typeof value === 'string' && value !== 'tcpdump') {
				names.push(value);
			}
			return value;
		});
		assert.ok(names.length > 30);
		for (const name of names) {
			assert.match(name, /\.tcpdump$/, `scope ${name} lacks the .tcpdump suffix`);
		}
	});

	for (const c of CASES) {
		test(`${c.name}  [${c.source}]`, () => {
			const all = tokenize(grammar, [...(c.before ?? []), c.line]);
			const tokens = all[all.length - 1] ?? [];
			for (const [snippet, scope] of c.expect) {
				expectToken(c.line, tokens, snippet, scope, c.packet ?? true);
			}
		});
	}

	test('every token of a packet line is inside meta.packet.tcpdump, and the region ends with the line', () => {
		const lines = [
			'    1  2005-07-06 03:57:35.938066 IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [S], seq 928549246, win 32767, options [mss 16396,sackOK,TS val 1306300950 ecr 0,nop,wscale 2], length 0',
			'IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, win 65535, options [mss 1460, [|tcp]',
			'Host: localhost',
		];
		const [first, truncated, payload] = tokenize(grammar, lines);
		for (const t of [...(first ?? []), ...(truncated ?? [])]) {
			assert.ok(t.scopes.includes(PACKET), `${JSON.stringify(t.text)} outside the packet region`);
		}
		// The unclosed "options [" must not leak into the next line.
		assert.deepStrictEqual(payload?.map((t) => t.scopes), [[SCOPE]]);
	});

	for (const u of UNSCOPED) {
		test(`left unscoped: ${JSON.stringify(u.line)}  [${u.source}]`, () => {
			const all = tokenize(grammar, [...u.before, u.line]);
			for (const t of all[all.length - 1] ?? []) {
				assert.deepStrictEqual(t.scopes, [SCOPE], `${JSON.stringify(t.text)} got ${t.scopes.join(' ')}`);
			}
		});
	}

	test('10,000-character lines tokenize in bounded time (backtracking guard, not a speed test)', function () {
		this.timeout(60_000); // the bound that matters is the per-line CPU time below
		// Packet lines, so that every rule inside meta.packet.tcpdump runs over the long part.
		const fill = (prefix: string, unit: string): string =>
			(prefix + unit.repeat(Math.ceil((10_000 - prefix.length) / unit.length))).slice(0, 10_000);
		const P = '    1  2005-07-06 03:57:35.938066 IP ';
		const options = Array.from({ length: 1200 }, (_, i) => (i % 3 === 0 ? 'nop' : `sack 1 {${i}:${i + 1}}`)).join(',');
		const lines = [
			fill(P + '127.0.0.1.55920 > 127.0.0.1.80: Flags [P.], seq 1:203, ack 1, win 8192, options [', options + ','),
			fill(P + '127.0.0.1.55920 > 127.0.0.1.80: Flags [P.], seq 1:203, ack 1, win 8192, length 10000: ', 'GET / HTTP/1.1 '),
			fill(P, 'a.'), // host-name rule: many dots, no port context
			fill(P, '1.'), // IPv4 rules
			fill(P, '1:'), // IPv6 rules
			fill(P, 'aa:'), // MAC and IPv6 rules
			fill(P, 'ab.cd > '), // many endpoints
			fill(P, '1:2(3) '), // 3.x sequence
			fill(P + '(tos ', '('), // nested parentheses in the IP header
			fill(P + '1.1.1.1.1 > 2.2.2.2.2: Flags [S], options [', '['), // nested option brackets
			fill('    ', '1.'), // almost a -v second line
			fill('', '17:16:09.924505 '),
			fill('\t0x0000:  ', '4500 '),
		];
		for (const line of lines) {
			assert.strictEqual(line.length, 10_000);
			grammar.tokenizeLine(line, vsctm.INITIAL); // warm-up: compiles the scanners, lets the JIT settle
			const before = process.cpuUsage();
			const result = grammar.tokenizeLine(line, vsctm.INITIAL);
			const used = process.cpuUsage(before);
			const ms = (used.user + used.system) / 1000;
			assert.ok(!result.stoppedEarly, 'tokenization stopped early');
			assert.ok(ms < 1000, `${ms.toFixed(0)} ms of CPU for ${JSON.stringify(line.slice(0, 60))}…`);
		}
	});
});

suite('grammar: no backtracking on long repeated openers', () => {
	// A rule like '\[\|[^\]]*\]' rescans the rest of the line from every '[' when no ']' follows:
	// quadratic, 6 s for a 20,000-character line of '[|' and about 4 minutes for 100,000 characters.
	// The budget is relative, measured here: a pathological line may cost at most BUDGET_FACTOR times
	// what an ordinary packet line of the same length costs (that line has far more tokens, so a
	// linear grammar tokenizes the pathological one faster; a quadratic one is hundreds of times slower).
	// The factor leaves room for a loaded machine (CPU time still grows with cache misses and GC: 3×
	// failed once at load 14 with 3.9×); a line over budget is measured a second time and the
	// smaller figure counts, as the baseline does.
	const BUDGET_FACTOR = 8;
	const PREFIX = '    1  2005-07-06 03:57:35.938066 IP 127.0.0.1.55920 > 127.0.0.1.80: Flags [P.], seq 1:203, ack 1, win 8192, ';
	const fill = (length: number, prefix: string, unit: string): string =>
		(prefix + unit.repeat(Math.ceil((length - prefix.length) / unit.length))).slice(0, length);
	const cpuMs = (grammar: vsctm.IGrammar, line: string, wallLimitMs?: number): { ms: number; stoppedEarly: boolean } => {
		const before = process.cpuUsage();
		const result = grammar.tokenizeLine(line, vsctm.INITIAL, wallLimitMs);
		const used = process.cpuUsage(before);
		return { ms: (used.user + used.system) / 1000, stoppedEarly: result.stoppedEarly };
	};
	const openers = [
		'[|', // the three truncation markers, unclosed and repeated
		'[bad hdr length ',
		'[remaining caplen ',
		'[|tcp[|', // closed ones do not help: ']' never comes
		'options [', // the options region and its nested brackets
		'[|', // after an opening 'options ['
		'(tos (', // the -v IP header and its nested parentheses
		'Flags [', // flag letters
		'{1:', // SACK blocks
	];
	for (const length of [20_000, 100_000]) {
		test(`${length.toLocaleString('en-US')}-character lines of repeated '[|', '[bad hdr length', … tokenize within ${BUDGET_FACTOR}× an ordinary line`, async function () {
			this.timeout(180_000);
			const grammar = await loadGrammar();
			const ordinary = fill(length, PREFIX, 'options [nop,nop,TS val 1306300951 ecr 1306300950], length 202, ');
			grammar.tokenizeLine(ordinary.slice(0, 2_000), vsctm.INITIAL); // warm-up: compiles the scanners
			const baseline = Math.min(cpuMs(grammar, ordinary).ms, cpuMs(grammar, ordinary).ms);
			const budget = BUDGET_FACTOR * baseline;
			openers.forEach((unit, i) => {
				const prefix = i === 5 ? PREFIX + 'options [' : PREFIX;
				const line = fill(length, prefix, unit);
				// The wall-time limit only keeps a regressed grammar from hanging the run for minutes.
				const wallLimit = Math.max(10 * budget, 1_000);
				const first = cpuMs(grammar, line, wallLimit);
				const stoppedEarly = first.stoppedEarly;
				const ms = !stoppedEarly && first.ms > budget ? Math.min(first.ms, cpuMs(grammar, line, wallLimit).ms) : first.ms;
				assert.ok(!stoppedEarly && ms <= budget,
					`${JSON.stringify(unit)} × ${length}: ${ms.toFixed(0)} ms of CPU${stoppedEarly ? ' (stopped early)' : ''}, budget ${budget.toFixed(0)} ms (${BUDGET_FACTOR} × ${baseline.toFixed(0)} ms for an ordinary line)`);
			});
		});
	}
});

suite('grammar: tcpdump test-suite outputs', () => {
	const corpus = path.join(ROOT, '..', 'shared', 'corpus', 'tcpdump-tests');

	test('tokenizes all .out files; every numbered line is a packet line', async function () {
		this.timeout(120_000); // 2.9 MB of text; about 1 s on an idle machine
		if (!fs.existsSync(corpus)) {
			this.skip();
		}
		const grammar = await loadGrammar();
		const files = fs.readdirSync(corpus).filter((f) => f.endsWith('.out')).sort();
		assert.ok(files.length >= 170, `expected the 173 corpus outputs, found ${files.length}`);
		let packetLines = 0;
		for (const file of files) {
			const lines = fs.readFileSync(path.join(corpus, file), 'utf8').split('\n');
			const tokens = tokenize(grammar, lines);
			lines.forEach((line, i) => {
				// tests/TESTrun always passes -#: a line starting with the packet number is a packet line.
				if (/^ *\d+ {2}\S/.test(line) || /^ *\d+ {3}\d/.test(line)) {
					packetLines++;
					const first = tokens[i]?.find((t) => t.text.trim() !== '');
					assert.strictEqual(first?.scopes[first.scopes.length - 1], S.number, `${file}:${i + 1} ${line.slice(0, 80)}`);
					assert.ok(first?.scopes.includes(PACKET), `${file}:${i + 1} not a packet line`);
				}
			});
		}
		assert.ok(packetLines > 2_440, `only ${packetLines} packet lines`);
	});
});
