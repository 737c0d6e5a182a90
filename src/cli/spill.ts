/**
 * Text records kept out of the heap: in memory up to a few MiB, then in an unlinked temporary file
 * (it disappears with the process, whatever happens). The CLI spills each finished connection's
 * and each finding's output here, so that it can print them in the documented order at the end
 * without keeping the capture's object graph.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Kept in memory up to here. Raising it to 32 Mi characters kept a 220,000-packet capture's --json
 * document out of the file, but took peak RSS from 183 to 247 MiB for a gain lost in the noise.
 */
const MEMORY_CHARS = 8 << 20;

/** A copy of `text` that shares no memory with the string it came from (see `Spill`). */
export function detached(text: string): string {
	return Buffer.from(text, 'utf8').toString('utf8');
}
const WRITE_BLOCK = 1 << 20;

export class Spill {
	/**
	 * Records kept as the strings they are (no encoding round trip for the JSON document, which is
	 * most of what is spilled). A string cut from capture text keeps the whole chunk it was cut from
	 * alive: callers store only text of their own (`detached`).
	 */
	#memory: string[] | undefined = [];
	#memoryChars = 0;
	#fd: number | undefined;
	#offsets = new Float64Array(1024);
	#lengths = new Int32Array(1024);
	#count = 0;
	#fileBytes = 0;
	#pending: Buffer[] = [];
	#pendingBytes = 0;
	#pendingFrom = 0;

	/** `memoryChars`: how much is kept in memory before the file takes over (tests make it small). */
	constructor(private readonly memoryChars = MEMORY_CHARS) {}

	get count(): number {
		return this.#count;
	}

	/** Stores a record; returns its id (0, 1, 2, …). */
	add(text: string): number {
		const id = this.#count++;
		if (this.#memory) {
			this.#memory.push(text);
			this.#memoryChars += text.length;
			if (this.#memoryChars > this.memoryChars) {
				this.#toFile();
			}
			return id;
		}
		this.#append(id, Buffer.from(text, 'utf8'));
		return id;
	}

	get(id: number): string {
		if (this.#memory) {
			return this.#memory[id] ?? '';
		}
		const offset = this.#offsets[id] ?? 0;
		if (offset >= this.#pendingFrom) {
			this.#flushWrites();
		}
		const length = this.#lengths[id] ?? 0;
		const buf = Buffer.allocUnsafe(length);
		let done = 0;
		while (done < length) {
			const n = fs.readSync(this.#fd ?? -1, buf, done, length - done, offset + done);
			if (n === 0) {
				break;
			}
			done += n;
		}
		return buf.toString('utf8', 0, done);
	}

	close(): void {
		if (this.#fd !== undefined) {
			fs.closeSync(this.#fd);
			this.#fd = undefined;
		}
		this.#memory = [];
	}

	#toFile(): void {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpdump-lens-'));
		const file = path.join(dir, 'spill');
		this.#fd = fs.openSync(file, 'w+', 0o600);
		fs.unlinkSync(file);
		fs.rmdirSync(dir);
		const memory = this.#memory ?? [];
		this.#memory = undefined;
		memory.forEach((text, id) => this.#append(id, Buffer.from(text, 'utf8')));
		this.#memoryChars = 0;
	}

	#append(id: number, bytes: Buffer): void {
		if (id >= this.#offsets.length) {
			const offsets = new Float64Array(this.#offsets.length * 2);
			offsets.set(this.#offsets);
			this.#offsets = offsets;
			const lengths = new Int32Array(this.#lengths.length * 2);
			lengths.set(this.#lengths);
			this.#lengths = lengths;
		}
		this.#offsets[id] = this.#fileBytes;
		this.#lengths[id] = bytes.length;
		this.#fileBytes += bytes.length;
		this.#pending.push(bytes);
		this.#pendingBytes += bytes.length;
		if (this.#pendingBytes >= WRITE_BLOCK) {
			this.#flushWrites();
		}
	}

	#flushWrites(): void {
		if (this.#pending.length === 0 || this.#fd === undefined) {
			return;
		}
		const block = Buffer.concat(this.#pending);
		let done = 0;
		while (done < block.length) {
			done += fs.writeSync(this.#fd, block, done, block.length - done, this.#pendingFrom + done);
		}
		this.#pendingFrom += block.length;
		this.#pending = [];
		this.#pendingBytes = 0;
	}
}

/** A growable Int32 column. */
export class IntColumn {
	#data = new Int32Array(1024).fill(-1);
	length = 0;

	push(value: number): void {
		if (this.length === this.#data.length) {
			const grown = new Int32Array(this.#data.length * 2);
			grown.set(this.#data);
			this.#data = grown;
		}
		this.#data[this.length++] = value;
	}

	set(index: number, value: number): void {
		while (index >= this.#data.length) {
			const grown = new Int32Array(this.#data.length * 2).fill(-1);
			grown.set(this.#data);
			this.#data = grown;
		}
		this.#data[index] = value;
		this.length = Math.max(this.length, index + 1);
	}

	get(index: number): number {
		return this.#data[index] ?? -1;
	}
}
