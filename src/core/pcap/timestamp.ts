/**
 * tcpdump's time stamp column (util-print.c ts_print). Clock times are UTC (the text `TZ=UTC tcpdump`
 * prints) unless the options carry `utcOffset`, the local zone's offset at an instant (tcpdump's
 * localtime()); the core asks for it rather than reading the machine's zone, so it stays pure and
 * testable. Deltas (-ttt, -ttttt) and epoch seconds (-tt) do not depend on the zone.
 * The renderer keeps the reference time for -ttt / -ttttt.
 */
import type { RenderOptions } from './options';

/** Seconds and a fraction in the printed unit (µs, or ns with --nano). */
export interface Stamp {
	seconds: number;
	fraction: number;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `.%06u` / `.%09u` of whatever libpcap gave (4.99.3 prints out-of-range fractions as they are). */
function fractionText(fraction: number, nano: boolean): string {
	return '.' + String(fraction >>> 0).padStart(nano ? 9 : 6, '0');
}

function clock(seconds: number, withDate: boolean, utcOffset?: (epochSeconds: number) => number): string {
	const offset = utcOffset ? utcOffset(seconds) : 0;
	const d = new Date((seconds + (Number.isFinite(offset) ? offset : 0)) * 1000);
	if (Number.isNaN(d.getTime())) {
		return '[localtime() error]';
	}
	const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
	if (!withDate) {
		return time;
	}
	return `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${time}`;
}

export class TimestampPrinter {
	#reference: Stamp | undefined;

	constructor(private readonly options: RenderOptions) {}

	/** The column including its trailing space, '' for -t. */
	format(stamp: Stamp): string {
		const o = this.options;
		const unit = o.nano ? 1000000000 : 1000000;
		switch (o.timestamps) {
			case 1:
				return '';
			case 2:
				if (stamp.seconds < 0 || stamp.seconds > 0x7fffffff) {
					return '[timestamp overflow] ';
				}
				return `${stamp.seconds}${fractionText(stamp.fraction, o.nano)} `;
			case 3:
			case 5: {
				// tcpdump keeps the reference only once it is non-zero (nd_timerisset)
				if (!this.#reference || this.#reference.seconds === 0 && this.#reference.fraction === 0) {
					this.#reference = stamp;
				}
				const ref = this.#reference;
				const negative = stamp.seconds < ref.seconds || stamp.seconds === ref.seconds && stamp.fraction < ref.fraction;
				const [a, b] = negative ? [ref, stamp] : [stamp, ref];
				let sec = a.seconds - b.seconds;
				let frac = a.fraction - b.fraction;
				if (frac < 0) {
					sec--;
					frac += unit;
				}
				if (o.timestamps === 3) {
					this.#reference = stamp;
				}
				return `${negative ? '-' : ' '}${clock(sec, false)}${fractionText(frac, o.nano)} `;
			}
			case 4:
				return `${clock(stamp.seconds, true, o.utcOffset)}${fractionText(stamp.fraction, o.nano)} `;
			default:
				return `${clock(stamp.seconds, false, o.utcOffset)}${fractionText(stamp.fraction, o.nano)} `;
		}
	}
}
