/** Hovers on the start of a packet line: the `-#` packet number and the timestamp in its five forms. */
import { sourceLineOf } from '../connectionView';
import { DELTA_FORMS, FIELDS, TIMESTAMP_FORMS } from '../../explain/fields';
import { type Block, type HoverDoc, type Inline, code, lineRef, p, teach } from '../../explain/render';
import { type Ctx, earlier, fmtMs, packet } from './context';

export function explainPacketNumber(ctx: Ctx): HoverDoc {
	const n = ctx.record.packetNumber;
	return {
		title: [code(`${n ?? '?'}`), ` — ${FIELDS.packetNumber.name}: packet ${n ?? '?'} of what tcpdump read`],
		blocks: [teach(FIELDS.packetNumber.summary)],
	};
}

/** The printed digits after the point, exactly (µs or ns), or from the number when the text is not at hand. */
function fractionDigits(ctx: Ctx, seconds: number): string {
	const ts = ctx.record.timestamp;
	const text = ts ? ctx.lineText(ts.span.line)?.slice(ts.span.start, ts.span.end) : undefined;
	const m = text !== undefined ? /\.(\d{1,12})$/.exec(text.trim()) : null;
	if (m?.[1]) {
		return m[1];
	}
	return String(Math.round((seconds - Math.floor(seconds)) * 1e6) % 1e6).padStart(6, '0');
}

/** `2024-03-01 10:00:00.024110 UTC` from Unix seconds, keeping the printed fraction. */
function utcDate(ctx: Ctx, seconds: number): string {
	const whole = Math.floor(seconds);
	const iso = new Date(whole * 1000).toISOString();
	return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fractionDigits(ctx, seconds)} UTC`;
}

/** Why the capture's deltas were read as -ttt or -ttttt: the first 2,000 stamps decide, as in the reader. */
function deltaEvidence(ctx: Ctx): string {
	let previous = -1;
	let seen = 0;
	for (const r of ctx.analysis.packets) {
		const ts = r.timestamp;
		if (!ts || ts.form !== 'delta') {
			continue;
		}
		if (ts.seconds < 0 || ts.seconds < previous) {
			return `a delta goes down (line ${sourceLineOf(r) + 1}), which only -ttt does`;
		}
		previous = ts.seconds;
		if (++seen >= 2000) {
			break;
		}
	}
	return seen >= 8 ? `the ${seen} deltas never go down, which -ttttt does and -ttt rarely does over ${seen} packets` : `only ${seen} stamp${seen === 1 ? '' : 's'}, too few to tell: read as -ttt, the more common`;
}

export function explainTimestamp(ctx: Ctx): HoverDoc | undefined {
	const ts = ctx.record.timestamp;
	if (!ts) {
		return undefined;
	}
	const shown = ctx.lineText(ts.span.line)?.slice(ts.span.start, ts.span.end).trim();
	const blocks: Block[] = [];
	let title: Inline[];
	if (ts.form === 'delta') {
		const mode = ctx.analysis.deltaMode;
		const form = DELTA_FORMS[mode];
		const what = mode === 'first' ? 'since the first packet' : 'since the previous packet';
		title = [code(shown ?? `${ts.seconds}`), ` — ${form.option}: ${fmtMs(ts.seconds * 1000)} ${what}`];
		blocks.push(p(`Detected ${form.option}: ${deltaEvidence(ctx)}. ${form.summary}`));
	} else if (ts.form === 'epoch') {
		title = [code(shown ?? `${ts.seconds}`), ` — Unix time (-tt) = ${utcDate(ctx, ts.seconds)}`];
		blocks.push(teach(`Printed by tcpdump -tt: ${TIMESTAMP_FORMS.epoch.summary}`));
	} else {
		const form = TIMESTAMP_FORMS[ts.form];
		title = [code(shown ?? `${ts.seconds}`), ` — ${ts.form === 'datetime' ? 'local date and time (-tttt)' : 'local time of day'}`];
		blocks.push(teach(`Printed by tcpdump ${form.option}: ${form.summary}`));
	}
	const lines: Inline[][] = [];
	const t = ctx.record.time;
	const syn = packet(ctx, ctx.conn?.handshake.syn);
	if (t !== undefined && syn && syn.time !== undefined && syn.index !== ctx.record.index && syn.index < ctx.record.index) {
		lines.push([`${fmtMs((t - syn.time) * 1000)} since this connection's SYN (`, lineRef(sourceLineOf(syn)), ')']);
	}
	if (t !== undefined) {
		for (const prev of earlier(ctx)) {
			if (prev.time !== undefined) {
				lines.push([`${fmtMs((t - prev.time) * 1000)} since the previous packet of this connection (`, lineRef(sourceLineOf(prev)), ')']);
			}
			break;
		}
		const first = ctx.analysis.packets[0];
		if (first && first.time !== undefined && first.index !== ctx.record.index) {
			lines.push([`${fmtMs((t - first.time) * 1000)} since the first packet of the text (`, lineRef(sourceLineOf(first)), ')']);
		}
	}
	if (lines.length > 0) {
		blocks.push({ kind: 'list', items: lines });
	}
	blocks.push(teach(FIELDS.timestamp.summary));
	return { title, blocks };
}
