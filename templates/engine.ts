/**
 * The template language finance edits, rendered by mustache (a maintained, spec-conformant engine):
 *   {{name}}                 a variable (missing -> error naming it), escaped for the medium
 *   {{#flag}}...{{/flag}}    kept when flag is true / a non-empty value; {{^flag}}...{{/flag}} when it is not
 *   {{> partial}}            another file of templates/<lang>/partials/
 *   **whole paragraph**      an emphasised paragraph (bold in letters and HTML)
 *   - item                   list lines
 * Paragraphs are separated by blank lines. A table variable must stand alone in its paragraph.
 *
 * What stays hand-made here, and why: the front matter (a few `key: value` lines, with the keys
 * checked), the inlining of partials (plain file inclusion whose trailing newlines are dropped, so
 * a partial never adds a blank line: mustache's standalone-partial rules would change the texts),
 * and "section tags alone on their line take the line ending with them" (mustache does it for one
 * tag per line only; the templates put two on a line). The texts are rendered in activities only,
 * never in workflows, so the package's size does not matter.
 */
import Mustache from 'mustache';

export interface TableColumn {
  title: string;
  align: 'left' | 'right';
  /** Relative width in letters (the PDF scales the weights to the page). */
  weight: number;
}
export interface TableBlock {
  kind: 'table';
  columns: TableColumn[];
  rows: string[][];
  /** Rows printed in bold under the others (totals). */
  totals?: string[][];
}
export type Block = { kind: 'paragraph'; text: string; emphasis?: boolean } | { kind: 'list'; items: string[] } | TableBlock;

export type TemplateValue = string | number | boolean | TableBlock;
export type TemplateVars = Record<string, TemplateValue | undefined>;

export class TemplateError extends Error {
  constructor(where: string, message: string) {
    super(`template ${where}: ${message}`);
    this.name = 'TemplateError';
  }
}

const isTable = (v: TemplateValue | undefined): v is TableBlock => typeof v === 'object' && v !== null && v.kind === 'table';

export interface ParsedTemplate {
  meta: Record<string, string>;
  body: string;
}

/** Splits the `---` front matter (`key: value` lines) from the body; only `allowedKeys` are accepted. */
export function parseTemplateFile(src: string, where: string, allowedKeys: readonly string[]): ParsedTemplate {
  const text = src.replace(/\r\n/g, '\n');
  const m = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  if (!m) return { meta: {}, body: text };
  const meta: Record<string, string> = {};
  for (const line of m[1].split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const kv = /^([A-Za-z_]+):\s*(.*)$/.exec(line);
    if (!kv) throw new TemplateError(where, `front matter line is not 'key: value': ${line}`);
    if (!allowedKeys.includes(kv[1])) throw new TemplateError(where, `unknown front matter key '${kv[1]}' (expected ${allowedKeys.join(', ')})`);
    meta[kv[1]] = kv[2].trim();
  }
  return { meta, body: m[2] };
}

/** Inlines `{{> name}}` partials (which may hold partials themselves, a few levels deep). */
export function expandPartials(src: string, readPartial: (name: string) => string, where: string, depth = 0): string {
  if (depth > 5) throw new TemplateError(where, 'partials nested more than 5 levels (a partial includes itself?)');
  return src.replace(/\{\{>\s*([\w-]+)\s*\}\}/g, (_, name: string) =>
    expandPartials(readPartial(name).replace(/\n+$/, ''), readPartial, `${where} > ${name}`, depth + 1),
  );
}

/**
 * Where a rendered text goes decides how values are escaped (issue #14):
 * - text: messages laid out as blocks; each output escapes at its edge (blocksToHtml for the HTML
 *   part, PDF draws text), so values keep their characters, control characters removed;
 * - markdown: call briefs written as .md, so a contact name cannot become a link or a heading;
 * - html: a template rendered straight into HTML.
 */
export type Medium = 'text' | 'markdown' | 'html';

