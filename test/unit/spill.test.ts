/**
 * The CLI's spill (src/cli/spill.ts): records come back as they went in, from memory and, past the
 * memory budget, from the temporary file, in any order and while more are added.
 */
import * as assert from 'assert';
import { detached, Spill } from '../../src/cli/spill';

suite('cli spill: records kept in memory, then in a temporary file', () => {
	/** Records of varied lengths, some with non-ASCII text (a -A payload's bytes in a message). */
	const record = (i: number) => `${i}:` + 'x'.repeat((i * 37) % 500) + (i % 7 === 0 ? ' Grüße 東京' : '');

	for (const budget of [1 << 30, 2000]) {
		test(`${budget > 1e6 ? 'in memory' : 'past a 2,000-character budget (the file)'}: every record back, in any order, while adding`, () => {
			const spill = new Spill(budget);
			try {
				for (let i = 0; i < 3000; i++) {
					assert.strictEqual(spill.add(record(i)), i);
					if (i % 101 === 0) {
						assert.strictEqual(spill.get(i >> 1), record(i >> 1)); // a read between writes
					}
				}
				assert.strictEqual(spill.count, 3000);
				for (let k = 0; k < 3000; k++) {
					const i = (k * 1237) % 3000;
					assert.strictEqual(spill.get(i), record(i), `record ${i}`);
				}
			} finally {
				spill.close();
			}
		});
	}

	test('detached: the same text', () => {
		const line = '10:00:00.000001 IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [S], seq 1, win 64240, length 0 Grüße';
		assert.strictEqual(detached(line.slice(19, 35)), '10.0.0.1.40000 >');
		assert.strictEqual(detached(line), line);
	});
});
