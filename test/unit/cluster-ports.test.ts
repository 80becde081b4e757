/** The native cluster's ports (scripts/cluster/ports.ts): Temporal's defaults, and the smallint limit of the membership table. */
import { describe, expect, it } from 'vitest';
import { clusterPorts, MAX_FRONTEND_PORT } from '../../scripts/cluster/ports';

describe('cluster ports', () => {
  it("derive from the frontend's with Temporal's default offsets", () => {
    expect(clusterPorts(7233)).toEqual({
      frontend: 7233,
      frontendHttp: 7243,
      history: 7234,
      matching: 7235,
      internalWorker: 7239,
      membership: { frontend: 6933, history: 6934, matching: 6935, internalWorker: 6939 },
    });
  });

  it('refuse a frontend port whose membership ports PostgreSQL cannot store (smallint)', () => {
    expect(clusterPorts(MAX_FRONTEND_PORT).membership.internalWorker).toBeLessThanOrEqual(32767);
    expect(() => clusterPorts(37233)).toThrow(/smallint/);
  });
});
