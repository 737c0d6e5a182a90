/**
 * Text → lines: the first stage of the pipeline (scan → store → track → analyse → explain → features).
 */
/**
 * The one line-splitting rule of tcpdump Lens, used by the editor, the CLI's file mode and its
 * stream mode alike: LF, CRLF and a lone CR each end a line (as VS Code's own text model splits),
 * so that the same bytes give the same lines, hence the same findings, everywhere.
 */
export function splitLines(text: string): string[] {
	return text.indexOf('\r') < 0 ? text.split('\n') : text.split(/\r\n|\r|\n/);
}

/** A line longer than the splitter's limit: no tcpdump output has one. */
export class LineTooLongError extends Error {
	constructor(readonly line: number, readonly limit: number) {
		super(`line ${line} is longer than ${limit.toLocaleString('en-US')} characters`);
	}
}

/**
 * `splitLines` for text that arrives in chunks (a file read piece by piece, a pipe): a partial
 * last line is carried over to the next chunk, and a CR at the end of a chunk waits to see whether
 * an LF follows. Lines are handed over without their line break; a last line without one is handed
 * over by `end()` (an empty remainder is not a line, as `readline` has it).
 */
export class LineSplitter {
	#carry = '';
	#crPending = false;
	#lines = 0;

	constructor(private readonly onLine: (line: string) => void, private readonly maxLineLength = Number.MAX_SAFE_INTEGER) {}

	/** Lines handed over so far. */
	get lineCount(): number {
		return this.#lines;
	}

	push(chunk: string): void {
		const n = chunk.length;
		if (n === 0) {
			return; // an empty chunk must not forget a CR waiting for its LF
		}
		let pos = 0;
		if (this.#crPending) {
			this.#crPending = false;
			if (chunk.charCodeAt(0) === 10) {
				pos = 1;
			}
		}
		let cr = chunk.indexOf('\r', pos);
		let lf = chunk.indexOf('\n', pos);
		while (lf >= 0 || cr >= 0) {
			let end: number;
			let next: number;
			if (cr >= 0 && (lf < 0 || cr < lf)) {
				end = cr;
				if (cr + 1 === n) {
					this.#crPending = true;
					next = n;
				} else {
					next = chunk.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
				}
			} else {
				end = lf;
				next = lf + 1;
			}
			this.#emit(chunk, pos, end);
			pos = next;
			if (cr >= 0 && cr < pos) {
				cr = chunk.indexOf('\r', pos);
			}
			if (lf >= 0 && lf < pos) {
				lf = chunk.indexOf('\n', pos);
			}
		}
		if (pos < n) {
			this.#carry = this.#carry.length > 0 ? this.#carry + chunk.slice(pos) : chunk.slice(pos);
			if (this.#carry.length > this.maxLineLength) {
				throw new LineTooLongError(this.#lines + 1, this.maxLineLength);
			}
		}
	}

	/** The input ended: hands over the last line if it had no line break. */
	end(): void {
		if (this.#carry.length > 0) {
			const last = this.#carry;
			this.#carry = '';
			this.#lines++;
			this.onLine(last);
		}
	}

	#emit(chunk: string, from: number, to: number): void {
		let line: string;
		if (this.#carry.length > 0) {
			line = this.#carry + chunk.slice(from, to);
			this.#carry = '';
		} else {
			line = chunk.slice(from, to);
		}
		if (line.length > this.maxLineLength) {
			throw new LineTooLongError(this.#lines + 1, this.maxLineLength);
		}
		this.#lines++;
		this.onLine(line);
	}
}

