import { DEFAULT_POLICY_INPUT } from './default';
import { PolicySchema, type Policy } from './schema';

/**
 * Policies read with zod, outside workflows (the CLI, tests): a policy file, and the default policy
 * parsed once. Workflows check the same input with domain/wire/policy.ts.
 */
export const DEFAULT_POLICY: Policy = PolicySchema.parse(DEFAULT_POLICY_INPUT);

/** Parses a policy read from JSON; the error names each wrong field by its path. */
export function parsePolicy(raw: unknown, source = 'policy'): Policy {
  const r = PolicySchema.safeParse(raw);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  throw new Error(`${source} is not a valid dunning policy:\n${lines.join('\n')}`);
}
