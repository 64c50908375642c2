#!/usr/bin/env node
'use strict';
/*
 * The app under `npm run start:dev`: scripts/dev.ts gives this file to `nest start --exec`. Nest's CLI
 * wraps an entry path that holds a space in quotes, for a shell to read; without a shell (which would
 * not pass on the watcher's SIGTERM) the quotes reach Node as part of the file name, and a project in
 * "/home/me/My Projects" could not start (nestjs/nest-cli#2358). This takes them off and runs the app in
 * this same process, so signals reach it as they would reach `node`.
 */
const args = process.argv.slice(2);
if (args[0] === '--enable-source-maps') {
  process.setSourceMapsEnabled(true);
  args.shift();
}
const entry = args[0].replace(/^"(.*)"$/, '$1');
process.argv = [process.argv[0], entry, ...args.slice(1)];
require(entry);
