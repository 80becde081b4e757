/**
 * Delivering the litigation file to the partner. The file is always built in the outbox first (it
 * is the creditor's own record of what was handed over); an adapter then delivers it. The default
 * one files it there for a person to send; the webhook adapter (webhook.ts) posts it.
 */
import type { LitigationFile } from './file-json';

export interface LitigationDelivery {
  reference: string;
  /** Partners must treat a repeated key as the same handoff. */
  idempotencyKey: string;
  /** The litigation folder and its zip in the outbox. */
  location: string;
  zipPath: string;
  file: LitigationFile;
  zip: Uint8Array;
}

export interface LitigationAdapter {
  /** Recorded in the handoff record. */
  readonly name: string;
  deliver(delivery: LitigationDelivery): Promise<{ partnerReference?: string }>;
}

/** Local filing: the folder and the zip are the delivery. */
export function createLocalLitigationAdapter(): LitigationAdapter {
  return {
    name: 'local',
    async deliver() {
      return {};
    },
  };
}
