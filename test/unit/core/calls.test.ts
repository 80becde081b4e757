import { callOutcomeText } from '../../../templates/brief-words';
import { describe, expect, it } from 'vitest';
import { CallOutcomeSchema, type CallOutcomeInput } from '../../../domain/invoice/commands';
import { nextActions } from '../../../domain/dunning/plan';
import { validateCallOutcome } from '../../../domain/dunning/validate';
import { CALL_CAP_WINDOW_MS, underCallCap } from '../../../domain/dunning/call-rules';
import { PolicySchema, type PolicyInput } from '../../../domain/policy/schema';
import { DEFAULT_POLICY_INPUT } from '../../../domain/policy/default';
import { channelIssue, checkPolicy } from '../../../domain/wire/policy';
import { CallOutcomeSpec } from '../../../domain/wire/commands';
import { check } from '../../../domain/wire/schema';
import { localDateTime, policyWith, Shell, utc } from './driver';
import { toView } from '../../../domain/views/read-model';
import { buildCallBrief } from '../../../domain/views/brief';
import { worklistEntry } from '../../../domain/views/worklist';
import { briefText } from '../../../templates/brief-text';

/**
 * The call rules of docs/calls.md (issues 15.7 and 17.3, 17.4, 17.6, 17.8), on the pure core.
 * Sample invoice: issued Mon 4 Jan 2027, due Wed 3 Feb 2027 (Paris). Default cadence: pre-due call
 * Fri 29 Jan, reminder Thu 4 Feb, call 1 Wed 10 Feb 10:00, letter 1 Wed 17 Feb, call 2 Wed 24 Feb 10:00.
 */

type Outcome = Omit<CallOutcomeInput, 'taskId'>;
const CALL_1 = '2027-02-10T09:30:00Z'; // Wed 10 Feb 10:30 Paris, call 1 open

/** Call 1 answered with `o`: its touch as "result unsuccessful|not". */
function call1(o: Outcome): string {
  const t = Shell.start({ at: '2027-02-04T06:00:00Z' }).complete(CALL_1, o).state.touches.find((x) => x.channel === 'call')!;
  return `${t.result} ${t.unsuccessful ? 'unsuccessful' : 'not'}`;
}

/** The open call task (or the next call planned) as "kind stepId local-time". */
function nextCall(sh: Shell): string {
  const open = sh.state.callTasks.find((t) => t.status === 'open');
  if (open) return `${open.kind} ${localDateTime(open.openedAt)}`;
  const a = nextActions(sh.state, sh.policy, sh.now).find((x) => x.kind === 'open_call');
  return a?.kind === 'open_call' ? `planned ${a.task.kind} ${localDateTime(a.at)}` : 'none';
}

