#!/usr/bin/env node
'use strict';
/*
 * The app under `npm run start:dev`: scripts/dev.ts gives this file to `nest start --exec`. Nest's CLI
 * wraps an entry path that holds a space in quotes, for a shell to read; without a shell (which would
 * not pass on the watcher's SIGTERM) the quotes reach Node as part of the file name, and a project in
 * "/home/me/My Projects" could not start (nestjs/nest-cli#2358). This takes them off and runs the app in
 * this same process, so signals reach it as they would reach `node`.
 */
const { existsSync, readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');

/*
 * The watcher compiles into .data/dev-build and never deletes from it: a migration removed from
 * migrations/ (reverted, then deleted) stays there compiled, and the app would apply it again at its
 * next restart. Each start keeps only the compiled migrations whose source is still there.
 */
function pruneDeletedMigrations() {
  const root = join(__dirname, '..');
  const built = join(root, '.data', 'dev-build', 'migrations');
  if (!existsSync(built)) return;
  for (const name of readdirSync(built)) {
    const source = /^(.+?)\.(js|js\.map|d\.ts)$/.exec(name)?.[1];
    if (source && !existsSync(join(root, 'migrations', `${source}.ts`))) {
      rmSync(join(built, name), { force: true });
    }
  }
}

pruneDeletedMigrations();
const args = process.argv.slice(2);
if (args[0] === '--enable-source-maps') {
  process.setSourceMapsEnabled(true);
  args.shift();
}
const entry = args[0].replace(/^"(.*)"$/, '$1');
process.argv = [process.argv[0], entry, ...args.slice(1)];
require(entry);
