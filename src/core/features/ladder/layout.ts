/**
 * The ladder (sequence) diagram of one TCP connection, as plain data: two lifelines, one arrow per
 * packet, a time axis whose long silences are compressed, and the findings on each arrow. The
 * webview, the SVG, the Mermaid and the ASCII exports all draw this one layout.
 *
 * Example: for the retransmission fixture's line
 *   `10:00:00.253310 IP 192.168.1.12.40080 > 203.0.113.10.80: Flags [P.], seq 1:101, ack 1, win 502, …, length 100`
 * the arrow goes client → server, is labelled `[P.] seq 1:101(100) ack 1 win 502`, carries
 * `tcp.retransmission`, and `retransmissionOf` points at the arrow of line 4 (`seq 1:101` first sent).
 *
 * A capture has one timestamp per packet, taken where tcpdump ran: when the packet reached the
 * other side is unknown. Arrows are therefore drawn with a fixed slant (`slant`), not a measured one.
 */
import type { CaptureAnalysis } from '../../store/capture';
import type { Connection, FindingCode, PacketRecord, Severity, TcpSegment } from '../../types';

export interface LadderOptions {
	/** Silences longer than this (seconds) are cut out of the time axis and marked. Default 1 s. */
	readonly gapThreshold?: number;
	/** Vertical pixels per second of (uncompressed) time. Default 400. */
	readonly pixelsPerSecond?: number;
	/** Minimum vertical distance between two arrows, so labels never overlap. Default 30. */
	readonly rowHeight?: number;
	/** Height given to a compressed silence. Default 30. */
	readonly gapHeight?: number;
	/** How far an arrow drops from sender to receiver. Default 10. */
	readonly slant?: number;
}

const DEFAULTS: Required<LadderOptions> = { gapThreshold: 1, pixelsPerSecond: 400, rowHeight: 30, gapHeight: 30, slant: 10 };

export interface LadderFinding {
	readonly code: FindingCode;
	readonly severity: Severity;
	readonly message: string;
}

/** Which part of the connection's life an arrow belongs to (for notes and colours). */
export type LadderPhase = 'handshake' | 'data' | 'close' | 'reset';

export interface LadderArrow {
	/** Position in `Ladder.arrows`. */
	readonly index: number;
	/** Index into `CaptureAnalysis.packets`. */
	readonly packet: number;
	/** 0-based line of the packet. */
	readonly line: number;
	/** True: drawn left (client) → right (server). */
	readonly leftToRight: boolean;
	/** Where the arrow leaves its sender. */
	readonly y: number;
	/** Where it reaches the other lifeline (`y + slant`). */
	readonly yEnd: number;
	/** Seconds since the connection's first packet; undefined without timestamps (`-t`). */
	readonly time: number | undefined;
	/** As tcpdump printed the numbers: `[P.] seq 1:101(100) ack 1 win 502`. */
	readonly label: string;
	/** The flag letters as printed: `S.`, `P.`. */
	readonly flags: string;
	readonly phase: LadderPhase;
	readonly findings: readonly LadderFinding[];
	/** The worst severity among the findings. */
	readonly severity: Severity | undefined;
	/** For a retransmission: the arrow that first carried these bytes. */
	readonly retransmissionOf: number | undefined;
	/** Later sent again (not spuriously): presumed lost on the way, drawn stopping short. */
	readonly presumedLost: boolean;
	/** `tcp.lost-segment`: bytes before this segment never appeared in the capture. */
	readonly notCapturedBefore: boolean;
}

/** A silence cut out of the time axis. */
export interface LadderGap {
	/** The gap lies between arrow `after` and arrow `after + 1`. */
	readonly after: number;
	readonly y: number;
	readonly height: number;
	readonly seconds: number;
}

export interface LadderTick {
	readonly y: number;
	/** Seconds since the connection's first packet. */
	readonly time: number;
	readonly label: string;
}

export interface Ladder {
	readonly connection: number;
	/** `address.port` as tcpdump spells it: the client (or first-seen endpoint) left. */
	readonly left: string;
	readonly right: string;
	/** True when `left` is known to be the client (the SYN's sender). */
	readonly rolesKnown: boolean;
	readonly arrows: readonly LadderArrow[];
	readonly gaps: readonly LadderGap[];
	readonly ticks: readonly LadderTick[];
	/** Bottom of the last arrow plus a margin. */
	readonly height: number;
	/** Handshake summary for a note (`handshake complete, iRTT 24.1 ms`), when there was one. */
	readonly handshakeNote: string | undefined;
	/** Arrows of the handshake / the close, for notes. */
	readonly handshakeArrows: readonly number[];
	readonly closeArrows: readonly number[];
	readonly slant: number;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 4, warning: 3, information: 2, hint: 1 };
