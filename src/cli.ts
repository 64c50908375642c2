import 'reflect-metadata';
// `npm run cli -- <command>` (USAGE in src/cli/cli-usage.ts): Folio's commands; their shared runtime and the
// Ghost import live in src/cli/.
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { loadProjectEnv } from '../libs/project/project-root';
import { parseArgs } from 'node:util';
import { DatabaseError } from '../libs/database/database-errors';
import { StartupError } from '../libs/database/startup-error';
import { loadConfig } from './config/app-config';
import { normalizedEmail } from './common/email-address';
import { NewUser } from './modules/accounts/dto/register-user.dto';
import { AccountEmailsService } from './modules/accounts/account-emails.service';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PasswordHasher,
} from './modules/accounts/password-hasher';
import { isWeakSecret } from './config/production-secrets';
import { recountArticles } from './modules/posts/article-counters';
import { GhostExportError } from './modules/posts/ghost-export';
import { Logger } from '@nestjs/common';
import { cliLogger, withApp, withDatabase } from './cli/cli-runtime';
import { usageError, USAGE } from './cli/cli-usage';
import { exportGhostCommand } from './cli/export-ghost.command';
import { importGhostCommand } from './cli/import-ghost.command';
import { importSubscribersCommand } from './cli/import-subscribers.command';
import { moveSiteUrl, siteOrigin } from './modules/media/site-url-move';
import { createSuperuser } from './modules/accounts/superuser-bootstrap';

async function recountCommand(): Promise<number> {
  const drifted = await withDatabase(loadConfig(process.env), recountArticles);
  console.log(
    drifted === 0
      ? 'Article counters rebuilt: every count was right'
      : `Article counters rebuilt: ${drifted} count${drifted === 1 ? ' was' : 's were'} wrong and are right now`,
  );
  return 0;
}

async function moveSiteUrlCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { from: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  });
  if (values.from === undefined) return usageError('move-site-url needs --from <old address>');
  const from = siteOrigin(values.from);
  if (from === undefined) {
    return usageError(`--from must be an http(s) address with no path (given: ${values.from})`);
  }
  const config = loadConfig(process.env);
  const to = config.site.publicUrl;
  if (from === to) {
    console.error(`APP_URL is ${to} already: set it to the new address, then run this again`);
    return 1;
  }
  const dryRun = values['dry-run'] === true;
  const moved = await withDatabase(config, (dataSource) =>
    moveSiteUrl(dataSource, from, to, dryRun),
  );
  const counts = Object.entries(moved)
    .map(
      ([table, rows]) =>
        `${rows} ${table === 'users' ? 'user' : table.slice(0, -1)}${rows === 1 ? '' : 's'}`,
    )
    .join(', ');
  console.log(`${dryRun ? 'Would point' : 'Pointed'} ${from}/… at ${to}/… in ${counts}`);
  return 0;
}

async function createSuperuserCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      username: { type: 'string' },
      password: { type: 'string' },
    },
  });
  const input = plainToInstance(NewUser, {
    email: values.email ?? '',
    username: values.username ?? '',
    password: values.password ?? process.env.SUPERUSER_PASSWORD ?? '',
  });
  const problems = await validate(input);
  if (problems.length > 0) {
    for (const problem of problems) {
      console.error(`${problem.property} ${Object.values(problem.constraints ?? {})[0]}`);
    }
    console.error(USAGE);
    return 2;
  }
  if (refusedInProduction(input.password)) return 2;
  const config = loadConfig(process.env);
  const outcome = await withDatabase(config, (dataSource) =>
    createSuperuser(dataSource, new PasswordHasher(config.auth.argon2), input, {
      promoteExisting: true,
    }),
  );
  if (outcome === 'unverified') {
    console.error(
      `An account with <${input.email}> exists but has never verified that address, so it may not be yours: nothing changed. Verify it (or delete it), then run this again.`,
    );
    return 1;
  }
  console.log(
    outcome === 'created'
      ? `Administrator ${input.username} <${input.email}> created`
      : outcome === 'promoted'
        ? `The account <${input.email}> is now an administrator (its username and password are unchanged)`
        : `<${input.email}> is already an administrator`,
  );
  return 0;
}

/**
 * In production a password given to the CLI is held to the rule the start holds secrets to (its
 * FIRST_SUPERUSER_PASSWORD): an administrator's password is the blog's. Says so and is true when refused.
 */
function refusedInProduction(password: string): boolean {
  // Before the settings are checked (which may refuse the database's own password), so that the
  // command says what is wrong with what it was given.
  if (process.env.NODE_ENV !== 'production' || !isWeakSecret(password)) return false;
  console.error(
    'Refusing in production: the password is a default or weak secret (use 12 or more random characters)',
  );
  return true;
}

async function setPasswordCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, password: { type: 'string' } },
  });
  const email = normalizedEmail(values.email ?? '');
  const password = values.password ?? process.env.NEW_PASSWORD ?? '';
  if (!email) return usageError('set-password needs --email <email>');
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    return usageError(
      `the password must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters long (--password or NEW_PASSWORD)`,
    );
  }
  if (refusedInProduction(password)) return 2;
  const config = loadConfig(process.env);
  const found = await withApp(config, (app) =>
    app.get(AccountEmailsService).setPassword(email, password),
  );
  if (!found) {
    console.error(`No account has the email <${email}>: nothing changed.`);
    return 1;
  }
  console.log(`The password of <${email}> is set; its sessions are signed out everywhere.`);
  return 0;
}

async function main(): Promise<number> {
  loadProjectEnv();
  Logger.overrideLogger(cliLogger);
  const [command, ...args] = process.argv.slice(2);
  if (command === undefined || ['--help', '-h', 'help'].includes(command)) {
    // Asked for: the usage on standard output, a success. Not asked for (no command): a usage error.
    (command ? console.log : console.error)(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'create-superuser') return createSuperuserCommand(args);
  if (command === 'set-password') return setPasswordCommand(args);
  if (command === 'recount') {
    if (args.length === 0) return recountCommand();
    return usageError(`recount takes no arguments (given: ${args.join(' ')})`);
  }
  if (command === 'import-ghost') return importGhostCommand(args);
  if (command === 'export-ghost') return exportGhostCommand(args);
  if (command === 'import-subscribers') return importSubscribersCommand(args);
  if (command === 'move-site-url') return moveSiteUrlCommand(args);
  return usageError(`Unknown command: ${command}`);
}

/** An option parseArgs does not know, or one missing its value: a usage error too. */
const isParseArgsError = (error: unknown) =>
  /^ERR_PARSE_ARGS_/.test(String((error as NodeJS.ErrnoException)?.code ?? ''));

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isParseArgsError(error)) process.exit(usageError((error as Error).message));
    const known =
      error instanceof StartupError ||
      error instanceof DatabaseError ||
      error instanceof GhostExportError;
    // Anything else: its message only, as `npm start` says it (a failed statement carries its SQL and
    // parameters); the stack and those with LOG_LEVEL=debug or trace.
    console.error(known ? error.message : `Failed: ${(error as Error).message ?? String(error)}`);
    if (!known && /^(debug|trace)$/.test(process.env.LOG_LEVEL ?? '')) console.error(error);
    process.exit(1);
  },
);
