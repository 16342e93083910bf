// Cluster strings go into MarkdownString tooltips: escape them so a crafted name cannot inject
// links or markup (tooltips are never trusted and never enable command links).
import * as vscode from 'vscode';
import { escapeMarkdown } from '../markdownEscape';

/** Builds a tooltip from lines: `**label**: value` with the value escaped. */
export function tooltip(
  title: string,
  rows: readonly (readonly [string, string])[],
  notes: readonly string[] = [],
  noteIcon = 'warning',
  titleIcon?: string,
): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown(`${titleIcon ? `$(${titleIcon}) ` : ''}**${escapeMarkdown(title)}**\n\n`);
  for (const [label, value] of rows) md.appendMarkdown(`${escapeMarkdown(label)}: ${escapeMarkdown(value)}  \n`);
  for (const note of notes) md.appendMarkdown(`\n$(${noteIcon}) ${escapeMarkdown(note)}\n`);
  md.supportThemeIcons = true;
  return md;
}
