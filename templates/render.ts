/**
 * renderTemplate: a message template (templates/<lang>/<id>.md) + variables -> subject, text, HTML,
 * and the blocks the letter PDF lays out. Any placeholder without a value throws, naming the
 * template and the variable: a reminder with a blank amount must never leave.
 */
import { TEMPLATE_IDS, type Language, type TemplateId, type Tone } from '../domain/wire/vocabulary';
import { expandPartials, parseTemplateFile, renderBlocks, renderLine, TemplateError, type Block, type TemplateVars } from './engine';
import { readMessageTemplate, readPartial } from './files';
import { blocksToHtml, blocksToText } from './format';

export { TemplateError } from './engine';
export type { Block, TableBlock, TemplateVars, TemplateValue } from './engine';
export { templateVars, type VarsContext, type VarsInput } from './vars';

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  blocks: Block[];
  /** Letters only: a heading above the subject ("MISE EN DEMEURE"). */
  heading?: string;
  /** Letters only: the dispatch mention ("Lettre recommandée avec accusé de réception"). */
  mention?: string;
}

const MESSAGE_KEYS = ['subject', 'tone', 'heading', 'mention'] as const;

export function renderTemplate(id: TemplateId, lang: Language, vars: TemplateVars, opts: { tone?: Tone } = {}): RenderedMessage {
  if (!TEMPLATE_IDS.includes(id)) throw new TemplateError(`${lang}/${id}`, 'unknown template id');
  const { src, where } = readMessageTemplate(lang, id, opts.tone);
  const { meta, body } = parseTemplateFile(src, where, MESSAGE_KEYS);
  if (!meta.subject) throw new TemplateError(where, "front matter has no 'subject'");
  const subject = renderLine(meta.subject, vars, `${where} (subject)`);
  const blocks = renderBlocks(expandPartials(body, (name) => readPartial(lang, name), where), vars, where);
  return {
    subject,
    text: blocksToText(blocks),
    html: blocksToHtml(blocks, subject, lang),
    blocks,
    ...(meta.heading ? { heading: renderLine(meta.heading, vars, `${where} (heading)`) } : {}),
    ...(meta.mention ? { mention: renderLine(meta.mention, vars, `${where} (mention)`) } : {}),
  };
}
