import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEARCH_ATTRIBUTE_DEFINITIONS } from '../../workflows/search-attributes';

const root = join(__dirname, '..', '..');
/** compose-go (the parser Docker Compose uses), built from the Go module proxy: no Docker engine needed. */
function loadCompose(file: string) {
  return spawnSync('go', ['run', '.', file], { cwd: join(root, 'scripts', 'compose-validate'), encoding: 'utf8', timeout: 300_000 });
}

describe('docker-compose.yml', () => {
  it('parses with compose-go and wires PostgreSQL, Temporal, UI, admin tools and the worker', () => {
    const r = loadCompose(join(root, 'docker-compose.yml'));
    expect(r.stderr).not.toMatch(/invalid compose file/);
    expect(r.status).toBe(0);
    const project = JSON.parse(r.stdout);
    expect(Object.keys(project.services).sort()).toEqual(['postgresql', 'temporal', 'temporal-admin-tools', 'temporal-ui', 'worker']);
    expect(project.services.worker.build.dockerfile).toBe('Dockerfile');
    expect(project.services.worker.environment.TEMPORAL_ADDRESS).toBe('temporal:7233');
    expect(project.services.worker.depends_on['temporal-admin-tools'].condition).toBe('service_completed_successfully');
    expect(project.services.temporal.depends_on.postgresql.condition).toBe('service_healthy');
    // Every search attribute the workflow upserts is registered, with the same type.
    const script: string = project.services['temporal-admin-tools'].command.join('\n');
    for (const d of SEARCH_ATTRIBUTE_DEFINITIONS) expect(script).toContain(`ensure ${d.name} ${d.type}`);
    const ensured = [...script.matchAll(/ensure (Dunning\w+) (\w+)/g)].map((m) => m[1]);
    expect(ensured.sort()).toEqual(SEARCH_ATTRIBUTE_DEFINITIONS.map((d) => d.name).sort());
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
