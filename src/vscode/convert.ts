/** Core positions (0-based, LSP-shaped) ↔ VS Code's: one line per type. */
import * as vscode from 'vscode';
import type { Position, Span } from '../core/types';

export const toRange = (span: Span): vscode.Range => new vscode.Range(span.line, span.start, span.line, span.end);

export const toCorePosition = (p: vscode.Position): Position => ({ line: p.line, character: p.character });
