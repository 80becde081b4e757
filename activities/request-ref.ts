/**
 * Turns a send activity's input into its request. Version 2 runs schedule a reference (a claim
 * check, workflows/sends.ts): the request is asked of the very run that scheduled this attempt (the
 * `sendRequest` query). First-version runs, and sends scheduled before the claim check, carry the
 * whole request: used as is.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { z } from 'zod';
import { sendRequest } from '../workflows/messages';
import { SEND_NOT_AWAITED, type EmailInput, type EmailRequest, type KeptSend, type LetterInput, type LetterRequest, type SendRef, type SmsInput, type SmsRequest } from './types';

const SendRefSchema = z.object({ ref: z.string().min(1), idempotencyKey: z.string().min(1), template: z.string() });

/** A reference has `ref` and no invoice (a full request is used as is). */
function isRef<R extends object>(input: R | SendRef): input is SendRef {
  return 'ref' in input && !('invoice' in input);
}

/**
 * The request the run keeps under `ref`, asked of the run that scheduled this attempt. A query that
 * fails (the workflow's worker down, a timeout) throws: the attempt is retried. An unknown key
 * (null) means the run no longer waits for this send (an attempt left over after a timeout or a
 * cancel): it fails for good, and nothing is sent.
 */
async function kept(input: SendRef): Promise<KeptSend> {
  const r = SendRefSchema.safeParse(input);
  if (!r.success) throw ApplicationFailure.nonRetryable(`invalid send reference: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 'InvalidInput');
  const ref = r.data;
  const ctx = Context.current();
  const run = ctx.info.workflowExecution;
  if (!run) throw ApplicationFailure.nonRetryable(`send reference ${ref.ref} outside a workflow: nothing to resolve it from`, 'InvalidInput');
  const { workflowId, runId } = run;
  const answer = await ctx.client.workflow.getHandle(workflowId, runId).query(sendRequest, ref.ref);
  if (!answer) throw ApplicationFailure.nonRetryable(`run ${workflowId}/${runId} no longer waits for send ${ref.ref}: not sent`, SEND_NOT_AWAITED);
  if (answer.request.idempotencyKey !== ref.idempotencyKey) throw mismatch(ref, answer);
  return answer;
}

function mismatch(ref: SendRef, answer: KeptSend): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`send ${ref.ref} is kept as ${answer.channel} ${answer.request.idempotencyKey}: not sent by this activity`, SEND_NOT_AWAITED);
}

export async function emailRequestOf(input: EmailInput): Promise<EmailRequest> {
  if (!isRef(input)) return input;
  const k = await kept(input);
  if (k.channel === 'email') return k.request;
  throw mismatch(input, k);
}

export async function letterRequestOf(input: LetterInput): Promise<LetterRequest> {
  if (!isRef(input)) return input;
  const k = await kept(input);
  if (k.channel === 'letter') return k.request;
  throw mismatch(input, k);
}

export async function smsRequestOf(input: SmsInput): Promise<SmsRequest> {
  if (!isRef(input)) return input;
  const k = await kept(input);
  if (k.channel === 'sms') return k.request;
  throw mismatch(input, k);
}
