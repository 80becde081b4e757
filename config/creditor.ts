/**
 * The creditor profile: who "we" are on every email and letter (letterhead, signature,
 * payment instructions, legal mentions). Finance edits it as JSON (DUNNING_CREDITOR_FILE).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { AddressSchema } from '../domain/invoice/schema';

/** SIREN and IBAN carry check digits: a typo is caught here rather than on a formal notice. */
function luhnOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}
function ibanOk(iban: string): boolean {
  const moved = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  return BigInt(moved) % 97n === 1n;
}
const compact = (s: string) => s.replace(/\s+/g, '').toUpperCase();

const Siren = z
  .string()
  .transform(compact)
  .pipe(z.string().regex(/^\d{9}$/, '9 digits').refine(luhnOk, 'check digit is wrong (Luhn)'));
const VatNumber = z
  .string()
  .transform(compact)
  .pipe(z.string().regex(/^[A-Z]{2}[0-9A-Z]{2,13}$/, 'an intra-EU VAT number such as FR65912345675'));
const Iban = z
  .string()
  .transform(compact)
  .pipe(z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/, 'an IBAN').refine(ibanOk, 'check digits are wrong'));
const Bic = z
  .string()
  .transform(compact)
  .pipe(z.string().regex(/^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/, 'a BIC of 8 or 11 characters'));

/** Text that exists in both languages of the templates. */
const LocalizedText = z.object({ fr: z.string().min(1), en: z.string().min(1) });

export const CreditorProfileSchema = z
  .object({
    companyName: z.string().min(1),
    /** e.g. "SAS au capital de 120 000 €", printed in the letter footer. */
    legalForm: z.string().optional(),
    /** e.g. "RCS Paris 912 345 675". */
    rcs: z.string().optional(),
    address: AddressSchema,
    siren: Siren,
    vatNumber: VatNumber,
    /** PNG or JPEG printed at the top left of letters; relative paths are read from the profile's folder. */
    logoPath: z.string().regex(/\.(png|jpe?g)$/i, 'a .png, .jpg or .jpeg file').optional(),
    phone: z.string().min(3),
    email: z.email(),
    website: z.string().optional(),
    /** Signs the messages and receives the replies (reply-to). */
    collector: z.object({
      name: z.string().min(1),
      email: z.email(),
      title: LocalizedText.optional(),
      phone: z.string().min(3).optional(),
    }),
    /**
     * Who makes the calls a policy gives to a role other than the collector's (a sales rep, the
     * credit controller, the manager): the call script names them. A role left out gets a
     * "[votre nom]" placeholder in its script rather than someone else's name.
     */
    callers: z
      .object({
        sales_rep: z.object({ name: z.string().min(1), title: LocalizedText.optional() }),
        credit_controller: z.object({ name: z.string().min(1), title: LocalizedText.optional() }),
        manager: z.object({ name: z.string().min(1), title: LocalizedText.optional() }),
      })
      .partial()
      .optional(),
    /** City written in the date line: "Paris, le 2 mai 2026". */
    place: z.string().min(1),
    bank: z.object({ iban: Iban, bic: Bic, bankName: z.string().optional() }),
    legalMentions: z.object({
      /** The penalty clause of the terms of sale, quoted in letters (Code de commerce L441-10). */
      penaltyClause: LocalizedText,
    }),
  })
  .refine((c) => !c.vatNumber.startsWith('FR') || c.vatNumber.slice(4) === c.siren, {
    message: 'a French VAT number ends with the SIREN',
    path: ['vatNumber'],
  });
export type CreditorProfile = z.infer<typeof CreditorProfileSchema>;
export type CreditorProfileInput = z.input<typeof CreditorProfileSchema>;

/** A plausible fictitious company (".example" domain, ARCEP fiction phone range 01 99 00). */
export const DEFAULT_CREDITOR_INPUT: CreditorProfileInput = {
  companyName: 'Ateliers Verbois',
  legalForm: 'SAS au capital de 120 000 €',
  rcs: 'RCS Paris 912 345 675',
  address: { lines: ['18 rue des Tanneurs'], postalCode: '75011', city: 'Paris', country: 'FR' },
  siren: '912 345 675',
  vatNumber: 'FR65912345675',
  phone: '01 99 00 12 34',
  email: 'comptabilite@verbois.example',
  website: 'www.verbois.example',
  collector: {
    name: 'Claire Martin',
    email: 'claire.martin@verbois.example',
    title: { fr: 'Chargée de recouvrement', en: 'Credit controller' },
    phone: '01 99 00 12 40',
  },
  place: 'Paris',
  bank: { iban: 'FR60 9999 9000 0100 0123 4567 806', bic: 'BQVBFRPPXXX', bankName: 'Banque Verbois Paris Bastille' },
  legalMentions: {
    penaltyClause: {
      fr:
        "Tout retard de paiement entraîne de plein droit, dès le lendemain de la date d'échéance et sans qu'un rappel soit nécessaire, " +
        "l'application de pénalités de retard au taux de refinancement de la Banque centrale européenne majoré de 10 points, " +
        "ainsi qu'une indemnité forfaitaire pour frais de recouvrement de 40 € (articles L441-10 et D441-5 du Code de commerce).",
      en:
        'Any late payment automatically incurs, from the day after the due date and without any reminder being necessary, ' +
        'late-payment penalties at the European Central Bank refinancing rate plus 10 percentage points, ' +
        'and a fixed recovery indemnity of EUR 40 (French Commercial Code, articles L441-10 and D441-5).',
    },
  },
};
export const DEFAULT_CREDITOR: CreditorProfile = CreditorProfileSchema.parse(DEFAULT_CREDITOR_INPUT);

/** "912 345 675" */
export const formatSiren = (siren: string) => siren.replace(/(\d{3})(?=\d)/g, '$1 ');
/** "FR60 9999 9000 ..." */
export const formatIban = (iban: string) => iban.replace(/(.{4})(?=.)/g, '$1 ');

/** "collector.email: Invalid email address; siren: 9 digits" */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}

/** Validates a profile object; errors name every faulty field. */
export function parseCreditorProfile(data: unknown, source = 'creditor profile'): CreditorProfile {
  const result = CreditorProfileSchema.safeParse(data);
  if (!result.success) throw new Error(`${source} is invalid: ${describeIssues(result.error)}`);
  return result.data;
}

/**
 * Reads the profile from `path`, else from DUNNING_CREDITOR_FILE, else returns the default profile.
 * A relative logoPath is resolved against the profile's folder and must exist.
 */
export function loadCreditorProfile(path: string | undefined = process.env.DUNNING_CREDITOR_FILE): CreditorProfile {
  if (!path) return DEFAULT_CREDITOR;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`creditor profile ${path} cannot be read as JSON: ${(err as Error).message}`);
  }
  const profile = parseCreditorProfile(raw, `creditor profile ${path}`);
  if (!profile.logoPath) return profile;
  const logoPath = isAbsolute(profile.logoPath) ? profile.logoPath : resolve(dirname(path), profile.logoPath);
  if (!existsSync(logoPath)) throw new Error(`creditor profile ${path} is invalid: logoPath: no file at ${logoPath}`);
  return { ...profile, logoPath };
}
