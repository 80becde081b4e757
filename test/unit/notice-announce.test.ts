import { describe, expect, it } from 'vitest';
import { buildFacts } from '../../domain/dunning/facts';
import { localDateOf } from '../../domain/time/calendar';
import { Shell } from './core/driver';

/** Issue 16: the last notice names the day the formal notice is planned instead of "dans les tout prochains jours". */
describe('per-invoice mode: the notice announcement carries the day of the planned formal notice', () => {
  it('announced with the day the planner gives the formal notice, which is when it goes', () => {
    const sh = Shell.start({ at: '2027-01-25T08:00:00Z' });
    let announce = sh.next();
    while (announce && !(announce.kind === 'send' && announce.template === 'notice_announce')) {
      sh.runUntil(announce.at);
      announce = sh.next();
    }
    if (announce?.kind !== 'send') throw new Error('no notice announcement planned');
    const facts = buildFacts(sh.state, sh.policy, announce.at, announce);
    sh.runUntil('2027-04-30T00:00:00Z');
    const notice = sh.state.touches.find((t) => t.template === 'formal_notice');
    expect(facts.noticePlannedOn).toBe(localDateOf(notice!.at, 'Europe/Paris'));
    expect(facts.noticePlannedOn! > facts.today).toBe(true);
    // Any other message carries no such day.
    expect(buildFacts(sh.state, sh.policy, announce.at, { ...announce, template: 'letter_1' }).noticePlannedOn).toBeUndefined();
  });
});
