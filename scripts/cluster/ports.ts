/**
 * Every port of the cluster derives from the frontend's, with the offsets of Temporal's own
 * defaults (7233 frontend, 7234 history, 7235 matching, 7239 worker, 69xx membership, 7243 HTTP):
 * the default cluster uses exactly those, a test cluster on 17233 gets 17234, 16933, ...
 */
export interface ClusterPorts {
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  internalWorker: number;
  membership: { frontend: number; history: number; matching: number; internalWorker: number };
}

/**
 * The services write their membership port to PostgreSQL's cluster_membership.rpc_port, a
 * smallint: above 32767 every service dies at start ("value ... is out of range for type
 * smallint"), so the frontend port (membership ports 294 to 300 below it) is kept at or below 33061.
 */
export const MAX_FRONTEND_PORT = 32767 + 294;

export function clusterPorts(frontend: number): ClusterPorts {
  if (!Number.isInteger(frontend) || frontend < 1300 || frontend > MAX_FRONTEND_PORT) {
    throw new Error(`frontend port ${frontend}: choose 1300-${MAX_FRONTEND_PORT} (the membership ports, 294 to 300 below, must fit PostgreSQL's smallint column)`);
  }
  return {
    frontend,
    frontendHttp: frontend + 10,
    history: frontend + 1,
    matching: frontend + 2,
    internalWorker: frontend + 6,
    membership: { frontend: frontend - 300, history: frontend - 299, matching: frontend - 298, internalWorker: frontend - 294 },
  };
}

/** The variables config/temporal/cluster.yaml reads for these ports. */
export function portEnv(p: ClusterPorts): Record<string, string> {
  return {
    FRONTEND_GRPC_PORT: String(p.frontend),
    FRONTEND_HTTP_PORT: String(p.frontendHttp),
    HISTORY_GRPC_PORT: String(p.history),
    MATCHING_GRPC_PORT: String(p.matching),
    WORKER_GRPC_PORT: String(p.internalWorker),
    FRONTEND_MEMBERSHIP_PORT: String(p.membership.frontend),
    HISTORY_MEMBERSHIP_PORT: String(p.membership.history),
    MATCHING_MEMBERSHIP_PORT: String(p.membership.matching),
    WORKER_MEMBERSHIP_PORT: String(p.membership.internalWorker),
  };
}
