#!/usr/bin/env node
// The `dunning` command: runs the TypeScript CLI through tsx (no build step).
require('tsx/cjs');
require('../client/cli.ts')
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
