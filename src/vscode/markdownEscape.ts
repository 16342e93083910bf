// The one escaper for text from a cluster or a manifest put into a MarkdownString (tree
// tooltips, lint hovers): a crafted name or value cannot inject links, markup or HTML. Plain
// TypeScript (no vscode import), so it is tested in plain Node.

/** Every character CommonMark gives a meaning to where names and CIDRs can put it, ~ (strikethrough) included. */
const special = /[\\`*_{}[\]()#+\-.!|<>~&]/g;

/** The text escaped, on one line (a newline would end a table row or a list item). */
export const escapeMarkdown = (text: string): string => text.replace(special, (c) => `\\${c}`).replace(/\n/g, ' ');
