// Shared by the integration suites (not a *.test.ts file, so index.ts does not load it as one).

/**
 * Polls `probe` every 50 ms until it returns something other than undefined (an error counts as
 * "not yet"), or fails after `timeoutMs` naming what it waited for and the last error.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 10000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const v = await probe();
			if (v !== undefined) {
				return v;
			}
		} catch (e) {
			lastError = e;
		}
		if (Date.now() > deadline) {
			const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
		}
		await new Promise(r => setTimeout(r, 50));
	}
}