const RETRANSMISSION_CODES: ReadonlySet<FindingCode> = new Set<FindingCode>(['tcp.retransmission', 'tcp.fast-retransmission', 'tcp.spurious-retransmission', 'handshake.syn-retransmission']);

/** `[P.] seq 1:101(100) ack 1 win 502`, the numbers exactly as tcpdump printed them. */
export function arrowLabel(p: PacketRecord, tcp?: TcpSegment): string {
	// `p.tcp` may parse the line again (the reader drops parsed segments): callers pass it once
	const t = tcp ?? p.tcp;
	if (!t) {
		return '?';
	}
	const parts: string[] = [t.flags ? `[${t.flags.text}]` : (t.style === 'quiet' ? 'tcp' : '[?]')];
	if (t.seq) {
		parts.push(t.seq.end !== undefined ? `seq ${t.seq.start}:${t.seq.end}(${t.seq.end - t.seq.start})` : `seq ${t.seq.start}`);
	}
	if (t.ack) {
		parts.push(`ack ${t.ack.value}`);
	}
	if (t.win) {
		parts.push(`win ${t.win.value}`);
	}
	if (t.flags?.syn) {
		if (t.mss !== undefined) {
			parts.push(`mss ${t.mss}`);
		}
		if (t.wscale !== undefined) {
			parts.push(`wscale ${t.wscale}`);
		}
	}
	if (t.sack && t.sack.length > 0) {
		parts.push(`sack ${t.sack.map(b => `{${b.left}:${b.right}}`).join('')}`);
	}
	if (!t.seq && t.length !== undefined && t.length > 0) {
		parts.push(`length ${t.length}`);
	}
	return parts.join(' ');
}

/**
 * Lays out connection `connectionIndex` of the analysis. Returns undefined for an unknown index.
 * Cost: linear in the connection's packets; most of it is reading each packet's TCP part again
 * (10,000 packets: about 0.15 s of CPU, see `npm run bench`). The editor uses `ladderLayoutSteps`
 * to do it in slices.
 */
export function ladderLayout(analysis: CaptureAnalysis, connectionIndex: number, options: LadderOptions = {}): Ladder | undefined {
	const steps = ladderLayoutSteps(analysis, connectionIndex, options);
	for (;;) {
		const r = steps.next();
		if (r.done) {
			return r.value;
		}
	}
}

/** Packets laid out between two yields of `ladderLayoutSteps`. */
export const LADDER_LAYOUT_SLICE = 500;

/**
 * The same layout, as steps: yields the number of packets laid out so far after every
 * `LADDER_LAYOUT_SLICE` packets and returns the ladder, so that a caller on a UI thread can let
 * other work run between slices (the extension host must not block for long).
 */
