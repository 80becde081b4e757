/** The call brief with its script, as the CLI prints it and as the brief file of each call task. */
import { loadCreditorProfile, type CreditorProfile } from '../config/creditor';
import { buildCallBrief, type BriefView, type CallBrief } from '../domain/views/brief';
import { escapeMarkdownBlock } from '../domain/text/markdown';
import type { Lang } from '../domain/money/format';
import { briefText } from './brief-text';
import { CALL_SCRIPT_STAGES, renderCallScript, type CallScript, type CallScriptStage } from './call-scripts';
import type { Medium } from './engine';
import { templateVars } from './vars';

/**
 * The script file for a task: its own script id when a file exists for it, else the nearest
 * stage by kind and tone (a policy may name scripts the templates do not have yet).
 */
export function scriptStageFor(task: CallBrief['task']): CallScriptStage {
  if (!task) return 'call_1';
  if ((CALL_SCRIPT_STAGES as readonly string[]).includes(task.script)) return task.script as CallScriptStage;
  if (task.kind === 'broken_promise') return 'broken_promise';
  if (task.kind === 'pre_due') return 'pre_due';
  return ['firm', 'very_firm', 'formal'].includes(task.tone) ? 'call_2' : 'call_1';
}

export function renderBriefScript(brief: CallBrief, view: BriefView, lang: Lang, creditor: CreditorProfile = loadCreditorProfile(), medium: Medium = 'text'): CallScript {
  const vars = templateVars({ invoice: view.invoice, to: brief.callContact, facts: brief.scriptFacts, language: lang }, creditor);
  return renderCallScript(scriptStageFor(brief.task), lang, vars, medium);
}

/** Every string of the brief escaped (the brief file is Markdown: a contact name must not become a link). */
function escapedForMarkdown(brief: CallBrief): CallBrief {
  const walk = (v: unknown): unknown =>
    typeof v === 'string' ? escapeMarkdownBlock(v)
    : Array.isArray(v) ? v.map(walk)
    : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
    : v;
  // The walk keeps the shape and only rewrites strings.
  return walk(brief) as CallBrief;
}

/**
 * The whole brief, in the debtor's language unless told otherwise, for `medium`: 'text' for the
 * terminal (the CLI strips control characters on output), 'markdown' for the .md brief file, where
 * every debtor-provided string and the script's values are escaped.
 */
export function callBriefText(view: BriefView, lang: Lang = view.invoice.debtor.language, creditor?: CreditorProfile, medium: Medium = 'text'): string {
  const brief = buildCallBrief(view, lang);
  const script = renderBriefScript(brief, view, lang, creditor, medium);
  return briefText(medium === 'markdown' ? escapedForMarkdown(brief) : brief, script, lang);
}
