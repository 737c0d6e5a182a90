/**
 * The ladder webview's HTML, kept free of `vscode` imports so a unit test can read the CSP it sets.
 * Scripts run only with this page's nonce; styles come only from the media folder; no inline script,
 * no inline style, no capture text in the HTML (the data arrives by postMessage and is drawn with
 * textContent).
 */

/** A random nonce for the CSP (no Node `crypto`: the web build has none; `Math.random` is enough for a nonce that only has to be unguessable by the page's own content). */
export function makeNonce(): string {
	const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	let s = '';
	for (let i = 0; i < 32; i++) {
		s += chars.charAt(Math.floor(Math.random() * chars.length));
	}
	return s;
}

/** The panel's HTML. Exported for the CSP unit test; no capture text is ever put into it (data goes by message). */
export function ladderHtml(webviewCspSource: string, scriptUri: string, styleUri: string, nonce: string, title: string): string {
	const csp = [
		`default-src 'none'`,
		`img-src ${webviewCspSource} data: blob:`,
		`style-src ${webviewCspSource}`,
		`script-src 'nonce-${nonce}'`,
		`font-src ${webviewCspSource}`,
	].join('; ');
	const safeTitle = title.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${styleUri}" nonce="${nonce}">
<title>${safeTitle}</title>
</head>
<body>
<div class="toolbar" role="toolbar" aria-label="Ladder diagram tools">
  <div class="tabs" role="tablist">
    <button id="tab-ladder" role="tab" aria-selected="true" aria-controls="view-ladder">Ladder</button>
    <button id="tab-tsg" role="tab" aria-selected="false" aria-controls="view-tsg">Time-sequence</button>
  </div>
  <span class="spacer"></span>
  <label class="zoom">Zoom <input id="zoom" type="range" min="0.25" max="4" step="0.25" value="1" aria-label="Vertical zoom"></label>
  <button id="text-view" aria-pressed="false" title="Show the diagram as a text list">Text</button>
  <button id="export-svg" title="Save as SVG">SVG</button>
  <button id="export-png" title="Save as PNG">PNG</button>
  <button id="export-mermaid" title="Copy as Mermaid sequenceDiagram">Mermaid</button>
  <button id="export-ascii" title="Copy as ASCII art">ASCII</button>
</div>
<div id="status" class="status" aria-live="polite"></div>
<main>
  <section id="view-ladder" role="tabpanel" aria-labelledby="tab-ladder">
    <div id="ladder-scroll" class="scroll" tabindex="0" role="application" aria-roledescription="ladder diagram" aria-label="Ladder diagram: arrow keys move from packet to packet, Enter reveals the line">
      <svg id="ladder-svg" class="ladder" xmlns="http://www.w3.org/2000/svg" aria-hidden="true"></svg>
      <div id="ladder-spacer" class="spacer-block"></div>
    </div>
    <ol id="text-list" class="text-list" hidden aria-label="Packets of this connection"></ol>
  </section>
  <section id="view-tsg" role="tabpanel" aria-labelledby="tab-tsg" hidden>
    <div class="tsg-tools">
      <label>Direction <select id="tsg-direction" aria-label="Direction"></select></label>
      <button id="tsg-reset" title="Show all segments and ACKs (0)">Reset zoom</button>
      <button id="tsg-window" title="Include the receive window's right edge (W)">Fit window</button>
      <span class="legend"><span class="key seg">segment</span> <span class="key retr">retransmission</span> <span class="key ack">ACK</span> <span class="key win">window</span> <span class="key sack">SACK</span> <span class="key zw">zero window</span> <span class="key dup">dup ACK</span></span>
    </div>
    <canvas id="tsg-canvas" class="tsg" tabindex="0" role="img" aria-label="Time-sequence graph: wheel zooms, drag pans, click reveals a segment's line"></canvas>
    <p id="tsg-summary" class="tsg-summary"></p>
  </section>
</main>
<div id="tooltip" class="tooltip" role="tooltip" hidden></div>
<script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}


/** The document and connection a ladder panel shows, as media/ladder.js saves them with `setState`. */
export interface LadderTarget {
	readonly uri: string;
	readonly connection: number;
}

/**
 * Reads the target out of the state VS Code hands back when it restores a panel after a reload
 * (`deserializeWebviewPanel`). The state is whatever the page last saved: anything that is not a
 * URI string and a connection index (a non-negative integer) gives undefined, never a guess.
 * Example: `{ uri: 'file:///w/a.tcpdump', connection: 0, tab: 'ladder', scrollTop: 120, zoom: 1 }`.
 */
export function savedLadderTarget(state: unknown): LadderTarget | undefined {
	if (!state || typeof state !== 'object') {
		return undefined;
	}
	const s = state as { uri?: unknown; connection?: unknown };
	if (typeof s.uri !== 'string' || !/^[a-z][\w+.-]*:/i.test(s.uri) || s.uri.length > 8192) {
		return undefined;
	}
	if (typeof s.connection !== 'number' || !Number.isInteger(s.connection) || s.connection < 0) {
		return undefined;
	}
	return { uri: s.uri, connection: s.connection };
}
