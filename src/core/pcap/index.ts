/**
 * Capture file → tcpdump text, in one call or as a stream of chunks. The CLI, the editor and the
 * tests use this; the pieces (reader, renderer, options) are exported for finer control.
 *
 *   const r = renderCaptureFile(bytes, parseTcpdumpOptions(['-S']) as RenderOptions);
 *   r.text      // what `TZ=UTC tcpdump -nn -S -r x.pcap` prints on stdout
 *   r.error     // CaptureFormatError with the byte offset when the file is damaged
 */
import { CaptureFileReader, type CaptureFormatError, type CaptureRecord } from './reader';
import { PacketRenderer } from './render';
import { DEFAULT_OPTIONS, type RenderOptions } from './options';
import { LINKTYPE_NAMES, isSupportedLinkType } from './link';
import type { PacketRange } from './range';

export { CaptureFileReader, CaptureFormatError, captureFileFormat, readCaptureFile, type CaptureRecord, type CaptureFileFormat } from './reader';
export { PacketRenderer, type RenderedPacket } from './render';
export { DEFAULT_OPTIONS, OPTION_HELP, localUtcOffset, parseTcpdumpOptions, type RenderOptions } from './options';
export { LINKTYPE_NAMES, isSupportedLinkType } from './link';
export { formatRangeParam, groupDigits, pageRanges, parsePacketRange, parseRangeParam, partialCaptureLine, rangeText, type PacketRange } from './range';

export interface StreamLimits {
	/** Stop rendering (keep counting) once the text reaches this many UTF-16 code units. */
	readonly maxTextLength?: number;
	/**
	 * Emit only these packets (by `-#` number). Packets before the range are still rendered and
	 * dropped, so relative sequence numbers and -ttt deltas are the ones tcpdump prints in the whole run.
	 */
	readonly range?: PacketRange;
}

export interface RenderSummary {
	/** Records read before the end or the damage. */
	readonly packets: number;
	/** Records whose text was produced (fewer than `packets` when `maxTextLength` stopped it). */
	readonly renderedPackets: number;
	/** Numbers of the first and last packet whose text was produced (undefined: none). */
	readonly shown: PacketRange | undefined;
	readonly error: CaptureFormatError | undefined;
	/** Link types met that tcpdump Lens does not print (each packet shows a placeholder line). */
	readonly unsupportedLinkTypes: readonly number[];
	readonly firstLinkType: number | undefined;
	readonly snaplen: number | undefined;
}

/** Push chunks, get text; `finish()` gives the summary. Never throws on bad input. */
export class CaptureTextStream {
	readonly #reader = new CaptureFileReader();
	readonly #renderer: PacketRenderer;
	readonly #unsupported = new Set<number>();
	#packets = 0;
	#rendered = 0;
	#length = 0;
	#firstShown = 0;
	#lastShown = 0;

	constructor(options: RenderOptions = DEFAULT_OPTIONS, private readonly limits: StreamLimits = {}) {
		this.#renderer = new PacketRenderer(options);
	}

	/** Text of the packets completed by this chunk (each line ends in `\n`). */
	push(chunk: Uint8Array): string {
		return this.#render(this.#reader.push(chunk));
	}

	/** Records read so far (emitted or not). */
	get packetsRead(): number {
		return this.#packets;
	}

	/** Bytes consumed so far. */
	get bytesRead(): number {
		return this.#reader.bytesRead;
	}

	/** Some packets read so far were not emitted (the text limit or the range). */
	get stoppedEarly(): boolean {
		return this.#rendered < this.#packets;
	}

	/** Each record as it is read, for callers that want the records too (the CLI's analysis). */
	onRecord: ((record: CaptureRecord) => void) | undefined;

	#render(records: CaptureRecord[]): string {
		let text = '';
		const max = this.limits.maxTextLength ?? Infinity;
		const first = this.limits.range?.first ?? 1;
		const last = this.limits.range?.last ?? Infinity;
		for (const r of records) {
			this.#packets++;
			this.onRecord?.(r);
			if (!isSupportedLinkType(r.linkType)) {
				this.#unsupported.add(r.linkType);
			}
			if (r.number < first) {
				this.#renderer.render(r); // for the per-run state only
				continue;
			}
			if (this.#length >= max || r.number > last) {
				continue;
			}
			const line = this.#renderer.render(r).text + '\n';
			this.#length += line.length;
			this.#rendered++;
			this.#firstShown ||= r.number;
			this.#lastShown = r.number;
			text += line;
		}
		return text;
	}

	finish(): RenderSummary {
		const error = this.#reader.finish();
		return {
			packets: this.#packets, renderedPackets: this.#rendered, error,
			shown: this.#rendered > 0 ? { first: this.#firstShown, last: this.#lastShown } : undefined,
			unsupportedLinkTypes: [...this.#unsupported], firstLinkType: this.#reader.firstLinkType, snaplen: this.#reader.snaplen,
		};
	}
}

/** The whole file at once. */
export function renderCaptureFile(bytes: Uint8Array, options: RenderOptions = DEFAULT_OPTIONS, limits: StreamLimits = {}): RenderSummary & { text: string } {
	const stream = new CaptureTextStream(options, limits);
	const text = stream.push(bytes);
	return { ...stream.finish(), text };
}

/** "link type 105 (name) is not supported" texts for a summary, empty when all were. */
export function unsupportedLinkTypeMessage(types: readonly number[]): string | undefined {
	if (types.length === 0) {
		return undefined;
	}
	return `link type ${types.join(', ')} not supported: those packets show a placeholder line (supported: ${Object.entries(LINKTYPE_NAMES).map(([n, name]) => `${n} ${name.split(' ')[0]}`).join(', ')})`;
}

/** tcpdump's stderr banner: `reading from file x.pcap, link-type EN10MB (Ethernet), snapshot length 65535`. */
export function bannerLine(file: string, summary: Pick<RenderSummary, 'firstLinkType' | 'snaplen'>): string {
	const lt = summary.firstLinkType;
	const name = lt === undefined ? 'unknown' : LINKTYPE_NAMES[lt] ?? `${lt}`;
	return `reading from file ${file}, link-type ${name}, snapshot length ${summary.snaplen ?? 0}`;
}
