/** Turns rendered blocks into the text/plain and text/html parts of an email. */
import type { Block, TableBlock } from './engine';

function tableToText(t: TableBlock): string {
  const all = [t.columns.map((c) => c.title), ...t.rows, ...(t.totals ?? [])];
  const widths = t.columns.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (t.columns[i].align === 'right' ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const totals = t.totals?.length ? [rule, ...t.totals.map(line)] : [];
  return [line(all[0]), rule, ...t.rows.map(line), ...totals].join('\n');
}

export function blocksToText(blocks: Block[]): string {
  return blocks
    .map((b) => (b.kind === 'paragraph' ? b.text : b.kind === 'list' ? b.items.map((i) => `- ${i}`).join('\n') : tableToText(b)))
    .join('\n\n');
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CELL = 'padding:6px 10px;border-bottom:1px solid #d9d9d9;';

function tableToHtml(t: TableBlock): string {
  const align = (i: number) => `text-align:${t.columns[i].align};`;
  const head = t.columns.map((c, i) => `<th style="${CELL}${align(i)}background:#f2f2f2;">${escapeHtml(c.title)}</th>`).join('');
  const row = (cells: string[], bold: boolean) =>
    `<tr>${cells.map((c, i) => `<td style="${CELL}${align(i)}${bold ? 'font-weight:bold;' : ''}">${escapeHtml(c)}</td>`).join('')}</tr>`;
  const body = [...t.rows.map((r) => row(r, false)), ...(t.totals ?? []).map((r) => row(r, true))].join('');
  return `<table style="border-collapse:collapse;margin:12px 0;font-size:14px;"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const paragraphHtml = (text: string) => escapeHtml(text).replace(/\n/g, '<br>\n');

export function blocksToHtml(blocks: Block[], subject: string, lang: string): string {
  const body = blocks
    .map((b) => {
      if (b.kind === 'table') return tableToHtml(b);
      if (b.kind === 'list') return `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
      return b.emphasis ? `<p><strong>${paragraphHtml(b.text)}</strong></p>` : `<p>${paragraphHtml(b.text)}</p>`;
    })
    .join('\n');
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#222;">',
    `<div style="max-width:680px;">\n${body}\n</div>`,
    '</body></html>',
  ].join('\n');
}
