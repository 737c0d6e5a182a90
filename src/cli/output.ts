/**
 * Standard output written with `fs.writeSync` in large blocks: a write error is known at once and
 * as an exception (not an 'error' event after the fact), so it can be told apart from a finding.
 * A reader that went away (EPIPE, `| head -1`) closes the output quietly; the run goes on without
 * output so that the exit status stays the one the findings decide. Any other write error
 * (`> /dev/full`: ENOSPC) is an `OutputError`.
 */
import * as fs from 'fs';

export class OutputError extends Error {
	constructor(readonly errno: string) {
		super(`cannot write the output: ${errno}${errno === 'ENOSPC' ? ' (no space left on the device)' : ''}`);
	}
}

/** Sleeps a few ms without spinning: a non-blocking pipe is full and its reader is slow. */
function pause(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export class Output {
	#parts: string[] = [];
	#size = 0;
	/** The reader went away (EPIPE): nothing more is written. */
	closed = false;

	constructor(private readonly fd: number, private readonly blockChars = 1 << 20) {}

	write(text: string): void {
		if (this.closed) {
			return;
		}
		this.#parts.push(text);
		this.#size += text.length;
		if (this.#size >= this.blockChars) {
			this.flush();
		}
	}

	line(text: string): void {
		this.write(text + '\n');
	}

	flush(): void {
		if (this.#parts.length === 0 || this.closed) {
			this.#parts = [];
			this.#size = 0;
			return;
		}
		const bytes = Buffer.from(this.#parts.length === 1 ? this.#parts[0] ?? '' : this.#parts.join(''), 'utf8');
		this.#parts = [];
		this.#size = 0;
		let offset = 0;
		while (offset < bytes.length) {
			try {
				offset += fs.writeSync(this.fd, bytes, offset, bytes.length - offset);
			} catch (e) {
				const code = (e as NodeJS.ErrnoException).code ?? String(e);
				if (code === 'EAGAIN') {
					pause(2);
				} else if (code === 'EPIPE') {
					this.closed = true;
					return;
				} else {
					throw new OutputError(code);
				}
			}
		}
	}
}

/** One line on standard error; never throws (there is nowhere left to complain). */
export function complain(message: string): void {
	try {
		fs.writeSync(2, `tcpdump-lens: ${message}\n`);
	} catch {
		// stderr is gone too
	}
}