const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const MD_SPECIAL = /[\\`*_{}[\]()<>#+.!|~&:$]/g;
const TABLE_MARK = '\u0000table:';

const ESCAPERS: Record<Medium, (s: string) => string> = {
  text: (s) => s.replace(CONTROLS, ''),
  markdown: (s) => s.replace(CONTROLS, '').replace(/\r?\n/g, ' ').replace(MD_SPECIAL, (c) => `\\${c}`),
  html: (s) => s.replace(CONTROLS, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
};

/** A lookup that fails loudly: a variable without a value names the template and the variable. */
class StrictContext extends Mustache.Context {
  constructor(
    view: unknown,
    parent: Mustache.Context | undefined,
    private readonly where: string,
  ) {
    super(view, parent);
  }
  override push(view: unknown): Mustache.Context {
    return new StrictContext(view, this, this.where);
  }
  override lookup(name: string): unknown {
    const value: unknown = super.lookup(name);
    if (value === undefined || value === null) throw new TemplateError(this.where, `variable '${name}' has no value`);
    return value;
  }
}

/**
 * Section tags alone on their line (one or several) take the line ending with them, so no blank
 * line is left. A KEEP mark then holds each such tag on its new line, so that mustache's own
 * standalone rule (one tag alone between two line ends) does not remove a line ending a second
 * time; the marks are dropped after rendering (values cannot hold it: control characters go).
 */
const KEEP = '\u0001';
function standaloneTags(src: string): string {
  return src.replace(/^[ \t]*((?:\{\{[#^/]\s*\w+\s*\}\}[ \t]*)+)\n/gm, (_, tags: string) => `${tags.replace(/[ \t]+/g, '')}${KEEP}`);
}

/** Tables become a marker (empty when they have no row, so sections on them read as false). */
function viewOf(vars: TemplateVars): Record<string, string | number | boolean | undefined> {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, isTable(v) ? (v.rows.length ? `${TABLE_MARK}${k}\u0000` : '') : v]));
}

/** Sections and variables rendered by mustache, each value escaped for `medium`. */
export function renderText(src: string, vars: TemplateVars, where: string, medium: Medium = 'text'): string {
  const escape = ESCAPERS[medium];
  const template = standaloneTags(src);
  // A Context given as the view is used as is (mustache.js), so every lookup is strict.
  const context = new StrictContext(viewOf(vars), undefined, where);
  try {
    const out = Mustache.render(template, context, undefined, {
      // A table's marker passes as is (values cannot hold NUL: refused at import, stripped here).
      escape: (value: unknown) => (typeof value === 'string' && value.startsWith(TABLE_MARK) ? value : escape(String(value))),
    });
    return out.split(KEEP).join('');
  } catch (err) {
    if (err instanceof TemplateError) throw err;
    const message = (err as Error).message;
    throw new TemplateError(where, message.replace(/^Unclosed section "(\w+)".*/s, "section '$1' is not closed").replace(/^Unopened section "(\w+)".*/s, "section '$1' is not opened"));
  }
}

/** Replaces `{{name}}` with the text of each value; tables cannot be inlined. */
export function substitute(src: string, vars: TemplateVars, where: string, medium: Medium = 'text'): string {
  const out = renderText(src, vars, where, medium);
  const table = new RegExp(`${TABLE_MARK}(\\w+)\u0000`).exec(out);
  if (table) throw new TemplateError(where, `table variable '${table[1]}' must stand alone in its paragraph`);
  return out;
}

/** Turns a paragraph into blocks: runs of `- ` lines become lists, the other lines stay text. */
function paragraphBlocks(text: string, emphasis: boolean): Block[] {
  const blocks: Block[] = [];
  let prose: string[] = [];
  let items: string[] = [];
  const flush = () => {
    if (prose.length) blocks.push({ kind: 'paragraph', text: prose.join('\n'), ...(emphasis ? { emphasis } : {}) });
    if (items.length) blocks.push({ kind: 'list', items });
    prose = [];
    items = [];
  };
  for (const line of text.split('\n')) {
    const item = /^\s*- (.*)$/.exec(line);
    if (item) {
      if (prose.length) flush();
      items.push(item[1]);
    } else {
      if (items.length) flush();
      prose.push(line.trimEnd());
    }
  }
  flush();
  return blocks;
}

/** Renders a template body (partials already inlined) into blocks; values escaped for text (each output escapes at its edge). */
export function renderBlocks(body: string, vars: TemplateVars, where: string): Block[] {
  const rendered = renderText(body, vars, where);
  const blocks: Block[] = [];
  for (const raw of rendered.split(/\n[ \t]*\n/)) {
    const para = raw.trim();
    if (!para) continue;
    const only = new RegExp(`^${TABLE_MARK}(\\w+)\u0000$`).exec(para);
    if (only) {
      const value = vars[only[1]];
      if (isTable(value)) blocks.push(value);
      continue;
    }
    const stray = new RegExp(`${TABLE_MARK}(\\w+)\u0000`).exec(para);
    if (stray) throw new TemplateError(where, `table variable '${stray[1]}' must stand alone in its paragraph`);
    const bold = /^\*\*([\s\S]+)\*\*$/.exec(para);
    const text = (bold ? bold[1] : para).trim();
    if (text) blocks.push(...paragraphBlocks(text, Boolean(bold)));
  }
  return blocks;
}

/** Renders a one-line text (subjects, labels): sections and variables, whitespace collapsed. */
export function renderLine(src: string, vars: TemplateVars, where: string, medium: Medium = 'text'): string {
  return substitute(src, vars, where, medium).replace(/\s+/g, ' ').trim();
}
