import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { createLetterSender, letterPath } from '../../activities/letters';
import { createFilingPostalAdapter, readPostalLog, type PostalAdapter } from '../../activities/postal';
import { createFileSentLog, messageIdFor, type SentLog } from '../../activities/sent-log';
import { LETTER_UNDELIVERABLE, type LetterRequest, type MessageFacts } from '../../activities/types';
import { DEFAULT_CREDITOR, type CreditorProfile } from '../../config/creditor';
import { sampleLetterRequest } from '../helpers/samples';
import { pdfText, tempDir } from './helpers';

/**
 * Hand-computed formal notice: invoice of 2 500,00 € due 31 March 2026, notice dated 4 May 2026.
 * Penalties run from 1 April: 34 days at 12.15 % a year on 2 500,00 € = 250000 x 0.1215 x 34 / 365
 * = 2829.45 -> 2 829 cents = 28,29 €. Professional debtor: + 40,00 €. Total 2 568,29 €. Deadline 12 May.
 */
const NOTICE_FACTS: MessageFacts = {
  today: '2026-05-04',
  amountDueCents: 250000,
  paidCents: 0,
  penaltiesCents: 2829,
  penaltyRatePct: 12.15,
  indemnityCents: 4000,
  daysPastDue: 34,
  noticeDeadline: '2026-05-12',
  previousTouches: [
    { date: '2026-04-01', channel: 'email', template: 'reminder_1' },
    { date: '2026-04-14', channel: 'letter', template: 'letter_1' },
    { date: '2026-04-28', channel: 'email', template: 'notice_announce' },
  ],
};

function noticeRequest(overrides: Partial<LetterRequest> = {}): LetterRequest {
  const base = sampleLetterRequest('formal_notice');
  return {
    ...base,
    idempotencyKey: 'dunning-INV-2026-0099/formal_notice',
    workflowId: 'dunning-INV-2026-0099',
    stepId: 'formal_notice',
    invoice: { ...base.invoice, invoiceId: 'INV-2026-0099', issueDate: '2026-03-01', dueDate: '2026-03-31', amountCents: 250000 },
    facts: NOTICE_FACTS,
    ...overrides,
  };
}

function setup(creditor: CreditorProfile = DEFAULT_CREDITOR) {
  const outboxDir = tempDir();
  return { outboxDir, sendLetter: createLetterSender({ outboxDir, sentLog: createFileSentLog(outboxDir), creditor }) };
}

/** The line of the layout text that holds `needle`. */
const lineWith = (layout: string, needle: string) => layout.split('\n').find((l) => l.includes(needle)) ?? '';

/** Page count from the form feeds pdftotext writes after each page. */
const pageCount = (layout: string) => layout.split('\f').length - 1;

