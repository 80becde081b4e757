/**
 * A deliberately small template language, so finance can edit the texts without code:
 *   {{name}}                 a variable (missing -> error naming it)
 *   {{#flag}}...{{/flag}}    kept when flag is true / a non-empty value; {{^flag}}...{{/flag}} when it is not
 *   {{> partial}}            another file of templates/<lang>/partials/
 *   **whole paragraph**      an emphasised paragraph (bold in letters and HTML)
 *   - item                   list lines
 * Paragraphs are separated by blank lines. A table variable must stand alone in its paragraph.
 */

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

function lookup(vars: TemplateVars, name: string, where: string): TemplateValue {
  const value = vars[name];
  if (value === undefined || value === null) throw new TemplateError(where, `variable '${name}' has no value`);
  return value;
}

function truthy(v: TemplateValue): boolean {
  if (isTable(v)) return v.rows.length > 0;
  return v !== false && v !== '' && v !== 0;
}

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

const SECTION = /\{\{([#^])\s*(\w+)\s*\}\}([\s\S]*?)\{\{\/\s*\2\s*\}\}/;

/** Resolves sections; tags alone on their line take the line ending with them, so no blank line is left. */
export function expandSections(src: string, vars: TemplateVars, where: string): string {
  let out = src.replace(/^[ \t]*((?:\{\{[#^/]\s*\w+\s*\}\}[ \t]*)+)\n/gm, (_, tags: string) => tags.replace(/[ \t]+/g, ''));
  for (let m = SECTION.exec(out); m; m = SECTION.exec(out)) {
    const [whole, kind, name, inner] = m;
    const keep = truthy(lookup(vars, name, where)) === (kind === '#');
    out = out.slice(0, m.index) + (keep ? inner : '') + out.slice(m.index + whole.length);
  }
  const stray = /\{\{\s*[#^/]\s*(\w+)\s*\}\}/.exec(out);
  if (stray) throw new TemplateError(where, `section '${stray[1]}' is not closed or not opened`);
  return out;
}

/** Replaces `{{name}}` with the text of each value; tables cannot be inlined. */
export function substitute(src: string, vars: TemplateVars, where: string): string {
  return src.replace(/\{\{\s*([A-Za-z_]\w*)\s*\}\}/g, (_, name: string) => {
    const value = lookup(vars, name, where);
    if (isTable(value)) throw new TemplateError(where, `table variable '${name}' must stand alone in its paragraph`);
    return String(value);
  });
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

/** Renders a template body (partials already inlined) into blocks. */
export function renderBlocks(body: string, vars: TemplateVars, where: string): Block[] {
  const expanded = expandSections(body, vars, where);
  const blocks: Block[] = [];
  for (const raw of expanded.split(/\n[ \t]*\n/)) {
    const para = raw.trim();
    if (!para) continue;
    const only = /^\{\{\s*([A-Za-z_]\w*)\s*\}\}$/.exec(para);
    const value = only ? lookup(vars, only[1], where) : undefined;
    if (isTable(value)) {
      if (value.rows.length) blocks.push(value);
      continue;
    }
    const bold = /^\*\*([\s\S]+)\*\*$/.exec(para);
    const text = substitute(bold ? bold[1] : para, vars, where).trim();
    if (text) blocks.push(...paragraphBlocks(text, Boolean(bold)));
  }
  return blocks;
}

/** Renders a one-line text (subjects, labels): sections and variables, whitespace collapsed. */
export function renderLine(src: string, vars: TemplateVars, where: string): string {
  return substitute(expandSections(src, vars, where), vars, where).replace(/\s+/g, ' ').trim();
}