describe('#15.7 what counts as a fruitless touch (domain.md §2, 003 §10)', () => {
  it.each<[string, Outcome, string]>([
    ['answered, "validated, paid on the 19th" (confirmed with its date)', { reached: true, confirmedAtTerm: true, promise: { date: '2027-02-19', amountCents: 123_456 } }, 'reached not'],
    ['answered, call-back agreed', { reached: true, callBack: { date: '2027-02-15' } }, 'reached not'],
    ['answered, tense: paused', { reached: true, tense: true }, 'reached not'],
    ['answered, legitimate reason: never received', { reached: true, reason: 'not_received' }, 'reached not'],
    ['answered, legitimate reason: goods returned', { reached: true, reason: 'goods_returned' }, 'reached not'],
    ['answered, "forgot" with no date', { reached: true, reason: 'forgot' }, 'reached unsuccessful'],
    ['answered, "in progress" (evasive, 003 §8)', { reached: true, reason: 'in_progress' }, 'reached unsuccessful'],
    ['not answered', { reached: false }, 'unreached unsuccessful'],
  ])('%s', (_name, o, expected) => expect(call1(o)).toBe(expected));

  it('three reached calls with call-backs agreed never send the file to litigation', () => {
    const sh = Shell.start({ at: '2027-02-04T06:00:00Z', bouncing: ['ap@acme.fr'] }) // the bounce is 1 failure
      .complete(CALL_1, { reached: true, callBack: { date: '2027-02-12' } })
      .complete('2027-02-12T09:30:00Z', { reached: true, callBack: { date: '2027-02-16' } })
      .complete('2027-02-16T09:30:00Z', { reached: false })
      .runUntil('2027-02-17T12:00:00Z');
    expect(sh.state.touches.filter((t) => t.unsuccessful).length).toBe(2);
    expect(sh.state.litigation.announcedAt).toBeUndefined();
  });

  it('the validator: "confirmed" past the due date needs the date; a call-back not in the past nor beyond the horizon', () => {
    const sh = Shell.start({ at: '2027-02-04T06:00:00Z' }).runUntil(CALL_1);
    const problem = (o: Outcome) => validateCallOutcome(sh.state, sh.policy, sh.now, CallOutcomeSchema.parse({ ...o, taskId: sh.state.callTasks[0].taskId }));
    expect(problem({ reached: true, confirmedAtTerm: true })).toBe('the invoice was due on 2027-02-03: a confirmation now needs the payment date (a promise)');
    expect(problem({ reached: true, callBack: { date: '2027-02-09' } })).toBe('call-back date 2027-02-09 is in the past (today is 2027-02-10)');
    expect(problem({ reached: true, callBack: { date: '2027-04-12' } })).toBe("call-back date 2027-04-12 is beyond the policy's maximum (2027-04-11)");
    expect(problem({ reached: true, callBack: { date: '2027-04-11', time: '14:30' } })).toBeUndefined();
    // Before the due date a confirmation stands alone.
    const pre = Shell.start({ at: '2027-01-25T08:00:00Z' }).runUntil('2027-01-29T09:30:00Z');
    expect(validateCallOutcome(pre.state, pre.policy, pre.now, CallOutcomeSchema.parse({ reached: true, confirmedAtTerm: true, taskId: pre.state.callTasks[0].taskId }))).toBeUndefined();
  });

  it('zod (CLI) and the wire spec (workflow) refuse the same outcomes', () => {
    const bad = [
      { taskId: 't', reached: false, callBack: { date: '2027-02-15' } },
      { taskId: 't', reached: false, tense: true },
      { taskId: 't', reached: true, callBack: { date: '2027-02-15', time: '25:00' } },
      { taskId: 't', reached: true, callBack: { date: '2027-02-30' } },
    ];
    for (const o of bad) {
      expect(CallOutcomeSchema.safeParse(o).success).toBe(false);
      expect(check(CallOutcomeSpec, o).ok).toBe(false);
    }
    const good = { taskId: 't', reached: true, confirmedAtTerm: true, callBack: { date: '2027-02-15', time: '14:30' }, tense: false };
    expect(CallOutcomeSchema.safeParse(good).success).toBe(true);
    expect(check(CallOutcomeSpec, good)).toEqual({ ok: true, value: good });
    expect(check(CallOutcomeSpec, { taskId: 't', reached: false, tense: true })).toMatchObject({ ok: false, error: 'tense: tense needs a call where someone was reached' });
  });
});

describe('#17.3 call back on an agreed date, tense call called back later', () => {
  it.each<[string, Outcome['callBack'], string]>([
    ['a date and a time in the call window', { date: '2027-02-15', time: '14:30' }, 'call_back 2027-02-15 14:30'],
    ['a Saturday: the next business day, when the window opens', { date: '2027-02-13' }, 'call_back 2027-02-15 10:00'],
    ['a time after the window: the next business slot', { date: '2027-02-12', time: '17:00' }, 'call_back 2027-02-15 10:00'],
  ])('%s', (_name, callBack, expected) => {
    const sh = Shell.start({ at: '2027-02-04T06:00:00Z' }).complete(CALL_1, { reached: true, callBack }).runUntil('2027-02-16T00:00:00Z');
    expect(nextCall(sh)).toBe(expected);
    const t = sh.state.callTasks.find((x) => x.kind === 'call_back')!;
    expect([t.script, t.tone, t.assignee]).toEqual(['call_1', 'friendly_firm', 'collector']);
    expect(t.objective).toContain(callBack!.date);
  });

  it("the cadence's call due before the agreed date gives way to it (call 2 of 24 Feb, call-back 25 Feb)", () => {
    const sh = Shell.start({ at: '2027-02-04T06:00:00Z' }).complete(CALL_1, { reached: true, callBack: { date: '2027-02-25' } }).runUntil('2027-02-25T12:00:00Z');
    expect(sh.state.skippedSteps).toEqual(['pre_due_call', 'call_2']);
    expect(sh.state.callTasks.map((t) => `${t.kind} ${localDateTime(t.openedAt)}`)).toEqual(['reminder 2027-02-10 10:00', 'call_back 2027-02-25 10:00']);
    expect(sh.state.touches.map((t) => t.template)).toContain('letter_1'); // letters go on
  });

  it('a tense call is called back after calls.tenseCallBack (default 2 business days; 5 days here)', () => {
    const tense = (policy?: PolicyInput) =>
      nextCall(Shell.start({ at: '2027-02-04T06:00:00Z', policy: policy && PolicySchema.parse(policy) }).complete(CALL_1, { reached: true, tense: true }).runUntil('2027-02-16T00:00:00Z'));
    expect(tense()).toBe('call_back 2027-02-12 10:30');
    expect(tense({ ...DEFAULT_POLICY_INPUT, calls: { ...DEFAULT_POLICY_INPUT.calls, tenseCallBack: '5 days' } })).toBe('call_back 2027-02-15 10:30');
  });
});

