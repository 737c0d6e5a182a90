/**
 * tcpdump's printing options, by their option letters. `parseTcpdumpOptions(['-S', '-v'])` gives
 * what `tcpdump -nn -S -v -r x.pcap` would use; names are always numeric (-nn).
 */
export interface RenderOptions {
	/** Number of `t`s: 0 default `HH:MM:SS.ffffff`, 1 none, 2 epoch, 3 delta to previous, 4 date, 5 delta to first. */
	readonly timestamps: 0 | 1 | 2 | 3 | 4 | 5;
	/** -S: absolute TCP sequence numbers. */
	readonly absolute: boolean;
	/** -v count. */
	readonly verbose: number;
	/** -e: link-level header. */
	readonly linkHeader: boolean;
	/** -x / -xx (1, 2) and -X / -XX (with ascii). */
	readonly hex: number;
	readonly hexAscii: boolean;
	/** -A / -AA: the bytes after the link header (-AA: the whole frame) as ASCII; -x/-X win over it. */
	readonly ascii: number;
	/** -#: packet numbers. */
	readonly numbers: boolean;
	/** -q: quiet TCP (`tcp N`). */
	readonly quiet: boolean;
	/** --nano: nine fraction digits. */
	readonly nano: boolean;
	/**
	 * Interface names for Linux cooked v2 (`-i any`) captures. tcpdump asks the machine that
	 * prints (if_indextoname); without an answer it prints `?`, as tcpdump does for an unknown index.
	 */
	readonly interfaceName?: (index: number) => string | undefined;
	/**
	 * Seconds east of UTC at an instant (epoch seconds), for local clock times as tcpdump prints them;
	 * omitted: UTC. `localUtcOffset` is the machine's zone.
	 */
	readonly utcOffset?: (epochSeconds: number) => number;
}

/** The zone of the machine (or browser) that renders, as JavaScript's Date knows it. */
export function localUtcOffset(epochSeconds: number): number {
	const minutes = new Date(epochSeconds * 1000).getTimezoneOffset();
	return Number.isFinite(minutes) ? -minutes * 60 : 0;
}

export const DEFAULT_OPTIONS: RenderOptions = {
	timestamps: 0, absolute: false, verbose: 0, linkHeader: false, hex: 0, hexAscii: false, ascii: 0,
	numbers: false, quiet: false, nano: false,
};

/** The option letters `--print` and the `tcpdump.pcap.options` setting accept. */
export const OPTION_HELP = '-S -t -tt -ttt -tttt -ttttt -v -vv -vvv -e -x -xx -X -XX -A -AA -# -q -n -nn --nano';

/**
 * Reads tcpdump option words (`-nn`, `-S`, `-tttt`, combined `-nnS`, `-#`). Returns the options,
 * or a message naming the first word it does not know.
 */
export function parseTcpdumpOptions(words: readonly string[]): RenderOptions | string {
	let timestamps = 0;
	let absolute = false;
	let verbose = 0;
	let linkHeader = false;
	let xCount = 0;
	let bigXCount = 0;
	let aCount = 0;
	let numbers = false;
	let quiet = false;
	let nano = false;
	for (const word of words) {
		if (word === '') {
			continue;
		}
		if (word === '--nano' || word === '--time-stamp-precision=nano') {
			nano = true;
			continue;
		}
		if (word === '--number') {
			numbers = true;
			continue;
		}
		if (word === '--absolute-tcp-sequence-numbers') {
			absolute = true;
			continue;
		}
		if (!/^-[A-Za-z#]+$/.test(word)) {
			return `unknown option ${word} (supported: ${OPTION_HELP})`;
		}
		for (const letter of word.slice(1)) {
			switch (letter) {
				case 'n': break;
				case 'S': absolute = true; break;
				case 't': timestamps++; break;
				case 'v': verbose++; break;
				case 'e': linkHeader = true; break;
				case 'x': xCount++; break;
				case 'X': bigXCount++; break;
				case 'A': aCount++; break;
				case '#': numbers = true; break;
				case 'q': quiet = true; break;
				default: return `unsupported tcpdump option -${letter} (supported: ${OPTION_HELP})`;
			}
		}
	}
	if (timestamps > 5) {
		return 'at most five t (-ttttt)';
	}
	return {
		timestamps: timestamps as RenderOptions['timestamps'], absolute, verbose, linkHeader,
		// tcpdump: -X wins over -x, and only its own count says -XX
		hex: Math.min(bigXCount > 0 ? bigXCount : xCount, 2), hexAscii: bigXCount > 0, ascii: Math.min(aCount, 2), numbers, quiet, nano,
	};
}
