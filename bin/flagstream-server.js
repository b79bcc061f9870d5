#!/usr/bin/env node
'use strict';
// Launcher of the flagstream flag server (`flagstream-server --help`).
// From a built package it runs dist/server/cli.js; from a fresh clone without a build it
// registers tsx and runs the TypeScript source lib/server/cli.ts.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const built = path.join(root, 'dist', 'server', 'cli.js');

let cli;
if (fs.existsSync(built)) {
  cli = require(built);
} else {
  try {
    require('tsx/cjs');
  } catch {
    process.stderr.write('flagstream-server: no build (dist/server/cli.js) and tsx is not installed; run `npm install` or `npm run build`\n');
    process.exit(1);
  }
  cli = require(path.join(root, 'lib', 'server', 'cli.ts'));
}

cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`flagstream-server: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
