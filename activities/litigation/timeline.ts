/**
 * The timeline of the file: every event the workflow traced (touches, call tasks, promises,
 * payments, disputes...), in order, with the debtor's local date and time. Sent messages and calls
 * are described from their records (template, recipient, tracking number; outcome, notes), other
 * events by the trace's own words.
 */
import type { Labels } from '../../templates/labels';
import { localDateTime } from './dates';
import { REASONS, RESULTS, say, TRACE_KINDS } from './texts';
import { traceDetailFr } from './trace-text';
import type { DunningView as LitigationView } from '../../domain/views/read-model';

export interface TimelineEntry {
  at: string;
  date: string;
  time: string;
  kind: string;
  label: string;
  step?: string;
  channel?: string;
  template?: string;
  outcome?: string;
  detail: string;
}

export function buildTimeline(view: LitigationView, tz: string, labels: Labels): TimelineEntry[] {
  return view.trace.map((e) => {
    const { date, time } = localDateTime(e.at, tz);
    const touch = e.kind === 'touch' ? view.touches.find((t) => t.at === e.at && t.stepId === e.step) : undefined;
    const channel = e.channel ? (labels.channels[e.channel] ?? e.channel) : undefined;
    const template = e.template ? (labels.templates[e.template as keyof Labels['templates']] ?? e.template) : undefined;
    const call = e.kind === 'call' ? view.callTasks.find((t) => t.stepId === e.step && t.closedAt === e.at)?.outcome : undefined;
    const detail = touch
      ? [`${channel ?? ''} « ${template ?? touch.template} »`, touch.to && `à ${touch.to}`, say(RESULTS, touch.result), touch.trackingNumber && `suivi ${touch.trackingNumber}`]
          .filter(Boolean)
          .join(', ')
      : call
        ? [call.reached ? `joint${call.contactName ? ` (${call.contactName})` : ''}` : 'non joint', call.reason && `motif : ${say(REASONS, call.reason)}`, call.notes]
            .filter(Boolean)
            .join(' ; ')
        : traceDetailFr(e, view, labels, tz);
    return {
      at: new Date(e.at).toISOString(),
      date,
      time,
      kind: e.kind,
      label: say(TRACE_KINDS, e.kind),
      ...(e.step ? { step: e.step } : {}),
      ...(e.channel ? { channel: e.channel } : {}),
      ...(e.template ? { template: e.template } : {}),
      ...(e.outcome ? { outcome: e.outcome } : {}),
      detail,
    };
  });
}