describe('formal notice PDF', () => {
  it('states parties, amounts, deadline, legal basis and warning (hand-computed example)', async () => {
    const { sendLetter } = setup();
    const receipt = await sendLetter(noticeRequest());
    expect(receipt).toMatchObject({ channel: 'letter', duplicate: false, provider: 'filing' });
    expect(receipt.trackingNumber).toMatch(/^1A\d{11}$/);

    const { layout, flat } = pdfText(receipt.path!);
    expect(layout).toContain('MISE EN DEMEURE');
    expect(flat).toContain('Lettre recommandée avec accusé de réception');
    expect(flat).toContain('Objet : Mise en demeure de payer – facture INV-2026-0099');
    expect(flat).toContain('Paris, le 4 mai 2026');
    expect(flat).toContain('Réf. : facture INV-2026-0099');
    // Parties
    expect(layout).toMatch(/CRÉANCIER\s+DÉBITEUR/);
    expect(lineWith(layout, 'Ateliers Verbois ')).toContain('Boulangeries Marcel & Fils SARL');
    expect(flat).toContain('SIREN 912 345 675');
    expect(flat).toContain('SIREN 523 456 781');
    // The claim, line by line
    expect(lineWith(layout, 'Principal restant dû : facture INV-2026-0099 du 1er mars 2026')).toMatch(/2 500,00 €\s*$/);
    expect(flat).toContain('Pénalités de retard au taux annuel de 12,15 %, du 1er avril 2026 au 4 mai 2026');
    expect(lineWith(layout, 'Pénalités de retard au taux annuel')).toMatch(/28,29 €\s*$/);
    expect(lineWith(layout, 'Indemnité forfaitaire pour frais de recouvrement (art. D441-5')).toMatch(/40,00 €\s*$/);
    expect(lineWith(layout, 'Total dû au 4 mai 2026')).toMatch(/2 568,29 €\s*$/);
    expect(flat).toContain('nous vous mettons en demeure de nous régler la somme de 2 568,29 €');
    expect(flat).toContain('Cette somme devra nous être réglée au plus tard le mardi 12 mai 2026.');
    // Legal basis and warning
    expect(flat).toContain("article L441-10 du Code de commerce");
    expect(flat).toContain('article D441-5 du Code de commerce');
    expect(flat).toContain("au sens de l'article 1344 du Code civil");
    // The consequences named (domain.md §8): the procedures and their costs, not "la juridiction compétente".
    expect(flat).toContain('requête en injonction de payer, référé-provision ou assignation devant le tribunal compétent');
    expect(flat).toContain("une indemnité au titre de l'article 700 du Code de procédure civile");
    expect(flat).toContain('établie au nom de votre société');
    expect(flat).not.toContain("à l'ordre de");
    expect(flat).toContain('IBAN : FR60 9999 9000 0100 0123 4567 806');
    // Page numbers on every page
    const pages = pageCount(layout);
    expect(pages).toBeGreaterThanOrEqual(1);
    layout.split('\f').slice(0, pages).forEach((page, i) => expect(page).toContain(`Page ${i + 1}/${pages}`));
  });

  it('gives a consumer no EUR 40 indemnity', async () => {
    const { sendLetter } = setup();
    const req = noticeRequest();
    const receipt = await sendLetter({
      ...req,
      invoice: { ...req.invoice, debtor: { ...req.invoice.debtor, kind: 'consumer' } },
      // Even if the facts carried it, a consumer is never charged the indemnity.
      facts: { ...NOTICE_FACTS, penaltiesCents: 0, indemnityCents: 4000 },
    });
    const { layout, flat } = pdfText(receipt.path!);
    expect(flat).not.toContain('40,00 €');
    expect(flat).not.toContain('Indemnité forfaitaire');
    expect(lineWith(layout, 'Total dû au 4 mai 2026')).toMatch(/2 500,00 €\s*$/);
    expect(flat).toContain('articles 1231-6 et 1344-1 du Code civil');
    expect(flat).toContain('établie à votre nom');
    expect(flat).toContain("au sens de l'article 1344 du Code civil");
  });

  it('renders in English', async () => {
    const { sendLetter } = setup();
    const receipt = await sendLetter(noticeRequest({ language: 'en' }));
    const { layout, flat } = pdfText(receipt.path!);
    expect(layout).toContain('FORMAL NOTICE (MISE EN DEMEURE)');
    expect(flat).toContain('Registered letter with acknowledgement of receipt');
    expect(flat).toContain('Paris, 4 May 2026');
    expect(lineWith(layout, 'Total due as of 4 May 2026')).toMatch(/€2,568\.29\s*$/);
    expect(flat).toContain('no later than Tuesday 12 May 2026');
    expect(layout).toMatch(/Page 1\/\d/);
  });
});

