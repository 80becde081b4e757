/**
 * Call scripts shown in the call brief (domain.md §4): one file per stage and language in
 * templates/<lang>/scripts/. `## Heading` opens a section; `### <objection id>: <what the debtor says>`
 * opens an objection whose text is the suggested answer. Every script answers every objection of
 * domain.md §3, so a collector is never left without a reply.
 */
import { TONES, type Language, type Tone } from '../domain/wire/vocabulary';
import { expandPartials, parseTemplateFile, substitute, TemplateError, type Medium, type TemplateVars } from './engine';
import { readCallScript, readPartial } from './files';

export const CALL_SCRIPT_STAGES = ['pre_due', 'call_1', 'call_2', 'broken_promise', 'creditor_manager'] as const;
export type CallScriptStage = (typeof CALL_SCRIPT_STAGES)[number];

/** The objections heard on calls and the outcome each leads to (domain.md §3). */
export const OBJECTION_IDS = ['not_received', 'cannot_pay', 'invoice_wrong', 'goods_returned', 'customer_not_paid', 'forgot'] as const;
export type ObjectionId = (typeof OBJECTION_IDS)[number];

export interface CallScript {
  stage: CallScriptStage;
  language: Language;
  title: string;
  tone: Tone;
  sections: Array<{ heading: string; text: string }>;
  objections: Array<{ id: ObjectionId; objection: string; answer: string }>;
  /** The whole script as plain text. */
  text: string;
}

/** Values are escaped for `medium`: 'markdown' for the brief file (.md), 'text' for a terminal. */
export function renderCallScript(stage: CallScriptStage, lang: Language, vars: TemplateVars, medium: Medium = 'text'): CallScript {
  const { src, where } = readCallScript(lang, stage);
  const { meta, body } = parseTemplateFile(src, where, ['title', 'tone']);
  if (!meta.title || !TONES.includes(meta.tone as Tone)) throw new TemplateError(where, `front matter needs 'title' and 'tone' (one of ${TONES.join(', ')})`);
  const text = substitute(expandPartials(body, (n) => readPartial(lang, n), where), vars, where, medium)
    .replace(/\n{3,}/g, '\n\n')
    .trim();

  // Collect the lines under each heading, then split headings into sections and objections.
  const parts: Array<{ head: string; lines: string[] }> = [];
  for (const line of text.split('\n')) {
    if (/^#{2,3}\s/.test(line)) parts.push({ head: line, lines: [] });
    else parts[parts.length - 1]?.lines.push(line);
  }
  const sections: CallScript['sections'] = [];
  const objections: CallScript['objections'] = [];
  for (const { head, lines } of parts) {
    const body = lines.join('\n').trim();
    const objection = /^###\s+(\w+):\s*(.+)$/.exec(head);
    if (objection) {
      const id = objection[1] as ObjectionId;
      if (!OBJECTION_IDS.includes(id)) throw new TemplateError(where, `unknown objection '${id}' (expected ${OBJECTION_IDS.join(', ')})`);
      objections.push({ id, objection: objection[2].trim(), answer: body });
    } else {
      sections.push({ heading: head.replace(/^#+\s*/, '').trim(), text: body });
    }
  }
  const missing = OBJECTION_IDS.filter((id) => !objections.some((o) => o.id === id));
  if (missing.length) throw new TemplateError(where, `no answer to the objection(s) ${missing.join(', ')}`);
  return { stage, language: lang, title: meta.title, tone: meta.tone as Tone, sections: sections.filter((s) => s.text), objections, text };
}