describe('#17.6 calls per 30 days, capped (domain.md §8: at most 4 in 30 days)', () => {
  it('underCallCap: the next call waits until the oldest of the last `cap` calls leaves the 30 days', () => {
    const day = (n: number) => utc('2027-02-01T09:00:00Z') + n * 86_400_000;
    expect(underCallCap(day(4), [day(0), day(1), day(2)], 4)).toBe(day(4));
    expect(underCallCap(day(4), [day(0), day(1), day(2), day(3)], 4)).toBe(day(0) + CALL_CAP_WINDOW_MS);
    expect(underCallCap(day(4), [day(0), day(1), day(2), day(3)], 2)).toBe(day(2) + CALL_CAP_WINDOW_MS);
  });

  it('a third call within 30 days is moved to when the window allows (cap 2)', () => {
    // Call 1 Wed 10 Feb 10:30 (tense: call back Fri 12 Feb 10:30), again tense: the next would be Tue
    // 16 Feb 10:30, a third call within 30 days of 10 Feb 10:30: it waits until Fri 12 Mar 10:30.
    const policy = policyWith({ calls: { maxPer30Days: 2 } });
    const twoTense = (p?: typeof policy) => Shell.start({ at: '2027-02-04T06:00:00Z', policy: p }).complete(CALL_1, { reached: true, tense: true }).complete('2027-02-12T09:30:00Z', { reached: true, tense: true }).runUntil('2027-02-12T09:31:00Z');
    expect(nextCall(twoTense(policy))).toBe('planned call_back 2027-03-12 10:30');
    expect(nextCall(twoTense())).toBe('planned call_back 2027-02-16 10:30'); // the default cap (4) lets it through
  });

  it('the default policy holds 4 calls per 30 days and a 2-business-day pause after a tense call', () => {
    const p = PolicySchema.parse(DEFAULT_POLICY_INPUT);
    expect([p.calls.maxPer30Days, p.calls.tenseCallBack]).toEqual([4, { unit: 'business_days', n: 2 }]);
    const { calls: { maxPer30Days: _m, tenseCallBack: _t, ...older }, ...rest } = DEFAULT_POLICY_INPUT;
    expect(PolicySchema.parse({ ...rest, calls: older }).calls.maxPer30Days).toBe(4); // a policy written before gets the default
    expect(checkPolicy({ ...rest, calls: older })).toMatchObject({ ok: true, value: { calls: { maxPer30Days: 4, tenseCallBack: { unit: 'business_days', n: 2 } } } });
  });
});