describe('ordinary letters', () => {
  it('lays out letterhead, window address, date, reference, subject, table and page numbers', async () => {
    const { sendLetter, outboxDir } = setup();
    const receipt = await sendLetter(noticeRequest({ template: 'letter_1', stepId: 'letter_1', idempotencyKey: 'k-letter_1', registered: false }));
    expect(receipt.path).toBe(letterPath(outboxDir, 'INV-2026-0099', 'letter_1'));
    expect(receipt.trackingNumber).toBeUndefined();
    const { layout, flat } = pdfText(receipt.path!);
    expect(flat).toContain('Ateliers Verbois');
    expect(flat).toContain('Tél. 01 99 00 12 34');
    expect(flat).toContain("À l'attention de Sophie Lambert");
    expect(flat).toContain('4 allée des Meuniers');
    expect(flat).toContain('69007 LYON');
    expect(flat).toContain('Paris, le 4 mai 2026');
    expect(flat).toContain('Réf. : facture INV-2026-0099');
    expect(flat).toContain('Objet : Relance – facture INV-2026-0099 restée impayée');
    expect(layout).toMatch(/Facture\s+Émise le\s+Échéance\s+Montant TTC\s+Reste dû/);
    expect(lineWith(layout, 'INV-2026-0099   ')).toMatch(/1er mars 2026\s+31 mars 2026\s+2 500,00 €\s+2 500,00 €/);
    expect(flat).toContain('ne peut plus être considéré comme un simple oubli');
    expect(flat).toContain('SIREN 912 345 675');
    expect(flat).not.toContain('recommandée');
    const pages = pageCount(layout);
    layout.split('\f').slice(0, pages).forEach((page, i) => expect(page).toContain(`Page ${i + 1}/${pages}`));
  });

  it('places the address in the window of a DL envelope (about 100 mm from the left, 45-50 mm from the top)', async () => {
    const { sendLetter } = setup();
    const receipt = await sendLetter(noticeRequest({ template: 'letter_1', registered: false }));
    const html = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', receipt.path!, '-'], { encoding: 'utf8' });
    const word = /<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>Boulangeries<\/word>/.exec(html);
    expect(word).not.toBeNull();
    const toMm = (pt: number) => (pt * 25.4) / 72;
    expect(toMm(Number(word![1]))).toBeGreaterThanOrEqual(98);
    expect(toMm(Number(word![1]))).toBeLessThanOrEqual(110);
    expect(toMm(Number(word![2]))).toBeGreaterThanOrEqual(45);
    expect(toMm(Number(word![2]))).toBeLessThanOrEqual(50);
  });

  it('prints the registered mention on a registered ordinary letter', async () => {
    const { sendLetter } = setup();
    const receipt = await sendLetter(noticeRequest({ template: 'litigation_announce', stepId: 'la', idempotencyKey: 'k-la', registered: true }));
    expect(pdfText(receipt.path!).flat).toContain('Lettre recommandée avec accusé de réception');
    expect(receipt.trackingNumber).toMatch(/^1A\d{11}$/);
  });

  it('prints the logo of the creditor profile', async () => {
    const dir = tempDir();
    const logoPath = join(dir, 'logo.png');
    // A 1x1 PNG is enough to check that the image is embedded.
    writeFileSync(logoPath, Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64'));
    const { sendLetter } = setup({ ...DEFAULT_CREDITOR, logoPath });
    const receipt = await sendLetter(noticeRequest({ template: 'letter_1', registered: false }));
    const images = execFileSync('pdfimages', ['-list', receipt.path!], { encoding: 'utf8' });
    expect(images).toMatch(/^\s*1\s+\d+\s+image\s+1\s+1\s/m); // page 1 holds the 1x1 image
  });

  it('renders the same bytes for the same request (CreationDate from the letter date)', async () => {
    const a = setup();
    const b = setup();
    const ra = await a.sendLetter(noticeRequest());
    const rb = await b.sendLetter(noticeRequest());
    expect(readFileSync(ra.path!).equals(readFileSync(rb.path!))).toBe(true);
    expect(execFileSync('pdfinfo', ['-isodates', ra.path!], { encoding: 'utf8' })).toMatch(/CreationDate:\s+2026-05-04T00:00:00/);
  });

  it('refuses a debtor without postal address, without retry', async () => {
    const { sendLetter } = setup();
    const req = noticeRequest();
    const err = await sendLetter({ ...req, invoice: { ...req.invoice, debtor: { ...req.invoice.debtor, address: undefined } } }).catch((e) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: LETTER_UNDELIVERABLE, nonRetryable: true });
  });
});

