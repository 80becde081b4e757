import { join } from 'node:path';
import type { CreditorProfile } from '../config/creditor';
import { callBriefText } from '../templates/call-brief';
import { Context } from '@temporalio/activity';
import { getState } from '../workflows/messages';
import { safeFileName, writeFileAtomic } from './files';
import { sha256Hex } from './sent-log';
import type { CallBriefRequest } from './types';

/**
 * The call brief of domain.md §4, written when a call task opens, so a collector can read it
 * before dialling without the CLI: <outbox>/briefs/<invoiceId>/<taskId>.md. Rewriting the same
 * task's brief on a retry gives the same file. Markdown: what the debtor wrote is escaped.
 */
export function createCallBriefWriter(outboxDir: string, creditor: CreditorProfile) {
  return async function prepareCallBrief(req: CallBriefRequest): Promise<{ path: string }> {
    const view = req.view ?? (await Context.current().client.workflow.getHandle(req.workflowId!).query(getState));
    const path = join(outboxDir, 'briefs', safeFileName(view.invoice.invoiceId, sha256Hex), `${safeFileName(req.taskId, sha256Hex)}.md`);
    await writeFileAtomic(path, `${callBriefText(view, undefined, creditor, 'markdown')}\n`);
    return { path };
  };
}
