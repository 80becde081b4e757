import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CREDITOR, DEFAULT_CREDITOR_INPUT, loadCreditorProfile, parseCreditorProfile } from '../../config/creditor';
import { tempDir } from './helpers';

const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe('creditor profile', () => {
  it('has a valid default profile', () => {
    expect(DEFAULT_CREDITOR.siren).toBe('912345675');
    expect(DEFAULT_CREDITOR.bank.iban).toBe('FR6099999000010001234567806');
    expect(DEFAULT_CREDITOR.place).toBe('Paris');
  });

  it('returns the default profile when no file is given', () => {
    expect(loadCreditorProfile(undefined)).toEqual(DEFAULT_CREDITOR);
  });

  it('reads a JSON file and resolves the logo next to it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'logo.png'), TINY_PNG);
    const file = join(dir, 'creditor.json');
    writeFileSync(file, JSON.stringify({ ...DEFAULT_CREDITOR_INPUT, companyName: 'Autre Société', logoPath: 'logo.png' }));
    const profile = loadCreditorProfile(file);
    expect(profile.companyName).toBe('Autre Société');
    expect(profile.logoPath).toBe(join(dir, 'logo.png'));
  });

  it('names each faulty field', () => {
    const bad = { ...DEFAULT_CREDITOR_INPUT, siren: '912345676', collector: { name: 'X', email: 'not-an-email' }, bank: { iban: 'FR00 1234', bic: 'BQVBFRPPXXX' } };
    expect(() => parseCreditorProfile(bad)).toThrow(/siren: check digit/);
    expect(() => parseCreditorProfile(bad)).toThrow(/collector\.email/);
    expect(() => parseCreditorProfile(bad)).toThrow(/bank\.iban/);
  });

  it('checks that a French VAT number matches the SIREN', () => {
    expect(() => parseCreditorProfile({ ...DEFAULT_CREDITOR_INPUT, vatNumber: 'FR65123456789' })).toThrow(/vatNumber: a French VAT number ends with the SIREN/);
  });

  it('reports a missing logo and unreadable JSON with the file name', () => {
    const dir = tempDir();
    const file = join(dir, 'creditor.json');
    writeFileSync(file, JSON.stringify({ ...DEFAULT_CREDITOR_INPUT, logoPath: 'missing.png' }));
    expect(() => loadCreditorProfile(file)).toThrow(/logoPath: no file at/);
    writeFileSync(file, '{ not json');
    expect(() => loadCreditorProfile(file)).toThrow(/creditor\.json cannot be read as JSON/);
  });

  it('examples/creditor.json (the example of docs/channels.md) is a valid profile', () => {
    expect(loadCreditorProfile(join(__dirname, '..', '..', 'examples', 'creditor.json'))).toEqual(DEFAULT_CREDITOR);
  });
});
