/**
 * Writes a large capture text without holding it in memory: `node out/bench/bigfile.js FILE MiB`.
 * Pieces of 1,000,000 packets (bench/generate.ts, a new seed each) are appended until the size is
 * reached; the pieces reuse port pairs, so a few connections are seen again (port reuse).
 */
import * as fs from 'fs';
import { generateCapture } from './generate';

export function writeBigCapture(file: string, mib: number): number {
	const fd = fs.openSync(file, 'w');
	let bytes = 0;
	try {
		for (let seed = 1; bytes < mib * 1048576; seed++) {
			const piece = generateCapture(1000000, seed);
			fs.writeSync(fd, piece);
			bytes += Buffer.byteLength(piece);
		}
	} finally {
		fs.closeSync(fd);
	}
	return bytes;
}

if (require.main === module) {
	const [file, mib] = process.argv.slice(2);
	if (!file) {
		throw new Error('usage: bigfile.js FILE MiB');
	}
	const bytes = writeBigCapture(file, Number(mib ?? 1024));
	console.log(`${file}: ${(bytes / 1048576).toFixed(0)} MiB`);
}