export function* ladderLayoutSteps(analysis: CaptureAnalysis, connectionIndex: number, options: LadderOptions = {}): Generator<number, Ladder | undefined, void> {
	const conn = analysis.connections[connectionIndex];
	if (!conn) {
		return undefined;
	}
	const o = { ...DEFAULTS, ...options };
	const rolesKnown = conn.client !== undefined && conn.server !== undefined;
	const left = conn.client ?? conn.endpoints[0];
	const right = conn.server ?? conn.endpoints[1];

	const h = conn.handshake;
	const handshakePackets = new Set<number>([...h.syns, ...h.synAcks]);
	if (h.ack !== undefined) {
		handshakePackets.add(h.ack);
	}
	if (h.rst !== undefined) {
		handshakePackets.add(h.rst);
	}

	const arrowOfPacket = new Map<number, number>();
	const arrows: LadderArrow[] = [];
	const gaps: LadderGap[] = [];
	const firstTime = firstTimeOf(analysis, conn);
	let y = o.rowHeight;
	let prevTime: number | undefined;
	let finSeen = 0;
	const retransmittedFrom: (number | undefined)[] = [];
	const spurious: boolean[] = [];

	let done = 0;
	for (const pi of conn.packets) {
		if (++done % LADDER_LAYOUT_SLICE === 0) {
			yield done;
		}
		const p = analysis.packets[pi];
		if (!p) {
			continue;
		}
		const index = arrows.length;
		// rounded to the nanosecond: printed times have at most 9 decimals, float subtraction adds noise
		const time = p.time !== undefined && firstTime !== undefined ? Math.round((p.time - firstTime) * 1e9) / 1e9 : undefined;
		if (index > 0) {
			const dt = time !== undefined && prevTime !== undefined ? Math.max(0, time - prevTime) : 0;
			if (dt > o.gapThreshold) {
				gaps.push({ after: index - 1, y: y + o.slant, height: o.gapHeight, seconds: dt });
				y += o.rowHeight + o.gapHeight;
			} else {
				y = Math.round((y + o.rowHeight + dt * o.pixelsPerSecond) * 100) / 100;
			}
		}
		prevTime = time ?? prevTime;
		arrowOfPacket.set(pi, index);

		const tcp = p.tcp;
		const fromClient = p.tcpInfo?.fromClient;
		const leftToRight = rolesKnown && fromClient !== undefined ? fromClient : (p.tcpInfo?.fromFirst ?? true) === (left === conn.endpoints[0]);
		const flags = tcp?.flags;
		let phase: LadderPhase = 'data';
		if (flags?.rst) {
			phase = handshakePackets.has(pi) ? 'handshake' : 'reset';
		} else if (handshakePackets.has(pi)) {
			phase = 'handshake';
		} else if (flags?.fin) {
			phase = 'close';
			finSeen++;
		} else if (finSeen > 0 && !(tcp?.length)) {
			phase = 'close';
		}

		const packetFindings = analysis.findingsForPacket(pi);
		const findings = packetFindings.map(f => ({ code: f.code, severity: f.severity, message: f.message }));
		let severity: Severity | undefined;
		for (const f of findings) {
			if (!severity || SEVERITY_RANK[f.severity] > SEVERITY_RANK[severity]) {
				severity = f.severity;
			}
		}
		const retr = packetFindings.find(f => RETRANSMISSION_CODES.has(f.code));
		let original: number | undefined;
		if (retr) {
			const relatedLine = retr.related[0]?.span.line;
			const relatedPacket = relatedLine !== undefined ? analysis.packetAtLine(relatedLine) : undefined;
			original = relatedPacket ? arrowOfPacket.get(relatedPacket.index) : undefined;
			original ??= firstSendOf(analysis, arrows, p, leftToRight);
		}
		retransmittedFrom.push(original);
		spurious.push(retr?.code === 'tcp.spurious-retransmission');

		arrows.push({
			index, packet: pi, line: p.line, leftToRight, y, yEnd: y + o.slant, time,
			label: arrowLabel(p, tcp), flags: flags?.text ?? '', phase, findings, severity,
			retransmissionOf: original, presumedLost: false,
			notCapturedBefore: findings.some(f => f.code === 'tcp.lost-segment'),
		});
	}

	// an original that had to be sent again (and not needlessly) never got through: draw it stopping short
	const lost = new Set<number>();
	for (let i = 0; i < arrows.length; i++) {
		const orig = retransmittedFrom[i];
		if (orig !== undefined && !spurious[i]) {
			lost.add(orig);
		}
	}
	const finalArrows = lost.size === 0 ? arrows : arrows.map(a => lost.has(a.index) ? { ...a, presumedLost: true } : a);
	const last = finalArrows[finalArrows.length - 1];
	const height = (last ? last.yEnd : 0) + o.rowHeight;

	return {
		connection: conn.index,
		left, right, rolesKnown,
		arrows: finalArrows,
		gaps,
		ticks: timeTicks(finalArrows, gaps),
		height,
		handshakeNote: handshakeNote(conn),
		handshakeArrows: finalArrows.filter(a => a.phase === 'handshake').map(a => a.index),
		closeArrows: finalArrows.filter(a => a.phase === 'close' || a.phase === 'reset').map(a => a.index),
		slant: o.slant,
	};
}

function firstTimeOf(analysis: CaptureAnalysis, conn: Connection): number | undefined {
	for (const pi of conn.packets) {
		const t = analysis.packets[pi]?.time;
		if (t !== undefined) {
			return t;
		}
	}
	return undefined;
}

/** When the analysis named no earlier send: the first arrow the same way whose bytes overlap. */
function firstSendOf(analysis: CaptureAnalysis, arrows: readonly LadderArrow[], p: PacketRecord, leftToRight: boolean): number | undefined {
	const seq = p.tcpInfo?.absSeq;
	if (seq === undefined) {
		return undefined;
	}
	const end = p.tcpInfo?.absSeqEnd ?? seq + 1;
	for (const a of arrows) {
		if (a.leftToRight !== leftToRight) {
			continue;
		}
		const info = analysis.packets[a.packet]?.tcpInfo;
		if (info?.absSeq === undefined) {
			continue;
		}
		const aEnd = info.absSeqEnd ?? info.absSeq + 1;
		if (info.absSeq < end && seq < aEnd) {
			return a.index;
		}
	}
	return undefined;
}

function handshakeNote(conn: Connection): string | undefined {
	const h = conn.handshake;
	switch (h.state) {
		case 'complete': return `handshake complete${h.rttMs !== undefined ? `, iRTT ${formatMs(h.rttMs)}` : ''}`;
		case 'simultaneous': return 'simultaneous open';
		case 'refused': return 'refused (RST)';
		case 'none': return undefined;
		default: return `handshake ${h.state}${h.problem ? `: ${h.problem}` : ''}`;
	}
}

