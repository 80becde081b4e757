import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import versions from '../../scripts/temporal-versions.json';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../workflows/search-attributes';

const root = join(__dirname, '..', '..');
/** compose-go (the parser Docker Compose uses), built from the Go module proxy: no Docker engine needed. */
function loadCompose(file: string) {
  return spawnSync('go', ['run', '.', file], { cwd: join(root, 'scripts', 'compose-validate'), encoding: 'utf8', timeout: 300_000 });
}

describe('docker-compose.yml', () => {
  it('parses with compose-go and wires PostgreSQL, the four Temporal services, UI, admin tools and the worker', () => {
    const r = loadCompose(join(root, 'docker-compose.yml'));
    expect(r.stderr).not.toMatch(/invalid compose file/);
    expect(r.status).toBe(0);
    const project = JSON.parse(r.stdout);
    expect(Object.keys(project.services).sort()).toEqual([
      'postgresql', 'temporal-admin-tools', 'temporal-frontend', 'temporal-history', 'temporal-internal-worker',
      'temporal-matching', 'temporal-schema', 'temporal-ui', 'worker',
    ]);
    expect(project.services.worker.build.dockerfile).toBe('Dockerfile');
    expect(project.services.worker.environment.TEMPORAL_ADDRESS).toBe('temporal-frontend:7233');
    expect(project.services.worker.depends_on['temporal-admin-tools'].condition).toBe('service_completed_successfully');
    expect(project.services['temporal-schema'].depends_on.postgresql.condition).toBe('service_healthy');
    expect(project.services['temporal-history'].depends_on['temporal-schema'].condition).toBe('service_completed_successfully');
    // Every search attribute the workflow upserts is registered, with the same type.
    const script: string = project.services['temporal-admin-tools'].command.join('\n');
    for (const d of SEARCH_ATTRIBUTE_DEFINITIONS) expect(script).toContain(`ensure ${d.name} ${d.type}`);
    const ensured = [...script.matchAll(/ensure (Dunning\w+) (\w+)/g)].map((m) => m[1]);
    expect(ensured.sort()).toEqual(SEARCH_ATTRIBUTE_DEFINITIONS.map((d) => d.name).sort());
  }, 300_000);

  it('runs the same server version, config file and values as `npm run cluster`', () => {
    const project = JSON.parse(loadCompose(join(root, 'docker-compose.yml')).stdout);
    const server = (versions as { server: string }).server;
    const config = readFileSync(join(root, 'config', 'temporal', 'cluster.yaml'), 'utf8');
    for (const [service, flag] of [['temporal-frontend', 'frontend'], ['temporal-history', 'history'], ['temporal-matching', 'matching'], ['temporal-internal-worker', 'worker']]) {
      const s = project.services[service];
      expect(s.image).toBe(`temporalio/server:${server}`);
      expect(s.entrypoint.join(' ')).toContain(`--config etc/temporal/dunning --env cluster start --service ${flag}`);
      expect(s.volumes[0]).toMatchObject({ source: join(root, 'config', 'temporal'), target: '/etc/temporal/dunning', read_only: true });
      // Values compose sets itself must be the config file's defaults (what the native cluster runs).
      expect(config).toContain(`env "NUM_HISTORY_SHARDS" | default "${s.environment.NUM_HISTORY_SHARDS}"`);
    }
    expect(project.services['temporal-schema'].image).toBe(`temporalio/admin-tools:${server}`);
    expect(project.services['temporal-admin-tools'].image).toBe(`temporalio/admin-tools:${server}`);
    expect(project.services['temporal-frontend'].ports[0].published).toBe('7233');
    expect(config).toContain('env "FRONTEND_GRPC_PORT" | default "7233"');
    expect(config).toContain('env "DBNAME" | default "temporal"');
    expect(config).toContain('env "VISIBILITY_DBNAME" | default "temporal_visibility"');
    // Both Web UIs take the codec server's address from the same variable.
    expect(project.services['temporal-ui'].environment).toHaveProperty('TEMPORAL_CODEC_ENDPOINT');
    expect(readFileSync(join(root, 'config', 'temporal', 'ui.yaml'), 'utf8')).toContain('env "TEMPORAL_CODEC_ENDPOINT"');
  }, 300_000);

  it('rejects a compose file with an error (the parser is real)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-'));
    const bad = join(dir, 'docker-compose.yml');
    writeFileSync(bad, 'services:\n  worker:\n    image: x\n    depends_on: [missing]\n');
    const r = loadCompose(bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/invalid compose file.*missing/);
  }, 300_000);

  it('the Dockerfile builds the worker from the lockfile', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/COPY package.json package-lock.json/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/CMD \["npx", "tsx", "worker\/index.ts"\]/);
  });
});