describe('letter idempotency', () => {
  it('a second send with the same key writes nothing and returns duplicate: true', async () => {
    const { sendLetter, outboxDir } = setup();
    const first = await sendLetter(noticeRequest());
    const second = await sendLetter(noticeRequest());
    expect(second).toEqual({ ...first, duplicate: true });
    const letters = join(outboxDir, 'letters');
    expect(readdirSync(letters).filter((f) => f.endsWith('.pdf'))).toHaveLength(1);
    const postalLog = readFileSync(join(letters, 'postal-log.jsonl'), 'utf8').trim().split('\n');
    expect(postalLog).toHaveLength(1);
    expect(JSON.parse(postalLog[0])).toMatchObject({ idempotencyKey: 'dunning-INV-2026-0099/formal_notice', registered: true, trackingNumber: first.trackingNumber });
    expect(readdirSync(letters).some((f) => f.endsWith('.tmp'))).toBe(false);
  });
});

/** The postal log's keys, line by line, parsing only the lines that parse. */
const postalKeys = (outboxDir: string) =>
  readFileSync(join(outboxDir, 'letters', 'postal-log.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      try {
        return JSON.parse(l).idempotencyKey as string;
      } catch {
        return '<torn>';
      }
    });

describe('postal log: a torn line (issue #11)', () => {
  it('a torn last line does not block later letters: they are filed, each on its own line', async () => {
    const { sendLetter, outboxDir } = setup();
    await sendLetter(noticeRequest({ template: 'letter_1', stepId: 'letter_1', idempotencyKey: 'k-1', registered: false }));
    // A crash in the middle of the next append.
    appendFileSync(join(outboxDir, 'letters', 'postal-log.jsonl'), '{"filedAt":"2026-05-04T09:00:00.000Z","idempotencyKey":"k-tor');
    const second = await sendLetter(noticeRequest({ idempotencyKey: 'k-2' }));
    const third = await sendLetter(noticeRequest({ template: 'letter_1', stepId: 'letter_1b', idempotencyKey: 'k-3', registered: false }));
    expect([second.duplicate, third.duplicate]).toEqual([false, false]);
    expect(postalKeys(outboxDir)).toEqual(['k-1', '<torn>', 'k-2', 'k-3']);
    const log = await readPostalLog(join(outboxDir, 'letters', 'postal-log.jsonl'));
    expect(log.lines.map((l) => l.idempotencyKey)).toEqual(['k-1', 'k-2', 'k-3']);
    expect(log.skipped).toBe(1);
    // Once filed, a key is still found past the torn line (no second filing).
    expect(await sendLetter(noticeRequest({ idempotencyKey: 'k-2' }))).toEqual({ ...second, duplicate: true });
    expect(postalKeys(outboxDir)).toHaveLength(4);
  });

  it('the letter whose own line was torn is filed again by its retry', async () => {
    const outboxDir = tempDir();
    mkdirSync(join(outboxDir, 'letters'));
    writeFileSync(join(outboxDir, 'letters', 'postal-log.jsonl'), '{"filedAt":"2026-05-04T09:00:00.000Z","idempotencyKey":"dunning-INV-2026-0099/form');
    const adapter = createFilingPostalAdapter(outboxDir);
    expect(await adapter.lookup?.('dunning-INV-2026-0099/formal_notice')).toBeUndefined();
    const sendLetter = createLetterSender({ outboxDir, sentLog: createFileSentLog(outboxDir), creditor: DEFAULT_CREDITOR });
    await sendLetter(noticeRequest());
    expect(postalKeys(outboxDir)).toEqual(['<torn>', 'dunning-INV-2026-0099/formal_notice']);
  });
});