function formatMs(ms: number): string {
	return ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(3)} s`;
}

/** `+0.024 s`, `+250 ms`: the relative time a tick shows. */
export function formatOffset(seconds: number): string {
	if (seconds === 0) {
		return '0';
	}
	if (seconds < 1) {
		return `${Math.round(seconds * 1e6) / 1e3} ms`;
	}
	return `${Math.round(seconds * 1000) / 1000} s`;
}

/** Labels of ticks closer than this (px) would overlap (11 px text). */
const MIN_TICK_SPACING = 40;

const NICE_STEPS = [1e-6, 2e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60];

/**
 * Ticks at round times, placed by interpolating between the arrows around them. Inside a
 * compressed gap there are none (its own label says how long it was). One step for the whole
 * axis, chosen so that ticks are at least ~80 px apart where time runs at full speed.
 */
function timeTicks(arrows: readonly LadderArrow[], gaps: readonly LadderGap[]): LadderTick[] {
	const timed = arrows.filter(a => a.time !== undefined);
	const lastTimed = timed[timed.length - 1];
	if (timed.length < 2 || !lastTimed || lastTimed.time === undefined) {
		return [];
	}
	const gapAfter = new Set(gaps.map(g => g.after));
	let fullSpeedSeconds = 0;
	let fullSpeedPixels = 0;
	for (let i = 1; i < arrows.length; i++) {
		const a = arrows[i - 1];
		const b = arrows[i];
		if (!a || !b || a.time === undefined || b.time === undefined || gapAfter.has(i - 1)) {
			continue;
		}
		fullSpeedSeconds += b.time - a.time;
		fullSpeedPixels += b.y - a.y;
	}
	if (fullSpeedSeconds <= 0) {
		return [{ y: arrows[0]?.y ?? 0, time: 0, label: '0' }];
	}
	const pxPerS = fullSpeedPixels / fullSpeedSeconds;
	const step = NICE_STEPS.find(s => s * pxPerS >= 80) ?? NICE_STEPS[NICE_STEPS.length - 1] ?? 60;
	const ticks: LadderTick[] = [];
	const MAX_TICKS = 20000;
	// two pointers: tick k lies between arrows i-1 and i (times are non-decreasing)
	let i = 1;
	for (let k = 0; ticks.length < MAX_TICKS; k++) {
		const t = k * step;
		if (t > lastTimed.time + 1e-12) {
			break;
		}
		while (i < arrows.length && (arrows[i]?.time ?? -Infinity) < t - 1e-12) {
			i++;
		}
		const a = arrows[i - 1];
		const b = arrows[i] ?? a;
		if (!a || !b || a.time === undefined || b.time === undefined) {
			continue;
		}
		if (gapAfter.has(i - 1) && t > a.time + 1e-12) {
			// inside a compressed gap: its own label says how long it was; go on after it (a gap of
			// hours holds billions of microsecond steps)
			k = Math.max(k, Math.ceil(b.time / step - 1e-9) - 1);
			continue;
		}
		const frac = b.time > a.time ? Math.max(0, (t - a.time) / (b.time - a.time)) : 0;
		const y = Math.round((a.y + frac * (b.y - a.y)) * 100) / 100;
		const previous = ticks[ticks.length - 1];
		if (previous && y - previous.y < MIN_TICK_SPACING) {
			// the step suits the rows, where packets follow closely; inside a silence shorter than the
			// gap threshold time runs at `pixelsPerSecond` only, and ticks one step apart would overlap:
			// skip to the first step far enough below the previous tick
			const wanted = previous.y + MIN_TICK_SPACING;
			const reachable = b.y > a.y && wanted <= b.y;
			const tNext = reachable ? a.time + (wanted - a.y) / (b.y - a.y) * (b.time - a.time) : b.time;
			k = Math.max(k, Math.ceil(tNext / step - 1e-9) - 1);
			continue;
		}
		ticks.push({ y, time: Math.round(t * 1e9) / 1e9, label: formatOffset(t) });
	}
	return ticks;
}

/**
 * Finds a connection from what a user typed: a 1-based index as the CLI's summary prints it
 * (`1`, `#1`) or `address.port-address.port` in either order (IPv6 and host names with `-` work:
 * every split point is tried).
 */
export function findConnection(analysis: CaptureAnalysis, spec: string): Connection | undefined {
	const s = spec.trim();
	const numeric = /^#?(\d{1,9})$/.exec(s);
	if (numeric) {
		return analysis.connections[Number(numeric[1]) - 1];
	}
	for (let i = s.indexOf('-'); i > 0; i = s.indexOf('-', i + 1)) {
		const a = s.slice(0, i);
		const b = s.slice(i + 1);
		const found = analysis.connections.find(c => (c.endpoints[0] === a && c.endpoints[1] === b) || (c.endpoints[0] === b && c.endpoints[1] === a));
		if (found) {
			return found;
		}
	}
	return undefined;
}
