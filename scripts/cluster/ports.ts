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

export function clusterPorts(frontend: number): ClusterPorts {
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