describe('#17.8 a first call N days after the issue date (004: about two weeks, for long terms)', () => {
  const early = { id: 'early_call', anchor: 'issue_date', offset: '+14 days', channel: 'call', template: 'pre_due', tone: 'courteous', actor: 'sales_rep', objective: 'Check the invoice arrived and is being validated.' } as const;
  const policy = PolicySchema.parse({ ...DEFAULT_POLICY_INPUT, steps: [early, ...DEFAULT_POLICY_INPUT.steps] });

  it('issued Mon 4 Jan, due Fri 5 Mar (60 days): a courteous call task on Mon 18 Jan 10:00, not a failure when unanswered', () => {
    const sh = Shell.start({ at: '2027-01-04T08:00:00Z', policy, invoice: { dueDate: '2027-03-05' } }).runUntil('2027-01-18T09:30:00Z');
    expect(nextCall(sh)).toBe('pre_due 2027-01-18 10:00');
    sh.complete('2027-01-18T09:30:00Z', { reached: false });
    expect(sh.state.touches[0]).toMatchObject({ stepId: 'early_call', unsuccessful: false });
    expect(sh.state.stage).toBe('pre_due');
  });

  it('short terms (issued 25 Jan, due 3 Feb): issue + 14 days is past the due date, the step is skipped', () => {
    const sh = Shell.start({ at: '2027-01-25T08:00:00Z', policy, invoice: { issueDate: '2027-01-25' } });
    expect(sh.state.skippedSteps).toEqual(['early_call']);
    expect(nextCall(sh)).toBe('planned pre_due 2027-01-29 10:00');
  });
});

describe("#17.4 the creditor's manager takes the calls after N fruitless touches", () => {
  const policy = policyWith({ calls: { creditorEscalation: { afterFailedTouches: 2 } } });

  it("bounce + call 1 unanswered = 2: call 2 goes to the creditor's manager with their script, to the same debtor contact", () => {
    const sh = Shell.start({ at: '2027-02-04T06:00:00Z', policy, bouncing: ['ap@acme.fr'] }).complete(CALL_1, { reached: false }).runUntil('2027-02-24T09:30:00Z');
    const call2 = sh.state.callTasks.find((t) => t.stepId === 'call_2')!;
    expect({ assignee: call2.assignee, script: call2.script, tone: call2.tone, contact: call2.contactIndex }).toEqual({ assignee: 'manager', script: 'creditor_manager', tone: 'firm', contact: 0 });
    expect(call2.objective).toMatch(/^The creditor's manager calls \(after 2 fruitless touches\)/);
    expect(sh.state.trace.filter((t) => t.kind === 'creditor_escalated').map((t) => `${localDateTime(t.at)} ${t.detail}`)).toEqual([
      "2027-02-10 10:30 2 fruitless touches: the next calls go to the creditor's manager (script creditor_manager)",
    ]);
    // Without the policy field: the collector keeps the call.
    expect(Shell.start({ at: '2027-02-04T06:00:00Z', bouncing: ['ap@acme.fr'] }).complete(CALL_1, { reached: false }).runUntil('2027-02-24T09:30:00Z').state.callTasks.find((t) => t.stepId === 'call_2')!.assignee).toBe('collector');
  });

  it('the escalation must come before the litigation threshold', () => {
    const r = PolicySchema.safeParse({ ...DEFAULT_POLICY_INPUT, calls: { ...DEFAULT_POLICY_INPUT.calls, creditorEscalation: { afterFailedTouches: 3 } } });
    expect(r.success ? '' : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'calls.creditorEscalation.afterFailedTouches: 3 failed touches is not below unsuccessfulTouches.count (3): the file would go to litigation before the manager calls',
    ]);
    expect(checkPolicy({ ...DEFAULT_POLICY_INPUT, calls: { ...DEFAULT_POLICY_INPUT.calls, creditorEscalation: { afterFailedTouches: 3 } } })).toMatchObject({ ok: false });
  });
});

describe('#17 every channel of a step has its adapter: sms and visit steps are accepted, none goes as an email', () => {
  it.each(['sms', 'visit'] as const)('%s', (channel) => {
    const template = channel === 'sms' ? 'sms_reminder' : 'visit';
    const steps = [...DEFAULT_POLICY_INPUT.steps, { id: `nudge_${channel}`, offset: '+3 days', channel, template, tone: 'friendly', actor: 'system' } as const];
    expect(PolicySchema.safeParse({ ...DEFAULT_POLICY_INPUT, steps }).success).toBe(true);
    const wire = checkPolicy({ ...DEFAULT_POLICY_INPUT, steps });
    expect(wire.ok && channelIssue(wire.value)).toBeUndefined();
  });
});

