/**
 * Issue #14: every debtor-provided string is escaped for the medium it lands in — terminal (control
 * characters stripped), Markdown (call brief files), HTML (emails), CSV (formula prefixes) — and
 * the template engine escapes per medium.
 */
import { marked } from 'marked';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listCsv, type ListedInvoice } from '../../client/commands/list';
import { csvCell, note, print, printJson, printTable } from '../../client/output';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { callBriefText } from '../../templates/call-brief';
import { renderText } from '../../templates/engine';
import { callTask, viewOf } from '../helpers/view';

const ESC_NAME = '\u001b[2J\u001b[HAcme \u001b]8;;https://evil.example\u0007pay\u001b]8;;\u0007 \u009b31m SARL';
afterEach(() => vi.restoreAllMocks());

function captured(fn: () => void): string {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (out.push(String(chunk)), true));
  fn();
  return out.join('\n');
}

describe('terminal: list, status, brief never pass control sequences through', () => {
  it('strips ESC, OSC and C1 sequences from tables, lines and notes', () => {
    const text = captured(() => {
      printTable([{ header: 'DEBTOR', value: (r: { name: string }) => r.name }], [{ name: ESC_NAME }]);
      print(`status of ${ESC_NAME}`);
      note(`warning: ${ESC_NAME}`);
    });
    expect(text).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(text).toContain('Acme ]8;;https://evil.example');
  });

  it('keeps JSON valid and inert', () => {
    const text = captured(() => printJson({ name: ESC_NAME }));
    expect(text).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(JSON.parse(text)).toEqual({ name: ESC_NAME });
  });
});

describe('CSV written by the product (dunning list --csv)', () => {
  it('neutralises formula prefixes so a spreadsheet shows text', () => {
    expect(csvCell('=HYPERLINK("https://evil.example","Pay")')).toBe(`"'=HYPERLINK(""https://evil.example"",""Pay"")"`);
    expect(['+1+1', '-1+1', '@SUM(A1)', '\t=1'].map(csvCell)).toEqual(["'+1+1", "'-1+1", "'@SUM(A1)", "'\t=1"]);
    expect(csvCell(-12.5)).toBe('-12.5');
    const row: ListedInvoice = { invoiceId: 'INV-1', workflowId: 'dunning-INV-1', status: 'RUNNING', debtorName: '=cmd|" /C calc"!A0', amountDue: 1234.56, callTaskOpen: false };
    const [, line] = listCsv([row]).split('\r\n');
    expect(line.startsWith('INV-1,,"\'=cmd|"" /C calc""!A0",RUNNING')).toBe(true);
  });
});

describe('Markdown: the call brief file', () => {
  const hostile = '<a href="https://evil.example/pay">Click to pay</a>';
  const view = viewOf(
    { openTask: callTask() },
    {
      description: '# Pay now\n- [here](https://evil.example)\n<img src="https://evil.example/x.png">',
      debtor: {
        debtorId: 'CUST-1',
        name: `Acme ${hostile}`,
        contacts: [{ name: `Claire ${hostile}`, role: 'accounts_payable', email: 'ap@acme.example', phone: '+33 1 99 00 45 67' }],
      },
    },
  );

  it('escapes every debtor-provided string of the .md file, script values included', () => {
    const md = callBriefText(view, 'fr', DEFAULT_CREDITOR, 'markdown');
    const html = marked.parse(md, { async: false, gfm: true });
    expect(html).not.toMatch(/<a[\s>]|<img[\s>]/);
    expect(html).toContain('Click to pay');
    // The only headings are the brief's own: its title and its sections (a debtor string never becomes one).
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toMatch(/^<h1>Fiche d&#39;appel · INV-2027-001 · /);
    const sections = [...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => m[1]);
    expect(sections.slice(0, 4)).toEqual(['Objectif de l&#39;appel', 'Contacts', 'Facture', 'Montants']);
    expect(sections.every((h) => !h.includes('evil'))).toBe(true);
    // Each field keeps its own line.
    expect(html).toContain('<br>tâche:');
  });

  it('prints the same brief as plain text for the terminal', () => {
    expect(callBriefText(view, 'fr', DEFAULT_CREDITOR, 'text')).toContain(`Claire ${hostile}`);
  });
});

describe('template engine: escaping per medium', () => {
  const vars = { name: '<a href="x">Pay</a> *now* \u001b[2J', flag: true };
  it.each([
    ['text', 'Bonjour <a href="x">Pay</a> *now* [2J'],
    ['html', 'Bonjour &lt;a href=&quot;x&quot;&gt;Pay&lt;/a&gt; *now* [2J'],
    ['markdown', 'Bonjour \\<a href="x"\\>Pay\\</a\\> \\*now\\* \\[2J'],
  ] as const)('%s', (medium, expected) => {
    expect(renderText('{{#flag}}Bonjour {{name}}{{/flag}}', vars, 'test', medium)).toBe(expected);
  });

  it('still fails loudly on a variable without a value, and on an unclosed section', () => {
    expect(() => renderText('Bonjour {{nobody}}', {}, 'fr/x')).toThrow("template fr/x: variable 'nobody' has no value");
    expect(() => renderText('{{#flag}}open', { flag: true }, 'fr/x')).toThrow("template fr/x: section 'flag' is not closed");
  });
});
