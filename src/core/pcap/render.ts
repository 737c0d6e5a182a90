/**
 * Turns capture records into the text tcpdump 4.99 prints for them (`TZ=UTC tcpdump -nn …`), one
 * packet at a time, keeping tcpdump's per-run state (relative sequence bases, -ttt reference).
 *
 *   const renderer = new PacketRenderer(parseTcpdumpOptions(['-S']));
 *   renderer.render(record).text  // "10:00:00.000000 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1000, …"
 *
 * Each packet also says what it claims (`claim`): the comparison test holds 'tcp' packets to
 * tcpdump's text line for line, 'tcp-prefix' packets up to `length N` (we do not decode HTTP, BGP, …).
 */
import type { CaptureRecord } from './reader';
import { Printer, Truncated, type Claim } from './printer';
import { TimestampPrinter } from './timestamp';
import { TcpSequenceTable } from './tcp';
import { asciiDump, hexAsciiDump, hexDump } from './hexdump';
import { LINKTYPE, isSupportedLinkType, printEthernet, printNull, printRaw, printSll, printSll2 } from './link';
import { DEFAULT_OPTIONS, type RenderOptions } from './options';

export interface RenderedPacket {
	/** The packet's lines joined by `\n`, without a final newline. */
	readonly text: string;
	readonly claim: Claim;
	/**
	 * For 'tcp-prefix': the index (in `text.split('\n')`) of the line that ends at `length N`, where
	 * tcpdump would go on with an application decode.
	 */
	readonly gapLine: number;
}

export class PacketRenderer {
	readonly #table = new TcpSequenceTable();
	readonly #time: TimestampPrinter;

	constructor(readonly options: RenderOptions = DEFAULT_OPTIONS) {
		this.#time = new TimestampPrinter(options);
	}

	render(record: CaptureRecord): RenderedPacket {
		const o = this.options;
		const p = new Printer(record.data, o);
		if (o.numbers) {
			p.print(String(record.number).padStart(5) + '  ');
		}
		const fraction = o.nano ? record.nanos : record.micros;
		p.print(this.#time.format({ seconds: record.seconds, fraction }));
		let hdrlen: number;
		const ctx = { table: this.#table };
		try {
			hdrlen = this.#link(p, ctx, record);
		} catch (e) {
			if (!(e instanceof Truncated)) {
				throw e;
			}
			p.print(` [|${p.protocol}]`);
			hdrlen = 0;
		}
		const claim: Claim = p.noClaim ? 'none' : p.claim;
		let gapLine = -1;
		if (claim === 'tcp-prefix') {
			gapLine = countNewlines(p.out);
		}
		const d = record.data;
		if (o.hex > 0) {
			if (o.hex > 1) {
				p.out += o.hexAscii ? hexAsciiDump(d, 0, d.length) : hexDump(d, 0, d.length);
			} else if (d.length > hdrlen) {
				p.out += o.hexAscii ? hexAsciiDump(d, hdrlen, d.length) : hexDump(d, hdrlen, d.length);
			}
		} else if (o.ascii > 1) {
			p.out += asciiDump(d, 0, d.length);
		} else if (o.ascii === 1 && d.length > hdrlen) {
			p.out += asciiDump(d, hdrlen, d.length);
		}
		return { text: p.out, claim, gapLine };
	}

	#link(p: Printer, ctx: { table: TcpSequenceTable }, r: CaptureRecord): number {
		switch (r.linkType) {
			case LINKTYPE.ETHERNET:
				return printEthernet(p, ctx, r.originalLength);
			case LINKTYPE.LINUX_SLL:
				return printSll(p, ctx, r.originalLength);
			case LINKTYPE.LINUX_SLL2:
				return printSll2(p, ctx, r.originalLength);
			case LINKTYPE.NULL:
				return printNull(p, ctx, r.originalLength, false);
			case LINKTYPE.LOOP:
				return printNull(p, ctx, r.originalLength, true);
			case LINKTYPE.RAW:
			case LINKTYPE.RAW_DLT:
			case LINKTYPE.IPV4:
			case LINKTYPE.IPV6:
				return printRaw(p, ctx, r.originalLength, r.linkType);
			default:
				p.claim = 'none';
				p.print(`[link type ${r.linkType} not supported by tcpdump Lens]`);
				return 0;
		}
	}
}

function countNewlines(s: string): number {
	let n = 0;
	for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) {
		n++;
	}
	return n;
}

export { isSupportedLinkType };
