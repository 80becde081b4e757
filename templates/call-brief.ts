/** The call brief with its script, as the CLI prints it and as the brief file of each call task. */
import { loadCreditorProfile, type CreditorProfile } from '../config/creditor';
import { buildCallBrief, type BriefView, type CallBrief } from '../domain/views/brief';
import { escapeMarkdownBlock } from '../domain/text/markdown';
import { briefText } from './brief-text';
import { CALL_SCRIPT_STAGES, renderCallScript, type CallScript, type CallScriptStage } from './call-scripts';
import type { Medium, TemplateVars } from './engine';
import { word } from './brief-words';
import { formatLongDate, type Lang } from '../domain/money/format';
import { templateVars } from './vars';

/**
 * The script file for a task: its own script id when a file exists for it, else the nearest
 * stage by kind and tone (a policy may name scripts the templates do not have yet). A pre-due
 * script is read only while every invoice of the call is still not due on the day of the call
 * (`brief.today`): a task opened before the due date and called after it gets the first reminder call.
 */
export function scriptStageFor(task: CallBrief['task'], briefs: readonly CallBrief[] = []): CallScriptStage {
  const stage = stageOfTask(task);
  const due = briefs.some((b) => b.today >= b.invoice.dueDate);
  return stage === 'pre_due' && due ? 'call_1' : stage;
}

function stageOfTask(task: CallBrief['task']): CallScriptStage {
  if (!task) return 'call_1';
  if ((CALL_SCRIPT_STAGES as readonly string[]).includes(task.script)) return task.script as CallScriptStage;
  if (task.kind === 'broken_promise') return 'broken_promise';
  if (task.kind === 'pre_due') return 'pre_due';
  return ['firm', 'very_firm', 'formal'].includes(task.tone) ? 'call_2' : 'call_1';
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const YOUR_NAME: Record<Lang, string> = { fr: '[votre nom]', en: '[your name]' };

/**
 * What the script says of the call itself: who calls (the task's assignee: the collector of the
 * creditor profile, the person the profile names for another role, else a placeholder, never someone
 * else's name) and the last promise broken, if any (the call-2 opening then says so).
 */
function scriptOwnVars(brief: CallBrief, creditor: CreditorProfile, lang: Lang): TemplateVars {
  const assignee = brief.task?.assignee ?? 'collector';
  const person = assignee === 'collector' ? creditor.collector : creditor.callers?.[assignee];
  const broken = [...brief.promises.items].reverse().find((p) => p.status === 'broken');
  return {
    callerName: person?.name ?? YOUR_NAME[lang],
    // Mid-sentence: "Claire Martin, chargée de recouvrement de la société…".
    callerRole: lowerFirst(person?.title?.[lang] ?? word(lang, 'assignee', assignee)),
    hasBrokenPromise: Boolean(broken),
    brokenPromiseDate: broken ? formatLongDate(broken.date, lang) : undefined,
    brokenPromiseAmount: broken?.amount.text,
  };
}

/** `others`: the other invoices of a merged call (their position decides the script too). */
export function renderBriefScript(
  brief: CallBrief,
  view: BriefView,
  lang: Lang,
  creditor: CreditorProfile = loadCreditorProfile(),
  medium: Medium = 'text',
  others: readonly CallBrief[] = [],
): CallScript {
  const vars = { ...templateVars({ invoice: view.invoice, to: brief.callContact, facts: brief.scriptFacts, language: lang }, creditor), ...scriptOwnVars(brief, creditor, lang) };
  return renderCallScript(scriptStageFor(brief.task, [brief, ...others]), lang, vars, medium);
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
  if (medium !== 'markdown') return briefText(brief, script, lang);
  return briefMarkdown(briefText(escapedForMarkdown(brief), script, lang));
}

/**
 * The brief's terminal layout as Markdown, so a Markdown viewer keeps its structure: the title and
 * the sections as headings, every other line a line of its own (a hard break), list items as lists.
 */
export function briefMarkdown(text: string): string {
  const out = text.split('\n').map((line, i) => {
    const section = /^== (.*) ==$/.exec(line);
    if (i === 0) return `# ${line}\n`;
    if (section) return `## ${section[1]}\n`;
    if (line.trim() === '' || /^\s*- /.test(line)) return line;
    return `${line}  `;
  });
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

/**
 * The brief of a merged call (coordinated mode): the first view leads (its task and script), every
 * invoice of the call is listed with its date, amount and stage, as `dunning brief` prints it.
 */
export function mergedCallBriefText(views: readonly BriefView[], lang: Lang = views[0].invoice.debtor.language, creditor?: CreditorProfile, medium: Medium = 'text'): string {
  const [lead, ...rest] = views.map((v) => buildCallBrief(v, lang));
  const script = renderBriefScript(lead, views[0], lang, creditor, medium, rest);
  if (medium !== 'markdown') return briefText(lead, script, lang, rest);
  return briefMarkdown(briefText(escapedForMarkdown(lead), script, lang, rest.map(escapedForMarkdown)));
}
