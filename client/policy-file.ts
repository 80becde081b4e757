/**
 * A policy JSON for `dunning start --policy`. It is checked here with the workflow's own parser
 * (errors name each field), but the RAW object is what travels in DunningInput: the workflow
 * parses it again, and the run keeps the policy exactly as written for its whole life.
 */
import { readFileSync } from 'node:fs';
import { parsePolicy } from '../domain/policy/parse';
import { type Policy, type PolicyInput } from '../domain/policy/schema';
import { usageError } from './errors';

export interface LoadedPolicy {
  raw: PolicyInput;
  parsed: Policy;
}

export function loadPolicyFile(path: string): LoadedPolicy {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw usageError(`cannot read the policy ${path} as JSON: ${(err as Error).message}`);
  }
  try {
    return { raw: raw as PolicyInput, parsed: parsePolicy(raw, path) };
  } catch (err) {
    throw usageError((err as Error).message);
  }
}
