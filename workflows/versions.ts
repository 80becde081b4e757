/**
 * Versions of the workflow code. Runs started before the second version of the core (coordination
 * protocol 2, checked inputs, no zod in workflows) keep replaying and running on the first version,
 * frozen in workflows/v1: the first line of each workflow asks `patched(CORE_V2)`, which is false
 * only for histories recorded before it. Once no such run is left, `deprecatePatch(CORE_V2)` and
 * delete workflows/v1.
 */
export const CORE_V2 = 'core-v2';

/** An overdue file still `pre_due` in its state shows `reminding` in its search attributes (the stage SA changes earlier). */
export const OVERDUE_STAGE = 'overdue-stage';

/**
 * An invoice that tells its debtor again about a touch already past its due time waits the
 * watchdog from that sync (domain/dunning/coordinated.ts); runs recorded before waited from the due
 * time only, i.e. not at all, and re-synced in a loop. Asked only where the two differ.
 */
export const WATCHDOG_FROM_SYNC = 'watchdog-from-sync';

/**
 * The v1 code, loaded only when a v1 run needs it: its modules (and zod, which it uses) are then
 * built for that run alone, never for v2 runs.
 */
export function v1(): typeof import('./v1') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (see above)
  return require('./v1'); // workflow-lint: lazy-v1
}

/**
 * The call rules of docs/calls.md: what counts as a fruitless call, calls per 30 days, the creditor's
 * manager, sms/visit steps refused. Runs started before replay with `legacyCalls` set in their state.
 */
export const CALL_RULES = 'call-rules-1';

/** The debtor run sends emails and letters only at its send time on business days, whatever time an invoice planned. */
export const SEND_WINDOW = 'debtor-send-window';

/** A dispute or a pause cancels the open call task (runs recorded before left it open until its deadline). */
export const HOLD_CANCELS_TASK = 'hold-cancels-task';
/**
 * The formal notice's deadline runs from the registered letter's first presentation (the run waits
 * for the postal side's news, domain/dunning/notice.ts). Runs started before count it from the
 * sending day: `noticeFromSending` is set in their state.
 */
export const NOTICE_PRESENTATION = 'notice-presentation';
/**
 * Visits and approvals of legal steps (docs/field.md): runs started since get `fieldRules` in their
 * state (visit steps open visit tasks, the formal notice and the handoff wait for approval when the
 * policy asks); runs started before replay and run on as they did.
 */
export const FIELD_RULES = 'field-rules-1';
/**
 * A merged call task of the debtor run gets one brief file for all its invoices (activity
 * prepareDebtorCallBrief). Runs recorded before wrote none: their `brief` steps only clear the flag.
 */
export const MERGED_CALL_BRIEF = 'merged-call-brief';

/**
 * Runs started since wake at an open dispute task's deadline and record it overdue (escalated to the
 * manager), so the Web UI details say so: `disputeDeadlines` in their state. Runs started before
 * show it at the reader's time only (status, tasks --kind dispute).
 */
export const DISPUTE_DEADLINE = 'dispute-deadline';

/**
 * Protocol 3 (docs/coordination.md): a debtor run started since tells each invoice it reads syncs as
 * deltas (a new signal, `debtorProtocol`) and asks for the whole picture when one does not apply
 * (`debtorResync`). Runs recorded before send neither: their invoices keep sending full syncs.
 */
export const SYNC_DELTAS = 'sync-deltas';
