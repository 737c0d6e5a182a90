// tcpdump Lens: draws the ladder diagram and the time-sequence graph the extension computed
// (src/core/features/ladder). No layout decisions here beyond pixels; nothing evaluated, no inline handlers,
// capture text only ever set as textContent. Only the visible part of the ladder is in the DOM.
// @ts-check
'use strict';
(function () {
	// eslint-disable-next-line no-undef
	const vscode = acquireVsCodeApi();
	const SVGNS = 'http://www.w3.org/2000/svg';
	const G = { axisWidth: 80, headerHeight: 48, charWidth: 7.2, minSpan: 420, margin: 24, annotationWidth: 300 };

	/** @type {any} */
	let ladder;
	/** @type {Map<number, string>} arrow index → its packet line, asked for when first hovered */
	const lineTexts = new Map();
	/** @type {any[]} */
	let tsgs = [];
	/** @type {Map<number, number>} packet index → arrow index */
	let arrowOfPacket = new Map();
	const saved = vscode.getState() || {};
	const state = {
		// which document and connection: VS Code hands this back to the extension's serializer after a reload
		uri: typeof saved.uri === 'string' ? saved.uri : undefined,
		connection: typeof saved.connection === 'number' ? saved.connection : undefined,
		tab: saved.tab === 'tsg' ? 'tsg' : 'ladder',
		scrollTop: typeof saved.scrollTop === 'number' ? saved.scrollTop : 0,
		selected: typeof saved.selected === 'number' ? saved.selected : -1,
		zoom: typeof saved.zoom === 'number' ? saved.zoom : 1,
		textView: !!saved.textView,
		tsgDirection: typeof saved.tsgDirection === 'number' ? saved.tsgDirection : -1,
		tsgView: saved.tsgView || null,
	};
	let hovered = -1;
	let tsgRequested = false;

	const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));
	const scroll = $('ladder-scroll');
	const svg = /** @type {SVGSVGElement} */ (/** @type {unknown} */ ($('ladder-svg')));
	const spacer = $('ladder-spacer');
	const status = $('status');
	const tooltip = $('tooltip');
	const textList = $('text-list');
	const zoomInput = /** @type {HTMLInputElement} */ ($('zoom'));

	function save() {
		clearTimeout(saveTimer);
		saveTimer = 0;
		vscode.setState(state);
	}
	/** While scrolling: setState is a message to the workbench, not once per frame. */
	let saveTimer = 0;
	function saveSoon() {
		if (!saveTimer) {
			saveTimer = setTimeout(save, 250);
		}
	}

	// long tasks (> 50 ms) on this page, for the open-time figure (scripts/ladderScrollCheck.js)
	/** @type {number[]} */
	const longTasks = [];
	try {
		new PerformanceObserver(list => {
			for (const e of list.getEntries()) {
				longTasks.push(e.duration);
			}
		}).observe({ type: 'longtask', buffered: true });
	} catch {
		// not supported: the figure is left out
	}

	// ------------------------------------------------------------------ the message (src/core/features/ladder/wire.ts)
	// bits of `bits[i]`: the same values as WIRE_BITS / WIRE_PHASES / WIRE_SEVERITIES in wire.ts
	const PHASES = ['data', 'handshake', 'close', 'reset'];
	const SEVERITIES = [undefined, 'hint', 'information', 'warning', 'error'];
	/** Columns of numbers and joined strings → one small object per arrow (what the drawing reads). */
	function decodeWire(/** @type {any} */ w) {
		const labels = w.count === 0 ? [] : String(w.labels).split('\n');
		/** @type {Map<number, any[]>} */
		const findings = new Map();
		for (let k = 0; k + 3 < w.findings.length; k += 4) {
			const list = findings.get(w.findings[k]) || [];
			list.push({ code: w.strings[w.findings[k + 1]], severity: w.strings[w.findings[k + 2]], message: w.strings[w.findings[k + 3]] });
			findings.set(w.findings[k], list);
		}
		/** @type {Map<number, number>} */
		const retransmissionOf = new Map();
		for (let k = 0; k + 1 < w.retransmissions.length; k += 2) {
			retransmissionOf.set(w.retransmissions[k], w.retransmissions[k + 1]);
		}
		const arrows = new Array(w.count);
		for (let i = 0; i < w.count; i++) {
			const bits = w.bits[i];
			const y = w.y[i];
			arrows[i] = {
				index: i, packet: w.packet[i], line: w.line[i], leftToRight: (bits & 1) !== 0, y, yEnd: y + w.slant,
				time: w.time[i] < 0 ? undefined : w.time[i], label: labels[i] || '',
				phase: PHASES[(bits >> 3) & 3], severity: SEVERITIES[(bits >> 5) & 7], findings: findings.get(i) || [],
				retransmissionOf: retransmissionOf.get(i), presumedLost: (bits & 2) !== 0, notCapturedBefore: (bits & 4) !== 0,
			};
		}
		const tickLabels = w.tickY.length === 0 ? [] : String(w.tickLabels).split('\n');
		return {
			connection: w.connection, left: w.left, right: w.right, rolesKnown: w.rolesKnown, height: w.height,
			handshakeNote: w.handshakeNote || undefined, firstHandshake: w.firstHandshake, firstClose: w.firstClose,
			longestLabel: w.longestLabel, arrows, gaps: w.gaps,
			ticks: w.tickY.map((/** @type {number} */ y, /** @type {number} */ i) => ({ y, label: tickLabels[i] || '' })),
		};
	}

	function el(/** @type {string} */ name, /** @type {Record<string, string|number>} */ attrs, /** @type {string=} */ text) {
		const e = document.createElementNS(SVGNS, name);
		for (const k of Object.keys(attrs)) {
			e.setAttribute(k, String(attrs[k]));
		}
		if (text !== undefined) {
			e.textContent = text;
		}
		return e;
	}

	// ------------------------------------------------------------------ ladder geometry
	function span() {
		return Math.max(G.minSpan, Math.ceil(ladder.longestLabel * G.charWidth) + 60);
	}
	let x0 = 0;
	let x1 = 0;
	function totalHeight() {
		return G.headerHeight + ladder.height * state.zoom + G.margin;
	}
	/** Content y (the content group is moved by the scroll position) of a layout y. */
	function cy(/** @type {number} */ y) {
		return y * state.zoom;
	}
	/** First index in a sorted-by-y array whose y is at least `y`. */
	function lowerBound(/** @type {any[]} */ items, /** @type {number} */ y) {
		let lo = 0;
		let hi = items.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (items[mid].y < y) {
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		return lo;
	}

	function direction(/** @type {any} */ a) {
		return a.leftToRight ? 'client → server' : 'server → client';
	}
	function describe(/** @type {any} */ a) {
		const parts = [`${a.index + 1} of ${ladder.arrows.length}`, `line ${a.line + 1}`, ladder.rolesKnown ? direction(a) : (a.leftToRight ? 'left → right' : 'right → left'), a.label];
		for (const f of a.findings) {
			parts.push(`${f.severity} ${f.code}`);
		}
		if (a.retransmissionOf !== undefined) {
			parts.push(`retransmission of line ${ladder.arrows[a.retransmissionOf].line + 1}`);
		}
		if (a.presumedLost) {
			parts.push('presumed lost');
		}
		if (a.notCapturedBefore) {
			parts.push('bytes before it not captured');
		}
		return parts.join(', ');
	}

	// ------------------------------------------------------------------ ladder drawing (virtualised)
	let frame = 0;
	function scheduleDraw() {
		if (!frame) {
			frame = requestAnimationFrame(() => {
				frame = 0;
				drawLadder();
			});
		}
	}

	/** How long drawing the visible part takes (scripts/ladderScrollCheck.js reads it). */
	const drawStats = { count: 0, totalMs: 0, maxMs: 0, over16: 0 };
	let drawStatsWritten = 0;
	function drawLadder() {
		if (!ladder) {
			return;
		}
		const started = performance.now();
		drawVisible();
		const ms = performance.now() - started;
		drawStats.count++;
		drawStats.totalMs += ms;
		drawStats.maxMs = Math.max(drawStats.maxMs, ms);
		if (ms > 16) {
			drawStats.over16++;
		}
		if (started - drawStatsWritten > 500) {
			drawStatsWritten = started;
			scroll.setAttribute('data-draw-stats', JSON.stringify(drawStats));
		}
	}

	let drawnSize = '';
	function drawVisible() {
		const width = x1 + G.annotationWidth;
		const height = scroll.clientHeight;
		// only when they change: each write invalidates the page's layout
		const size = `${width} ${height} ${totalHeight()}`;
		if (size !== drawnSize) {
			drawnSize = size;
			svg.setAttribute('width', String(width));
			svg.setAttribute('height', String(height));
			svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
			spacer.style.height = `${Math.max(0, totalHeight() - height)}px`;
		}
		if (!built) {
			buildFrame(width);
		}
		const top = scroll.scrollTop;
		// the content is in layout coordinates × zoom; scrolling only moves it (one attribute) and adds
		// or removes the rows that enter or leave the screen
		content.setAttribute('transform', `translate(0 ${G.headerHeight - top})`);
		// layout-y range that is on screen, with a margin for labels
		const yFrom = (top - G.headerHeight) / state.zoom - 40;
		const yTo = (top + height) / state.zoom + 40;
		const arrowsFrom = lowerBound(ladder.arrows, yFrom);
		sync(drawn.arrows, layerArrows, arrowsFrom, lowerBound(ladder.arrows, yTo + 1e-9), i => arrowElement(ladder.arrows[i]));
		sync(drawn.ticks, layerTicks, lowerBoundOf(tickIndexes, yFrom), lowerBoundOf(tickIndexes, yTo + 1e-9), k => tickElement(ladder.ticks[tickIndexes[k]]));
		sync(drawn.gaps, layerGaps, lowerBound(ladder.gaps, yFrom), lowerBound(ladder.gaps, yTo + 1e-9), i => gapElement(ladder.gaps[i]));
	}

	/** Elements on screen, by index: arrows, ticks (index into tickIndexes), gaps. */
	const drawn = { arrows: new Map(), ticks: new Map(), gaps: new Map() };
	let built = false;
	/** @type {SVGGElement} */
	let content = /** @type {any} */ (null);
	/** @type {SVGGElement} */
	let layerArrows = /** @type {any} */ (null);
	/** @type {SVGGElement} */
	let layerTicks = /** @type {any} */ (null);
	/** @type {SVGGElement} */
	let layerGaps = /** @type {any} */ (null);
	/** The ticks shown at this zoom: each at least 24 px below the previous one (labels would overlap). */
	/** @type {number[]} */
	let tickIndexes = [];
	/** Everything is drawn again on the next frame (new ladder, zoom, selection, hover). */
	function redrawAll() {
		built = false;
	}
	/** Sets or clears a class on arrow `i` if it is on screen (selection, hover): no redraw. */
	function markArrow(/** @type {number} */ i, /** @type {string} */ cls, /** @type {boolean} */ on) {
		const e = drawn.arrows.get(i);
		if (e) {
			e.classList.toggle(cls, on);
		}
	}
	function lowerBoundOf(/** @type {number[]} */ indexes, /** @type {number} */ y) {
		let lo = 0;
		let hi = indexes.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (ladder.ticks[indexes[mid]].y < y) {
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		return lo;
	}
	function sync(/** @type {Map<number, Element>} */ map, /** @type {Element} */ layer, /** @type {number} */ from, /** @type {number} */ to, /** @type {(i: number) => Element} */ make) {
		for (const [i, e] of map) {
			if (i < from || i >= to) {
				e.remove();
				map.delete(i);
			}
		}
		for (let i = from; i < to; i++) {
			if (!map.has(i)) {
				const e = make(i);
				layer.appendChild(e);
				map.set(i, e);
			}
		}
	}
	function buildFrame(/** @type {number} */ width) {
		built = true;
		drawn.arrows.clear();
		drawn.ticks.clear();
		drawn.gaps.clear();
		tickIndexes = [];
		let lastTickY = -Infinity;
		for (let i = 0; i < ladder.ticks.length; i++) {
			const y = ladder.ticks[i].y * state.zoom;
			if (y - lastTickY >= 24) {
				tickIndexes.push(i);
				lastTickY = y;
			}
		}
		// zoomed out, rows are closer than a line of text: labels only on the selected and hovered arrows
		svg.classList.toggle('compact', 30 * state.zoom < 22);
		content = /** @type {any} */ (el('g', { class: 'content' }));
		// lifelines the whole height; the notes of the handshake and the close
		const bottom = cy(ladder.height);
		content.appendChild(el('line', { class: 'lifeline', x1: x0, y1: -G.headerHeight, x2: x0, y2: bottom }));
		content.appendChild(el('line', { class: 'lifeline', x1: x1, y1: -G.headerHeight, x2: x1, y2: bottom }));
		const hs = ladder.firstHandshake;
		if (hs >= 0 && ladder.handshakeNote) {
			const a = ladder.arrows[hs];
			content.appendChild(el('text', { class: 'note', x: (x0 + x1) / 2, y: cy(a.y) - 19, 'text-anchor': 'middle' }, ladder.handshakeNote));
		}
		const cl = ladder.firstClose;
		if (cl >= 0) {
			const a = ladder.arrows[cl];
			content.appendChild(el('line', { class: 'tick-line', x1: x0, y1: cy(a.y) - 12, x2: x1, y2: cy(a.y) - 12 }));
		}
		layerTicks = /** @type {any} */ (el('g', {}));
		layerGaps = /** @type {any} */ (el('g', {}));
		layerArrows = /** @type {any} */ (el('g', {}));
		content.append(layerTicks, layerGaps, layerArrows);
		// header (sticky: the endpoints stay visible while scrolling)
		const header = el('g', { class: 'header' });
		header.appendChild(el('rect', { class: 'header-bg', x: 0, y: 0, width, height: G.headerHeight - 6 }));
		header.appendChild(el('text', { class: 'endpoint', x: x0, y: 18, 'text-anchor': 'middle' }, ladder.left));
		header.appendChild(el('text', { class: 'endpoint', x: x1, y: 18, 'text-anchor': 'middle' }, ladder.right));
		if (ladder.rolesKnown) {
			header.appendChild(el('text', { class: 'role', x: x0, y: 34, 'text-anchor': 'middle' }, 'client'));
			header.appendChild(el('text', { class: 'role', x: x1, y: 34, 'text-anchor': 'middle' }, 'server'));
		}
		svg.replaceChildren(content, header);
	}
	function tickElement(/** @type {any} */ t) {
		const g = el('g', {});
		const y = cy(t.y);
		g.appendChild(el('line', { class: 'tick-line', x1: G.axisWidth + 4, y1: y, x2: x0, y2: y }));
		g.appendChild(el('text', { class: 'tick-label', x: G.axisWidth, y: y + 4, 'text-anchor': 'end' }, t.label));
		return g;
	}
	function gapElement(/** @type {any} */ gap) {
		const g = el('g', {});
		const y = cy(gap.y + gap.height / 2);
		g.appendChild(el('path', { class: 'gap-mark', d: `M${x0 - 8} ${y - 4}l16 8M${x1 - 8} ${y - 4}l16 8` }));
		g.appendChild(el('text', { class: 'gap-label', x: (x0 + x1) / 2, y: y + 4, 'text-anchor': 'middle' }, `${gap.seconds.toFixed(3)} s without packets (compressed)`));
		return g;
	}

	function arrowElement(/** @type {any} */ a) {
		const cls = ['arrow', `phase-${a.phase}`];
		if (a.severity) {
			cls.push(`sev-${a.severity}`);
		}
		if (a.retransmissionOf !== undefined) {
			cls.push('retr');
		}
		if (a.index === state.selected) {
			cls.push('selected');
		}
		if (a.index === hovered) {
			cls.push('hovered');
		}
		const g = el('g', { class: cls.join(' '), 'data-i': a.index });
		const ys = cy(a.y);
		const ye = cy(a.yEnd);
		const [xs, xe] = a.leftToRight ? [x0, x1] : [x1, x0];
		g.appendChild(el('rect', { class: 'select-bg', x: x0 - 6, y: ys - 16, width: x1 - x0 + G.annotationWidth, height: ye - ys + 20, rx: 3 }));
		let endX = xe;
		let endY = ye;
		if (a.presumedLost) {
			endX = xs + (xe - xs) * 0.75;
			endY = ys + (ye - ys) * 0.75;
		} else {
			// arrow head: a small triangle pointing along the shaft
			const dx = xe - xs;
			const dy = ye - ys;
			const len = Math.hypot(dx, dy) || 1;
			const ux = dx / len;
			const uy = dy / len;
			const bx = xe - ux * 10;
			const by = ye - uy * 10;
			g.appendChild(el('path', { class: 'head', d: `M${xe} ${ye}L${bx - uy * 4} ${by + ux * 4}L${bx + uy * 4} ${by - ux * 4}z` }));
			endX = bx;
			endY = by;
		}
		g.appendChild(el('line', { class: 'shaft', x1: xs, y1: ys, x2: endX, y2: endY }));
		if (a.presumedLost) {
			g.appendChild(el('path', { class: 'cross', d: `M${endX - 5} ${endY - 5}l10 10m0 -10l-10 10` }));
		}
		g.appendChild(el('line', { class: 'hit', x1: xs, y1: ys, x2: xe, y2: ye }));
		// above the arrow's higher end, so the slanted shaft never crosses the text
		g.appendChild(el('text', { x: (x0 + x1) / 2, y: ys - 3, 'text-anchor': 'middle' }, a.label));
		const notes = [`line ${a.line + 1}`];
		for (const f of a.findings) {
			notes.push(f.code);
		}
		if (a.retransmissionOf !== undefined) {
			notes.push(`of line ${ladder.arrows[a.retransmissionOf].line + 1}`);
		}
		if (a.presumedLost) {
			notes.push('presumed lost');
		}
		if (a.notCapturedBefore) {
			notes.push('bytes before it not captured');
		}
		g.appendChild(el('text', { class: 'annotation', x: x1 + 10, y: ye - 2 }, notes.join(' · ')));
		if (a.notCapturedBefore) {
			// the bytes before it never appeared: a short dashed stub that stops in a cross
			const xm = xs + (xe - xs) * 0.2;
			g.appendChild(el('path', { class: 'not-captured', d: `M${xs} ${ys - 8}L${xm} ${ys - 6}M${xm - 4} ${ys - 10}l8 8m0 -8l-8 8` }));
		}
		if (a.retransmissionOf !== undefined) {
			// a curve on the sender's side from the original to this retransmission
			const o = ladder.arrows[a.retransmissionOf];
			const yo = cy(o.y);
			const side = a.leftToRight ? -1 : 1;
			g.appendChild(el('path', { class: 'retr-link', d: `M${xs} ${yo}C${xs + side * 30} ${yo} ${xs + side * 30} ${ys} ${xs} ${ys}` }));
		}
		return g;
	}

	// ------------------------------------------------------------------ selection, keyboard, hover
	function select(/** @type {number} */ i, /** @type {{reveal?: boolean, scroll?: boolean, announce?: boolean}} */ opts) {
		if (!ladder || i < 0 || i >= ladder.arrows.length) {
			return;
		}
		markArrow(state.selected, 'selected', false);
		state.selected = i;
		markArrow(i, 'selected', true);
		const a = ladder.arrows[i];
		if (opts.scroll !== false) {
			const y = G.headerHeight + a.y * state.zoom;
			const top = scroll.scrollTop;
			const h = scroll.clientHeight;
			if (y < top + G.headerHeight + 20 || y > top + h - 30) {
				scroll.scrollTop = Math.max(0, y - h / 2);
			}
		}
		if (opts.announce !== false) {
			status.textContent = describe(a);
		}
		const item = textList.querySelector(`[data-i="${i}"]`);
		if (item && !textList.hidden && opts.scroll !== false) {
			item.scrollIntoView({ block: 'nearest' });
		}
		state.scrollTop = scroll.scrollTop;
		save();
		drawLadder();
		if (opts.reveal) {
			vscode.postMessage({ type: 'reveal', arrow: i });
		}
	}

	/** What a mouse click on an arrow does; the integration test's `testClick` runs the same. */
	function clickArrow(/** @type {number} */ i) {
		select(i, { reveal: true, scroll: false });
	}

	function arrowFromEvent(/** @type {Event} */ e) {
		const t = /** @type {Element|null} */ (e.target);
		const g = t && t.closest ? t.closest('g.arrow') : null;
		return g ? Number(g.getAttribute('data-i')) : -1;
	}

	function showTooltip(/** @type {number} */ i, /** @type {number} */ x, /** @type {number} */ y) {
		const a = ladder.arrows[i];
		const text = lineTexts.get(i);
		if (text === undefined) {
			// asked once; the tooltip is redrawn when it arrives, if the pointer is still there
			lineTexts.set(i, '');
			vscode.postMessage({ type: 'lineText', arrow: i });
		}
		tooltipArrow = i;
		const lines = [`line ${a.line + 1}: ${text || a.label}`];
		for (const f of a.findings) {
			lines.push(`${f.severity} ${f.code}: ${f.message}`);
		}
		if (a.presumedLost) {
			lines.push('presumed lost: the same bytes were sent again later');
		}
		tooltip.textContent = lines.join('\n');
		tooltip.hidden = false;
		const w = tooltip.offsetWidth;
		tooltip.style.left = `${Math.max(4, Math.min(x + 12, window.innerWidth - w - 4))}px`;
		tooltip.style.top = `${Math.min(y + 16, window.innerHeight - tooltip.offsetHeight - 4)}px`;
	}

	let tooltipArrow = -1;
	let tooltipX = 0;
	let tooltipY = 0;
	svg.addEventListener('mousemove', e => {
		tooltipX = e.clientX;
		tooltipY = e.clientY;
		const i = arrowFromEvent(e);
		if (i !== hovered) {
			markArrow(hovered, 'hovered', false);
			hovered = i;
			markArrow(i, 'hovered', true);
		}
		if (i >= 0) {
			showTooltip(i, e.clientX, e.clientY);
		} else {
			tooltip.hidden = true;
			tooltipArrow = -1;
		}
	});
	svg.addEventListener('mouseleave', () => {
		markArrow(hovered, 'hovered', false);
		hovered = -1;
		tooltip.hidden = true;
		tooltipArrow = -1;
	});
	svg.addEventListener('click', e => {
		const i = arrowFromEvent(e);
		if (i >= 0) {
			clickArrow(i);
		}
	});
	scroll.addEventListener('scroll', () => {
		state.scrollTop = scroll.scrollTop;
		tooltip.hidden = true;
		scheduleDraw();
		saveSoon();
	}, { passive: true });
	scroll.addEventListener('keydown', e => {
		if (!ladder) {
			return;
		}
		const n = ladder.arrows.length;
		const page = Math.max(1, Math.floor(scroll.clientHeight / (30 * state.zoom)));
		let next = -1;
		switch (e.key) {
			case 'ArrowDown': case 'ArrowRight': next = Math.min(n - 1, state.selected + 1); break;
			case 'ArrowUp': case 'ArrowLeft': next = Math.max(0, state.selected < 0 ? 0 : state.selected - 1); break;
			case 'PageDown': next = Math.min(n - 1, state.selected + page); break;
			case 'PageUp': next = Math.max(0, state.selected - page); break;
			case 'Home': next = 0; break;
			case 'End': next = n - 1; break;
			case 'Enter': case ' ':
				if (state.selected >= 0) {
					vscode.postMessage({ type: 'reveal', arrow: state.selected });
				}
				e.preventDefault();
				return;
			default: return;
		}
		e.preventDefault();
		select(next, {});
	});
	window.addEventListener('resize', () => {
		scheduleDraw();
		if (state.tab === 'tsg') {
			drawTsg();
		}
	});
	zoomInput.addEventListener('input', () => {
		const centre = (scroll.scrollTop + scroll.clientHeight / 2 - G.headerHeight) / state.zoom;
		state.zoom = Number(zoomInput.value) || 1;
		redrawAll();
		drawLadder();
		scroll.scrollTop = Math.max(0, centre * state.zoom + G.headerHeight - scroll.clientHeight / 2);
		save();
	});

	// ------------------------------------------------------------------ text alternative
	function buildTextList() {
		const frag = document.createDocumentFragment();
		for (const a of ladder.arrows) {
			const li = document.createElement('li');
			const b = document.createElement('button');
			b.setAttribute('data-i', String(a.index));
			if (a.severity) {
				b.className = `sev-${a.severity}`;
			}
			const time = a.time === undefined ? '' : `${a.time.toFixed(6)}  `;
			b.textContent = `${time}${describe(a)}`;
			li.appendChild(b);
			frag.appendChild(li);
		}
		textList.replaceChildren(frag);
	}
	textList.addEventListener('click', e => {
		const t = /** @type {Element} */ (e.target);
		const b = t.closest ? t.closest('button[data-i]') : null;
		if (b) {
			clickArrow(Number(b.getAttribute('data-i')));
		}
	});
	function setTextView(/** @type {boolean} */ on) {
		state.textView = on;
		$('text-view').setAttribute('aria-pressed', String(on));
		textList.hidden = !on;
		scroll.hidden = on;
		if (on && ladder && textList.childElementCount !== ladder.arrows.length) {
			buildTextList();
		}
		if (!on) {
			scheduleDraw();
		}
		save();
	}
	$('text-view').addEventListener('click', () => setTextView(!state.textView));

	// ------------------------------------------------------------------ tabs
	function setTab(/** @type {string} */ tab) {
		state.tab = tab;
		$('tab-ladder').setAttribute('aria-selected', String(tab === 'ladder'));
		$('tab-tsg').setAttribute('aria-selected', String(tab === 'tsg'));
		$('view-ladder').hidden = tab !== 'ladder';
		$('view-tsg').hidden = tab !== 'tsg';
		save();
		if (tab === 'tsg') {
			if (!tsgRequested && ladder) {
				// computed on demand: most people open the ladder only
				tsgRequested = true;
				$('tsg-summary').textContent = 'Computing the time-sequence graph…';
				vscode.postMessage({ type: 'tsg' });
			}
			drawTsg();
		} else {
			scheduleDraw();
		}
	}
	$('tab-ladder').addEventListener('click', () => setTab('ladder'));
	$('tab-tsg').addEventListener('click', () => setTab('tsg'));

	// ------------------------------------------------------------------ exports
	$('export-svg').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'svg' }));
	$('export-mermaid').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'mermaid' }));
	$('export-ascii').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'ascii' }));
	$('export-png').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'png-request' }));
	/** Rasterises the extension's SVG on a canvas (canvas height is limited: very long ladders are cut). */
	function svgToPng(/** @type {string} */ svgText, /** @type {boolean} */ test) {
		const MAX = 16000;
		const blob = new Blob([svgText], { type: 'image/svg+xml' });
		const url = URL.createObjectURL(blob);
		const img = new Image();
		img.onload = () => {
			const w = img.naturalWidth || 800;
			const h = Math.min(img.naturalHeight || 600, MAX);
			const canvas = document.createElement('canvas');
			canvas.width = w;
			canvas.height = h;
			const ctx = canvas.getContext('2d');
			if (ctx) {
				ctx.drawImage(img, 0, 0);
			}
			URL.revokeObjectURL(url);
			if (img.naturalHeight > MAX) {
				status.textContent = `PNG cut at ${MAX} px (the whole ladder is ${img.naturalHeight} px): use SVG for all of it.`;
			}
			vscode.postMessage({ type: 'export', format: 'png', data: canvas.toDataURL('image/png'), test });
		};
		img.onerror = () => {
			URL.revokeObjectURL(url);
			vscode.postMessage({ type: 'export', format: 'png', data: '', test });
		};
		img.src = url;
	}

	// ------------------------------------------------------------------ time-sequence graph (canvas)
	const canvas = /** @type {HTMLCanvasElement} */ ($('tsg-canvas'));
	const dirSelect = /** @type {HTMLSelectElement} */ ($('tsg-direction'));
	/** @type {{t0:number,t1:number,s0:number,s1:number}|null} */
	let view = null;
	const PAD = { left: 90, right: 16, top: 12, bottom: 36 };

	function css(/** @type {string} */ name, /** @type {string} */ fallback) {
		const v = getComputedStyle(document.body).getPropertyValue(name).trim();
		return v || fallback;
	}
	function currentTsg() {
		return tsgs[state.tsgDirection] || tsgs[0];
	}
	function windowMax(/** @type {any} */ g) {
		let m = -Infinity;
		for (const a of g.acks) {
			if (a.windowEdge !== undefined && a.windowEdge > m) {
				m = a.windowEdge;
			}
		}
		return m;
	}
	/** The whole graph; the window edge too when it is near the data (or asked for), else it would flatten the data. */
	function fitView(/** @type {any} */ g, /** @type {boolean=} */ withWindow) {
		let s1 = g.seqMax;
		const w = windowMax(g);
		if (w > s1 && (withWindow || w - g.seqMin <= 4 * Math.max(1, g.seqMax - g.seqMin))) {
			s1 = w;
		}
		const dt = g.timeMax || 1;
		const ds = Math.max(1, s1 - g.seqMin);
		return { t0: -dt * 0.03, t1: g.timeMax + dt * 0.03, s0: g.seqMin - ds * 0.05, s1: s1 + ds * 0.1 };
	}
	function niceStep(/** @type {number} */ range, /** @type {number} */ target) {
		const raw = range / Math.max(1, target);
		const p = Math.pow(10, Math.floor(Math.log10(raw)));
		const m = raw / p;
		return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
	}
	function drawTsg() {
		const g = currentTsg();
		const rect = canvas.getBoundingClientRect();
		const dpr = window.devicePixelRatio || 1;
		canvas.width = Math.max(1, Math.floor(rect.width * dpr));
		canvas.height = Math.max(1, Math.floor(rect.height * dpr));
		const ctx = canvas.getContext('2d');
		if (!ctx || !g) {
			return;
		}
		if (!view) {
			view = state.tsgView || fitView(g);
		}
		const v = view;
		ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
		const W = rect.width;
		const H = rect.height;
		ctx.clearRect(0, 0, W, H);
		const fg = css('--vscode-editor-foreground', '#888');
		const dim = css('--vscode-descriptionForeground', '#888');
		const font = css('--vscode-editor-font-family', 'monospace');
		const X = (/** @type {number} */ t) => PAD.left + (t - v.t0) / (v.t1 - v.t0) * (W - PAD.left - PAD.right);
		const Y = (/** @type {number} */ s) => H - PAD.bottom - (s - v.s0) / (v.s1 - v.s0) * (H - PAD.top - PAD.bottom);
		ctx.font = `11px ${font}`;
		// axes and grid
		ctx.strokeStyle = dim;
		ctx.fillStyle = dim;
		ctx.lineWidth = 1;
		ctx.globalAlpha = 0.35;
		const ts = niceStep(v.t1 - v.t0, W / 110);
		for (let t = Math.ceil(v.t0 / ts) * ts; t <= v.t1; t += ts) {
			ctx.beginPath(); ctx.moveTo(X(t), PAD.top); ctx.lineTo(X(t), H - PAD.bottom); ctx.stroke();
		}
		const ss = niceStep(v.s1 - v.s0, H / 50);
		for (let s = Math.ceil(v.s0 / ss) * ss; s <= v.s1; s += ss) {
			ctx.beginPath(); ctx.moveTo(PAD.left, Y(s)); ctx.lineTo(W - PAD.right, Y(s)); ctx.stroke();
		}
		ctx.globalAlpha = 1;
		ctx.textAlign = 'center';
		for (let t = Math.ceil(v.t0 / ts) * ts; t <= v.t1; t += ts) {
			ctx.fillText(g.timed ? (ts < 1 ? `${+(t * 1000).toFixed(3)} ms` : `${+t.toFixed(3)} s`) : `#${Math.round(t) + 1}`, X(t), H - PAD.bottom + 14);
		}
		ctx.fillText(g.timed ? 'time since the first packet' : 'packet (no timestamps)', (PAD.left + W - PAD.right) / 2, H - 6);
		ctx.textAlign = 'right';
		for (let s = Math.ceil(v.s0 / ss) * ss; s <= v.s1; s += ss) {
			ctx.fillText(String(Math.round(s)), PAD.left - 6, Y(s) + 4);
		}
		ctx.save();
		ctx.beginPath();
		ctx.rect(PAD.left, PAD.top, W - PAD.left - PAD.right, H - PAD.top - PAD.bottom);
		ctx.clip();
		// window edge and ACK line (steps: each holds until the next ACK)
		const step = (/** @type {(a:any)=>number|undefined} */ value, /** @type {string} */ colour) => {
			ctx.strokeStyle = colour;
			ctx.lineWidth = 1.5;
			ctx.beginPath();
			let started = false;
			let prevY = 0;
			for (const a of g.acks) {
				const val = value(a);
				if (val === undefined) {
					continue;
				}
				const x = X(a.time);
				const y = Y(val);
				if (!started) {
					ctx.moveTo(x, y);
					started = true;
				} else {
					ctx.lineTo(x, prevY);
					ctx.lineTo(x, y);
				}
				prevY = y;
			}
			if (started) {
				ctx.lineTo(X(g.timeMax), prevY);
			}
			ctx.stroke();
		};
		step(a => a.windowEdge, css('--vscode-charts-yellow', '#cca700'));
		step(a => a.ack, css('--vscode-charts-green', '#388a34'));
		// SACK blocks, dup ACKs, zero windows
		for (const a of g.acks) {
			const x = X(a.time);
			if (a.sack.length) {
				ctx.strokeStyle = css('--vscode-charts-purple', '#652d90');
				ctx.lineWidth = 3;
				for (const b of a.sack) {
					ctx.beginPath(); ctx.moveTo(x, Y(b.left)); ctx.lineTo(x, Y(b.right)); ctx.stroke();
				}
			}
			if (a.duplicate) {
				ctx.fillStyle = fg;
				ctx.textAlign = 'center';
				ctx.fillText('D', x, Y(a.ack) + 13);
			}
			if (a.zeroWindow) {
				ctx.fillStyle = css('--vscode-charts-orange', '#d18616');
				ctx.beginPath(); ctx.moveTo(x, Y(a.ack) - 2); ctx.lineTo(x - 5, Y(a.ack) - 11); ctx.lineTo(x + 5, Y(a.ack) - 11); ctx.fill();
				ctx.textAlign = 'center';
				ctx.fillText('ZW', x, Y(a.ack) - 14);
			}
		}
		// segments: vertical bars with caps (tcptrace's I-beams)
		for (const s of g.segments) {
			const x = X(s.time);
			const ya = Y(s.start);
			const yb = Y(s.end);
			const colour = s.kind === 'retransmission' ? css('--vscode-charts-red', '#e51400')
				: s.kind === 'probe' ? css('--vscode-charts-orange', '#d18616') : css('--vscode-charts-blue', '#1a85ff');
			ctx.strokeStyle = colour;
			ctx.lineWidth = s.kind === 'retransmission' ? 2.5 : 1.5;
			ctx.beginPath();
			ctx.moveTo(x, ya); ctx.lineTo(x, yb);
			ctx.moveTo(x - 3, ya); ctx.lineTo(x + 3, ya);
			ctx.moveTo(x - 3, yb); ctx.lineTo(x + 3, yb);
			ctx.stroke();
			if (s.kind === 'retransmission') {
				ctx.fillStyle = colour;
				ctx.textAlign = 'left';
				ctx.fillText('R', x + 5, yb + 4);
			}
		}
		ctx.restore();
		const w = windowMax(g);
		if (w > v.s1) {
			ctx.fillStyle = css('--vscode-charts-yellow', '#cca700');
			ctx.textAlign = 'right';
			ctx.fillText(`▲ window edge up to ${Math.round(w)}, above the view (W or "Fit window")`, W - PAD.right - 4, PAD.top + 12);
		}
		const summary = $('tsg-summary');
		summary.textContent = `${g.from} → ${g.to}: ${g.segments.length} segments, ${g.bytes} bytes, ${g.retransmittedBytes} retransmitted; ` +
			`${g.acks.length} ACKs (${g.acks.filter((/** @type {any} */ a) => a.duplicate).length} dup, ${g.acks.filter((/** @type {any} */ a) => a.zeroWindow).length} zero window); ` +
			`window ${g.windowScaling === 'scaled' ? `scaled ×${Math.pow(2, g.windowShift)}` : g.windowScaling === 'unscaled' ? 'unscaled' : 'as printed (handshake not captured, scale unknown)'}.`;
		canvas.setAttribute('aria-label', `Time-sequence graph, ${summary.textContent} Wheel zooms, drag pans, click reveals a segment's line.`);
	}

	/** The segment or ACK nearest to a point, within 8 px. */
	function hitTsg(/** @type {number} */ px, /** @type {number} */ py) {
		const g = currentTsg();
		if (!g || !view) {
			return undefined;
		}
		const rect = canvas.getBoundingClientRect();
		const W = rect.width;
		const H = rect.height;
		const v = view;
		const X = (/** @type {number} */ t) => PAD.left + (t - v.t0) / (v.t1 - v.t0) * (W - PAD.left - PAD.right);
		const Y = (/** @type {number} */ s) => H - PAD.bottom - (s - v.s0) / (v.s1 - v.s0) * (H - PAD.top - PAD.bottom);
		let best;
		let bestD = 8;
		for (const s of g.segments) {
			const dx = Math.abs(X(s.time) - px);
			const yTop = Math.min(Y(s.start), Y(s.end));
			const yBot = Math.max(Y(s.start), Y(s.end));
			const dy = py < yTop ? yTop - py : py > yBot ? py - yBot : 0;
			const d = Math.max(dx, dy);
			if (d < bestD) {
				bestD = d;
				best = s;
			}
		}
		for (const a of g.acks) {
			const d = Math.max(Math.abs(X(a.time) - px), Math.abs(Y(a.ack) - py));
			if (d < bestD) {
				bestD = d;
				best = a;
			}
		}
		return best;
	}

	let drag = /** @type {{x:number,y:number,view:any,moved:boolean}|null} */ (null);
	canvas.addEventListener('wheel', e => {
		if (!view) {
			return;
		}
		e.preventDefault();
		const rect = canvas.getBoundingClientRect();
		const fx = (e.clientX - rect.left - PAD.left) / (rect.width - PAD.left - PAD.right);
		const fy = 1 - (e.clientY - rect.top - PAD.top) / (rect.height - PAD.top - PAD.bottom);
		const k = e.deltaY > 0 ? 1.25 : 0.8;
		const t = view.t0 + fx * (view.t1 - view.t0);
		const s = view.s0 + fy * (view.s1 - view.s0);
		// Shift: time only; Alt: sequence only
		const kt = e.altKey ? 1 : k;
		const ks = e.shiftKey ? 1 : k;
		view = { t0: t - (t - view.t0) * kt, t1: t + (view.t1 - t) * kt, s0: s - (s - view.s0) * ks, s1: s + (view.s1 - s) * ks };
		state.tsgView = view;
		save();
		drawTsg();
	}, { passive: false });
	canvas.addEventListener('mousedown', e => {
		drag = { x: e.clientX, y: e.clientY, view, moved: false };
	});
	window.addEventListener('mouseup', e => {
		if (drag && !drag.moved) {
			const rect = canvas.getBoundingClientRect();
			const hit = hitTsg(e.clientX - rect.left, e.clientY - rect.top);
			if (hit) {
				vscode.postMessage({ type: 'reveal', line: hit.line });
				const i = arrowOfPacket.get(hit.packet);
				if (i !== undefined) {
					state.selected = i;
					status.textContent = describe(ladder.arrows[i]);
					save();
				}
			}
		}
		drag = null;
	});
	window.addEventListener('mousemove', e => {
		if (drag && view && drag.view) {
			const rect = canvas.getBoundingClientRect();
			const dx = (e.clientX - drag.x) / (rect.width - PAD.left - PAD.right) * (drag.view.t1 - drag.view.t0);
			const dy = (e.clientY - drag.y) / (rect.height - PAD.top - PAD.bottom) * (drag.view.s1 - drag.view.s0);
			if (Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 3) {
				drag.moved = true;
			}
			view = { t0: drag.view.t0 - dx, t1: drag.view.t1 - dx, s0: drag.view.s0 + dy, s1: drag.view.s1 + dy };
			state.tsgView = view;
			drawTsg();
			return;
		}
		if (e.target === canvas) {
			const rect = canvas.getBoundingClientRect();
			const hit = hitTsg(e.clientX - rect.left, e.clientY - rect.top);
			const i = hit ? arrowOfPacket.get(hit.packet) : undefined;
			if (i !== undefined) {
				showTooltip(i, e.clientX, e.clientY);
			} else {
				tooltip.hidden = true;
			}
		}
	});
	canvas.addEventListener('keydown', e => {
		if (!view) {
			return;
		}
		const dt = (view.t1 - view.t0) * 0.1;
		const ds = (view.s1 - view.s0) * 0.1;
		const v = view;
		switch (e.key) {
			case 'ArrowLeft': view = { ...v, t0: v.t0 - dt, t1: v.t1 - dt }; break;
			case 'ArrowRight': view = { ...v, t0: v.t0 + dt, t1: v.t1 + dt }; break;
			case 'ArrowUp': view = { ...v, s0: v.s0 + ds, s1: v.s1 + ds }; break;
			case 'ArrowDown': view = { ...v, s0: v.s0 - ds, s1: v.s1 - ds }; break;
			case '+': case '=': view = { t0: v.t0 + dt, t1: v.t1 - dt, s0: v.s0 + ds, s1: v.s1 - ds }; break;
			case '-': view = { t0: v.t0 - dt, t1: v.t1 + dt, s0: v.s0 - ds, s1: v.s1 + ds }; break;
			case '0': view = fitView(currentTsg()); break;
			case 'w': case 'W': view = fitView(currentTsg(), true); break;
			default: return;
		}
		e.preventDefault();
		state.tsgView = view;
		save();
		drawTsg();
	});
	canvas.addEventListener('dblclick', () => {
		view = fitView(currentTsg());
		state.tsgView = null;
		save();
		drawTsg();
	});
	$('tsg-window').addEventListener('click', () => {
		view = fitView(currentTsg(), true);
		state.tsgView = view;
		save();
		drawTsg();
	});
	$('tsg-reset').addEventListener('click', () => {
		view = fitView(currentTsg());
		state.tsgView = null;
		save();
		drawTsg();
	});
	dirSelect.addEventListener('change', () => {
		state.tsgDirection = Number(dirSelect.value);
		view = fitView(currentTsg());
		state.tsgView = null;
		save();
		drawTsg();
	});

	// the canvas takes its colours from the theme when it draws: a theme change (VS Code sets the
	// body's class and the --vscode-* variables on <html>) draws it again
	new MutationObserver(() => {
		if (state.tab === 'tsg') {
			drawTsg();
		}
	}).observe(document.body, { attributes: true, attributeFilter: ['class'] });
	new MutationObserver(() => {
		if (state.tab === 'tsg') {
			drawTsg();
		}
	}).observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });

	// ------------------------------------------------------------------ messages from the extension
	window.addEventListener('message', e => {
		const m = e.data;
		if (!m || typeof m !== 'object') {
			return;
		}
		switch (m.type) {
			case 'show': {
				const receivedAt = Date.now();
				const started = performance.now();
				const first = !ladder;
				ladder = decodeWire(m.ladder);
				const decodeMs = performance.now() - started;
				lineTexts.clear();
				if (m.target && typeof m.target.uri === 'string') {
					if (state.uri !== undefined && (state.uri !== m.target.uri || state.connection !== m.target.connection)) {
						// another connection than the one saved: its scroll position means nothing here
						state.scrollTop = 0;
						state.selected = -1;
					}
					state.uri = m.target.uri;
					state.connection = m.target.connection;
				}
				tsgs = [];
				tsgRequested = false;
				arrowOfPacket = new Map(ladder.arrows.map((/** @type {any} */ a) => [a.packet, a.index]));
				x0 = G.axisWidth + G.margin;
				x1 = x0 + span();
				zoomInput.value = String(state.zoom);
				if (state.textView) {
					setTextView(true);
				}
				textList.replaceChildren();
				if (state.textView) {
					buildTextList();
				}
				redrawAll();
				drawLadder();
				if (first) {
					scroll.scrollTop = state.scrollTop;
					drawLadder();
				}
				const drawMs = performance.now() - started - decodeMs;
				view = state.tsgView;
				setTab(state.tab);
				status.textContent = `${ladder.arrows.length} packets · ${ladder.left} ⇄ ${ladder.right}${ladder.handshakeNote ? ` · ${ladder.handshakeNote}` : ''} · arrow keys move, Enter reveals the line`;
				save();
				// after the frame that shows it: the time the user waited
				requestAnimationFrame(() => setTimeout(() => {
					const timing = Object.assign({}, m.timing || {}, {
						receivedAt, decodeMs, drawMs, paintedAt: Date.now(),
						longestTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
					});
					scroll.setAttribute('data-open-timing', JSON.stringify(timing));
					vscode.postMessage({ type: 'shown', timing, state: { tab: state.tab, selected: state.selected, zoom: state.zoom, scrollTop: state.scrollTop, textView: state.textView } });
				}, 0));
				break;
			}
			case 'lineText':
				if (typeof m.arrow === 'number' && typeof m.text === 'string') {
					lineTexts.set(m.arrow, m.text);
					if (tooltipArrow === m.arrow && !tooltip.hidden) {
						showTooltip(m.arrow, tooltipX, tooltipY);
					}
				}
				break;
			case 'tsg':
				tsgs = Array.isArray(m.tsg) ? m.tsg : [];
				if (state.tsgDirection < 0 || state.tsgDirection >= tsgs.length) {
					// the direction carrying more data
					state.tsgDirection = tsgs.length > 1 && tsgs[1].bytes > tsgs[0].bytes ? 1 : 0;
				}
				dirSelect.replaceChildren(...tsgs.map((/** @type {any} */ g, /** @type {number} */ i) => {
					const o = document.createElement('option');
					o.value = String(i);
					o.textContent = `${g.from} → ${g.to} (${g.bytes} B)`;
					o.selected = i === state.tsgDirection;
					return o;
				}));
				if (state.tab === 'tsg') {
					drawTsg();
				}
				break;
			case 'highlight':
				if (typeof m.arrow === 'number' && ladder) {
					select(m.arrow, { announce: false });
					vscode.postMessage({ type: 'highlighted', arrow: m.arrow, described: ladder.arrows[m.arrow] ? describe(ladder.arrows[m.arrow]) : undefined });
				}
				break;
			case 'testClick':
				if (typeof m.arrow === 'number' && ladder) {
					clickArrow(m.arrow);
				}
				break;
			case 'svg':
				if (typeof m.svg === 'string') {
					svgToPng(m.svg, m.test === true);
				}
				break;
			case 'testParseSvg':
				if (typeof m.svg === 'string') {
					// the browser's own XML parser: an ill-formed file yields a <parsererror> document
					const doc = new DOMParser().parseFromString(m.svg, 'image/svg+xml');
					vscode.postMessage({ type: 'svgParsed', root: doc.documentElement.nodeName, errors: doc.getElementsByTagName('parsererror').length });
				}
				break;
			case 'gone':
				status.textContent = typeof m.reason === 'string' ? m.reason : 'This connection is no longer in the document.';
				ladder = undefined;
				svg.replaceChildren();
				spacer.style.height = '0px';
				drawnSize = '';
				redrawAll();
				break;
		}
	});
	vscode.postMessage({ type: 'ready' });
})();
