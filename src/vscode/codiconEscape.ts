/**
 * VS Code renders `$(name)` in CodeLens titles, status bar texts and tree labels as an icon. Capture
 * text (host names, anything tcpdump printed) must never do that: a `\` before `$(` makes the workbench
 * print it literally (`renderLabelWithIcons` treats `\$(…)` as escaped and drops the backslash).
 * No `vscode` import, so the unit tests can check it.
 */
export function escapeCodicons(text: string): string {
	return text.replace(/\$\(/g, '\\$(');
}
