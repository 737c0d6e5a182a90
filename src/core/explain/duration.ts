/**
 * The one duration format of tcpdump Lens, used by hovers, CodeLens titles, finding messages of
 * connection tracking and the CLI: `37 µs`, `24.1 ms`, `1.000 s`. tcpdump prints microseconds, so
 * a time below a millisecond keeps them instead of rounding to `0.0 ms`.
 */
export function formatSeconds(seconds: number): string {
	const abs = Math.abs(seconds);
	if (abs < 0.001) {
		// whole µs, tcpdump's default precision (a difference of two Unix-time doubles is only good
		// to about 0.2 µs); below 1 µs (--nano deltas) up to 3 decimals
		const us = seconds * 1e6;
		return Math.abs(us) >= 1 ? `${Math.round(us)} µs` : `${Number(us.toFixed(3))} µs`;
	}
	if (abs < 1) {
		return `${(seconds * 1000).toFixed(1)} ms`;
	}
	return `${seconds.toFixed(3)} s`;
}
