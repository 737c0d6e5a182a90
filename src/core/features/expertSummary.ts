/**
 * Wireshark's Expert Information for a capture: findings grouped by code (worst severity first),
 * each group split by connection, each with its occurrences; and the folding of very repetitive
 * codes into one Problems row ("522 × tcp.window-full on connection 3, lines 7–1060").
 */
import { FINDINGS } from '../explain/findings';
import type { Finding, FindingCode, Severity } from '../types';

export interface ExpertConnectionGroup {
	/** Connection index, or undefined for findings outside any connection. */
	readonly connection: number | undefined;
	readonly findings: readonly Finding[];
}

export interface ExpertGroup {
	readonly code: FindingCode;
	readonly title: string;
	/** The effective severity (settings applied). */
	readonly severity: Severity;
	readonly count: number;
	/** Connections in order of their first finding. */
	readonly connections: readonly ExpertConnectionGroup[];
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/**
 * Groups findings by code. `severityOf` gives each code's effective severity, or `off` to leave
 * it out (so the counts equal the Problems panel's, which leaves it out too).
 */
export function expertSummary(findings: readonly Finding[], severityOf: (code: FindingCode) => Severity | 'off' = c => FINDINGS[c].severity): ExpertGroup[] {
	const byCode = new Map<FindingCode, Map<number | undefined, Finding[]>>();
	const counts = new Map<FindingCode, number>();
	for (const f of findings) {
		if (severityOf(f.code) === 'off') {
			continue;
		}
		let conns = byCode.get(f.code);
		if (!conns) {
			conns = new Map();
			byCode.set(f.code, conns);
		}
		const list = conns.get(f.connection);
		if (list) {
			list.push(f);
		} else {
			conns.set(f.connection, [f]);
		}
		counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
	}
	const out: ExpertGroup[] = [];
	for (const [code, conns] of byCode) {
		const severity = severityOf(code);
		if (severity === 'off') {
			continue;
		}
		out.push({
			code,
			title: FINDINGS[code].title,
			severity,
			count: counts.get(code) ?? 0,
			connections: [...conns].map(([connection, list]) => ({ connection, findings: list })),
		});
	}
	return out.sort((a, b) => RANK[a.severity] - RANK[b.severity] || b.count - a.count || a.code.localeCompare(b.code));
}

/** Many findings of one code on one connection, shown as one row. */
export interface CollapsedFindings {
	readonly code: FindingCode;
	readonly connection: number | undefined;
	/** In line order; the first one carries the row's position. */
	readonly findings: readonly Finding[];
	/** `522 × tcp.window-full on connection 3, lines 7–1060`. */
	readonly message: string;
}

/**
 * Findings in line order, where a code seen more than `threshold` times on one connection is
 * replaced (at its first occurrence) by one `CollapsedFindings`. `threshold` 0 collapses nothing.
 */
export function collapseRepeats(findings: readonly Finding[], threshold: number): (Finding | CollapsedFindings)[] {
	if (threshold <= 0) {
		return findings.slice();
	}
	const key = (f: Finding): string => `${f.code} ${f.connection ?? -1}`;
	const groups = new Map<string, Finding[]>();
	for (const f of findings) {
		const k = key(f);
		const list = groups.get(k);
		if (list) {
			list.push(f);
		} else {
			groups.set(k, [f]);
		}
	}
	const out: (Finding | CollapsedFindings)[] = [];
	const emitted = new Set<string>();
	for (const f of findings) {
		const k = key(f);
		const group = groups.get(k) ?? [f];
		if (group.length <= threshold) {
			out.push(f);
			continue;
		}
		if (emitted.has(k)) {
			continue;
		}
		emitted.add(k);
		const first = group[0] ?? f;
		const last = group[group.length - 1] ?? f;
		const where = f.connection === undefined ? '' : ` on connection ${f.connection + 1}`;
		const lines = first.span.line === last.span.line ? `line ${first.span.line + 1}` : `lines ${first.span.line + 1}–${last.span.line + 1}`;
		out.push({ code: f.code, connection: f.connection, findings: group, message: `${group.length} × ${f.code}${where}, ${lines}` });
	}
	return out;
}

export function isCollapsed(x: Finding | CollapsedFindings): x is CollapsedFindings {
	return 'findings' in x;
}