describe('letters: the uncertain case (issue #11)', () => {
  const key = 'dunning-INV-2026-0099/formal_notice';

  function dying(log: SentLog): SentLog {
    let armed = true;
    return {
      ...log,
      async record(k, receipt, intent) {
        if (armed) {
          armed = false;
          throw new Error('worker died before recording the receipt');
        }
        return log.record(k, receipt, intent);
      },
    };
  }

  it('a crash between filing and the receipt: the filing answers the lookup, the retry files nothing and returns a normal receipt', async () => {
    const outboxDir = tempDir();
    const sentLog = createFileSentLog(outboxDir);
    const sendLetter = createLetterSender({ outboxDir, sentLog: dying(sentLog), creditor: DEFAULT_CREDITOR });
    await expect(sendLetter(noticeRequest())).rejects.toThrow('worker died');
    expect(await sentLog.read(key)).toMatchObject({ state: 'intent', intent: { provider: 'filing', channel: 'letter', path: letterPath(outboxDir, 'INV-2026-0099', 'formal_notice') } });
    const retry = await sendLetter(noticeRequest());
    expect(retry).toEqual({
      messageId: messageIdFor(key),
      channel: 'letter',
      duplicate: true,
      provider: 'filing',
      path: letterPath(outboxDir, 'INV-2026-0099', 'formal_notice'),
      trackingNumber: expect.stringMatching(/^1A\d{11}$/),
    });
    expect(postalKeys(outboxDir)).toEqual([key]);
    expect(await sentLog.get(key)).toMatchObject({ trackingNumber: retry.trackingNumber });
  });

  /** A hybrid-mail provider that counts what it posts; with or without a lookup. */
  function provider(opts: { lookup?: 'answers' | 'fails' } = {}) {
    const posted: string[] = [];
    const adapter: PostalAdapter = {
      provider: 'hybrid',
      async send(req) {
        posted.push(req.idempotencyKey);
        return { provider: 'hybrid', trackingNumber: 'TRK-1' };
      },
      ...(opts.lookup === 'answers' ? { lookup: async (k: string) => (posted.includes(k) ? { provider: 'hybrid', trackingNumber: 'TRK-1' } : undefined) } : {}),
      ...(opts.lookup === 'fails' ? { lookup: async () => Promise.reject(new Error('provider API down')) } : {}),
    };
    return { posted, adapter };
  }

  it('a provider without lookup: uncertain by default (nothing posted again); resend policy posts exactly once more', async () => {
    const outboxDir = tempDir();
    const sentLog = createFileSentLog(outboxDir);
    const { posted, adapter } = provider();
    const sendLetter = createLetterSender({ outboxDir, sentLog: dying(sentLog), creditor: DEFAULT_CREDITOR, postal: adapter });
    await expect(sendLetter(noticeRequest())).rejects.toThrow('worker died');
    const retry = await sendLetter(noticeRequest());
    expect(retry).toMatchObject({ channel: 'letter', duplicate: false, provider: 'hybrid', path: letterPath(outboxDir, 'INV-2026-0099', 'formal_notice') });
    expect(retry.uncertain?.reason).toBe('a previous attempt called hybrid and died before recording its answer; hybrid offers no lookup here; not resent (policy: review)');
    expect(posted).toEqual([key]);

    // The operator decides to send it again for another key in the same state.
    const resendKey = 'dunning-INV-2026-0099/formal_notice-2';
    const dyingAgain = createLetterSender({ outboxDir, sentLog: dying(sentLog), creditor: DEFAULT_CREDITOR, postal: adapter });
    await expect(dyingAgain(noticeRequest({ idempotencyKey: resendKey }))).rejects.toThrow('worker died');
    const resent = await dyingAgain(noticeRequest({ idempotencyKey: resendKey, onUncertain: 'resend' }));
    expect(resent).toMatchObject({ duplicate: false, trackingNumber: 'TRK-1' });
    expect(resent.uncertain).toBeUndefined();
    expect(posted).toEqual([key, resendKey, resendKey]);
  });

  it('a provider whose lookup answers reconciles; one whose lookup fails leaves the key for review', async () => {
    for (const lookup of ['answers', 'fails'] as const) {
      const outboxDir = tempDir();
      const { posted, adapter } = provider({ lookup });
      const sendLetter = createLetterSender({ outboxDir, sentLog: dying(createFileSentLog(outboxDir)), creditor: DEFAULT_CREDITOR, postal: adapter });
      await expect(sendLetter(noticeRequest())).rejects.toThrow('worker died');
      const retry = await sendLetter(noticeRequest());
      expect(posted).toEqual([key]);
      if (lookup === 'answers') expect(retry).toMatchObject({ duplicate: true, trackingNumber: 'TRK-1', provider: 'hybrid' });
      else expect(retry.uncertain?.reason).toContain('the lookup failed: provider API down; not resent (policy: review)');
    }
  });
});

