/**
 * Lint of the import graph (rules in scripts/lint/rules.ts): workflow code stays deterministic and
 * free of zod, domain/ imports only domain/ and zod, and no file takes part in an import cycle
 * (type-only imports included). `--root DIR` checks another tree (the lint's own tests plant
 * violations in a copy).
 */
import { resolve } from 'node:path';
import { lint } from './lint/rules';

const at = process.argv.indexOf('--root');
const root = at > 0 && process.argv[at + 1] ? resolve(process.argv[at + 1]) : resolve(__dirname, '..');
const report = lint(root);

if (report.problems.length) {
  console.error(`import lint failed:\n  ${report.problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `import lint: ${report.workflowFiles} files reachable from workflows/ are deterministic; domain/ imports only domain/ and zod; no import cycle in ${report.files} files`,
);
