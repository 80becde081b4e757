import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activitiesFromEnv, createActivities } from '../../activities';
import { DEFAULT_CREDITOR } from '../../config/creditor';
import { SAMPLE_FACTS, sampleEmailRequest, sampleLetterRequest, sampleRequest } from '../helpers/samples';
import { tempDir } from './helpers';

describe('createActivities', () => {
  it('wires email, letter and litigation on one outbox', async () => {
    const outboxDir = tempDir();
    const acts = createActivities({ outboxDir, creditor: DEFAULT_CREDITOR });
    const letter = await acts.sendLetter(sampleLetterRequest('letter_1'));
    const email = await acts.sendEmail(sampleEmailRequest('letter_1', { idempotencyKey: 'k-letter-copy', attachLetterPath: letter.path }));
    expect(existsSync(letter.path!)).toBe(true);
    expect(readFileSync(email.path!, 'utf8')).toContain('Vous trouverez ci-joint la copie du courrier que nous vous adressons ce jour par voie postale.');

    const req = sampleRequest('formal_notice');
    const receipt = await acts.handOffToLitigation({ idempotencyKey: 'k-lit', workflowId: req.workflowId, invoice: req.invoice, state: { stage: 'litigation' }, facts: SAMPLE_FACTS });
    expect(receipt.location).toBe(join(outboxDir, 'litigation', 'INV-2026-0412'));
    expect(receipt.reference).toMatch(/^LIT-[0-9A-F]{10}$/);
    expect(receipt.suggestedRoute).toMatch(/petites créances/); // 1 287,30 € is under EUR 5,000
    const file = JSON.parse(readFileSync(join(receipt.location, 'file.json'), 'utf8'));
    expect(file).toMatchObject({ reference: receipt.reference, workflowId: req.workflowId, invoice: { invoiceId: 'INV-2026-0412' } });
    expect(existsSync(join(receipt.location, 'summary.pdf'))).toBe(true);
  });

  it('reads its configuration from the environment', async () => {
    const outboxDir = tempDir();
    const acts = activitiesFromEnv({ DUNNING_OUTBOX_DIR: outboxDir });
    const receipt = await acts.sendEmail(sampleEmailRequest('payment_confirmation'));
    expect(receipt.provider).toBe('outbox');
    expect(receipt.path!.startsWith(join(outboxDir, 'emails'))).toBe(true);
  });
});
