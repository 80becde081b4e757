import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PolicySchema } from '../../../domain/policy/schema';
import { localDateTime, Shell } from '../core/driver';

/**
 * §2/§8: a formal notice claims a debt that is due (Code civil 1344: "mise en demeure" of an
 * exigible obligation), so it never goes before the first send slot after the due date, whatever
 * the policy says. The fast demo policy counts in seconds from the start: its notice step (+40 s)
 * falls 9 days before the due date; the notice now waits for Thu 4 Feb 09:00 Paris.
 */
describe('formal notice guard with the fast policy', () => {
  const fast = PolicySchema.parse(JSON.parse(readFileSync(join(__dirname, '../../../examples/fast-policy.json'), 'utf8')));

  it('waits for the day after the due date, and its penalty period runs forward', () => {
    // Sample invoice due Wed 3 Feb 2027; started Mon 25 Jan 09:00 Paris.
    const sh = Shell.start({ at: '2027-01-25T08:00:00Z', policy: fast }).runUntil('2027-02-10T00:00:00Z');
    const notice = sh.performed.find((p) => p.action.kind === 'send' && p.action.template === 'formal_notice');
    expect(notice && localDateTime(notice.at)).toBe('2027-02-04 09:00');
    expect(localDateTime(sh.state.formalNotice!.sentAt)).toBe('2027-02-04 09:00');
  });
});
