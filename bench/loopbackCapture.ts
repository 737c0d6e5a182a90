/**
 * A real capture for the CLI bench: `tcpdump -i lo` records while a local server and clients talk
 * TCP on 127.0.0.1 — many short HTTP-like connections (request, response, FIN close), a few bulk
 * transfers, and some connections the server resets. Real kernel traffic (real ISNs, windows, TS
 * options, delayed ACKs), so not deterministic: the bench makes it afresh each run, and only this
 * script is committed. Needs tcpdump and the right to capture on `lo` (root); returns false without.
 *
 *   node out/bench/loopbackCapture.js FILE.pcap [connections]
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';

const REQUEST = 'GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: tcpdump-lens-bench\r\n\r\n';

/** Every how many connections one is a bulk transfer, and one is reset by the server. */
const BULK_EVERY = 1000;
const RESET_EVERY = 97;
const BULK_BYTES = 4 << 20;
const CONCURRENCY = 40;

function response(bytes: number): Buffer {
	const head = `HTTP/1.1 200 OK\r\nContent-Length: ${bytes}\r\nConnection: close\r\n\r\n`;
	return Buffer.concat([Buffer.from(head), Buffer.alloc(bytes, 0x61)]);
}

function startServer(): Promise<net.Server> {
	let served = 0;
	const server = net.createServer(socket => {
		const n = served++;
		socket.on('error', () => undefined);
		socket.once('data', () => {
			if (n % RESET_EVERY === RESET_EVERY - 1) {
				socket.resetAndDestroy(); // RST instead of an answer
			} else if (n % BULK_EVERY === BULK_EVERY - 1) {
				socket.end(response(BULK_BYTES));
			} else {
				socket.end(response(200 + ((n * 7919) % 12000)));
			}
		});
	});
	return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function oneConnection(port: number): Promise<void> {
	return new Promise(resolve => {
		const socket = net.connect(port, '127.0.0.1', () => socket.write(REQUEST));
		socket.on('data', () => undefined);
		socket.on('end', () => socket.end());
		socket.on('close', () => resolve());
		socket.on('error', () => resolve());
	});
}

/** Records `connections` connections into `file`. False when tcpdump cannot capture here. */
export async function recordLoopbackCapture(file: string, connections = 22000): Promise<boolean> {
	if (spawnSync('tcpdump', ['--version'], { stdio: 'ignore' }).status !== 0 || process.getuid?.() !== 0) {
		return false;
	}
	const server = await startServer();
	const port = (server.address() as net.AddressInfo).port;
	const tcpdump = spawn('tcpdump', ['-i', 'lo', '-U', '-s', '200', '-w', file, `tcp port ${port} and host 127.0.0.1`], { stdio: ['ignore', 'ignore', 'pipe'] });
	const listening = await new Promise<boolean>(resolve => {
		let err = '';
		tcpdump.stderr.on('data', (d: Buffer) => {
			err += d.toString();
			if (err.includes('listening on')) {
				resolve(true);
			}
		});
		tcpdump.on('exit', () => resolve(false));
	});
	if (!listening) {
		server.close();
		return false;
	}
	let next = 0;
	const worker = async () => {
		while (next < connections) {
			next++;
			await oneConnection(port);
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
	await new Promise(resolve => setTimeout(resolve, 500));
	const exited = new Promise(resolve => tcpdump.on('exit', resolve));
	tcpdump.kill('SIGINT');
	await exited;
	server.close();
	return fs.existsSync(file) && fs.statSync(file).size > 24;
}

if (require.main === module) {
	const file = process.argv[2];
	if (!file) {
		console.error('usage: node out/bench/loopbackCapture.js FILE.pcap [connections]');
		process.exit(2);
	}
	recordLoopbackCapture(file, Number(process.argv[3] ?? 22000)).then(ok => {
		console.log(ok ? `recorded ${file}` : 'cannot capture on lo here (needs tcpdump and root)');
		process.exit(ok ? 0 : 1);
	}, (e: unknown) => {
		console.error(e);
		process.exit(1);
	});
}