describe('#15.7 #17.3 the brief and the worklist show the new outcomes', () => {
  it("a call-back task: its kind in the worklist, the agreed date in the brief's objective, the previous call's outcome in its history", () => {
    const sh = Shell.start({ at: '2027-02-04T06:00:00Z' }).complete(CALL_1, { reached: true, confirmedAtTerm: true, promise: { date: '2027-02-19', amountCents: 1_000 }, callBack: { date: '2027-02-15', time: '14:30' } }).runUntil('2027-02-15T13:35:00Z');
    const view = toView(sh.state, sh.policy, sh.now);
    expect(worklistEntry(view)?.task).toMatchObject({ kind: 'call_back', script: 'call_1' });
    const brief = buildCallBrief(view, 'en');
    expect(brief.task?.objective).toBe('Call back as agreed on the call of 2027-02-10 (2027-02-15 14:30): get the dated promise.');
    expect(brief.touches.filter((t) => t.channel === 'call').map((t) => [t.date, t.result, t.outcome])).toEqual([['2027-02-10', 'reached', { kind: 'promise', date: '2027-02-19', amount: { cents: 1_000, text: '€10.00' } }]]);
    expect(briefText(brief, undefined, 'en')).toContain('Wednesday 10 February 2027 at 10:30  call  reached: promise to pay €10.00 by Friday 19 February 2027 (Claire Martin)');
    // The French brief says it in French, the date written out and the amount formatted (no code, no ISO date).
    const fr = briefText(buildCallBrief(view, 'fr'), undefined, 'fr');
    expect(fr).toContain('mercredi 10 février 2027 à 10:30  appel  joint : promesse de paiement de 10,00\u00a0€ au plus tard le vendredi 19 février 2027 (Claire Martin)');
    expect(callOutcomeText('fr', { kind: 'call_back', date: '2027-02-15', time: '14:30' })).toBe('rappel convenu le lundi 15 février 2027 à 14:30');
    expect(callOutcomeText('fr', { kind: 'tense' })).toBe('appel tendu : rappeler plus tard');
    expect(callOutcomeText('en', { kind: 'call_back', date: '2027-02-15' })).toBe('call back agreed for Monday 15 February 2027');
    const tense = Shell.start({ at: '2027-02-04T06:00:00Z' }).complete(CALL_1, { reached: true, tense: true }).runUntil('2027-02-12T09:35:00Z');
    expect(buildCallBrief(toView(tense.state, tense.policy, tense.now), 'en').touches.find((t) => t.channel === 'call')?.outcome).toEqual({ kind: 'tense' });
  });
});

describe('runs started before the call rules keep the old ones (legacyCalls, set when patched(call-rules-1) is false)', () => {
  it('the unreached pre-due call counts as a failure and the cap does not hold', () => {
    const legacy = (policy = policyWith({ calls: { maxPer30Days: 1 } })) => {
      const sh = Shell.start({ at: '2027-01-25T08:00:00Z', policy });
      sh.state = { ...sh.state, legacyCalls: true };
      return sh;
    };
    const pre = legacy().complete('2027-01-29T09:30:00Z', { reached: false }).state.touches[0];
    expect([pre.stepId, pre.unsuccessful]).toEqual(['pre_due_call', true]);
    // Cap 1: call 1 (Wed 10 Feb) is not held back by the pre-due call of 29 Jan, as before.
    expect(nextCall(legacy().complete('2027-01-29T09:30:00Z', { reached: false }).runUntil('2027-02-10T09:30:00Z'))).toBe('reminder 2027-02-10 10:00');
    // Today's rules: call 1 waits until 29 Jan 10:30 + 30 days = Sun 28 Feb 10:30, so Mon 1 Mar 10:00 (gap reminders meanwhile).
    const capped = Shell.start({ at: '2027-01-25T08:00:00Z', policy: policyWith({ calls: { maxPer30Days: 1 } }) }).complete('2027-01-29T09:30:00Z', { reached: false }).runUntil('2027-03-01T12:00:00Z');
    expect(capped.state.callTasks.filter((t) => t.stepId === 'call_1').map((t) => localDateTime(t.openedAt))).toEqual(['2027-03-01 10:00']);
  });
});
