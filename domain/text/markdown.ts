/**
 * Escaping of debtor-provided text for Markdown: the Web UI renders a run's summary and current
 * details as Markdown (HTML included), and call briefs are .md files. A name holding
 * `<a href=…>Click to pay</a>` or `[pay](https://…)` must read as text, not become a link.
 *
 * Hand-made on purpose: it runs in workflow code (deterministic sandbox, no npm package in the
 * bundle for a one-line function), and CommonMark defines the rule completely: any ASCII
 * punctuation may be backslash-escaped and then reads as itself. Escaped: every character that
 * opens or closes an inline construct (emphasis, code, links, images, raw HTML, entities, GFM
 * tables, strikethrough, math) and the `.` `:` that GFM autolinks need (www.x.com, https://…,
 * a@b.c). Left as they are: - , ; ' " / ? % ^ @ = which mean nothing in the middle of a line
 * (and the Web UI's renderer shows `\@` and `\=` with their backslash: checked in Chromium). Line breaks become spaces, so a value never starts a line of
 * its own (no heading, list, quote or code block).
 */
const SPECIAL = /[\\`*_{}[\]()<>#+.!|~&:$]/g;

export function escapeMarkdown(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(SPECIAL, (c) => `\\${c}`);
}

/** Markdown escaping that keeps line breaks (multi-line free text: notes, dispute details). */
export function escapeMarkdownBlock(s: string): string {
  return s
    .split(/\r?\n/)
    .map((line) => line.replace(SPECIAL, (c) => `\\${c}`).replace(/^\s+/, '').replace(/^-/, '\\-'))
    .join('\n');
}
