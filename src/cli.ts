import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { config as loadDotenv } from 'dotenv';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../libs/database/data-source-options';
import { describeConnectionError } from '../libs/database/connection-errors';
import { DatabaseError } from '../libs/database/database-errors';
import { resolveDatabase } from '../libs/database/database-url';
import { StartupError } from '../libs/database/startup-error';
import { loadConfig } from './config/app-config';
import { NewUser } from './modules/accounts/dto/register-user.dto';
import { PasswordHasher } from './modules/accounts/password-hasher';
import { recountArticles } from './modules/posts/article-counters';
import { GhostExportError, planGhostImport } from './modules/posts/ghost-export';
import { importGhostPlan } from './modules/posts/ghost-import';
import { createSuperuser } from './modules/accounts/superuser-bootstrap';

const USAGE = `Usage: npm run cli -- create-superuser --email <email> --username <name> [--password <pw>]
  Without --password, the password is read from the SUPERUSER_PASSWORD variable.
  Makes an administrator; an existing account with that email is promoted (and verified, activated).
       npm run cli -- recount
  Rebuilds the article counters (lists' counts, tags in use) from the articles; safe while Folio runs.
       npm run cli -- import-ghost <export.json> [--ghost-url <old site>] [--author <username>] [--dry-run]
  Brings a Ghost export's posts in as articles: slugs, dates, tags and authors (by email; the others
  to --author) kept, HTML as markdown. --dry-run says what it would do and writes nothing.`;

/** Runs `work` on the database the settings name (the embedded one by default), then lets it go. */
async function withDatabase<T>(work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const database = await resolveDatabase(process.env, (line) => console.error(line));
  const dataSource = new DataSource(dataSourceOptions({ url: database.url }));
  try {
    await dataSource.initialize();
  } catch (error) {
    await database.embedded?.stop();
    // A server that is down, a wrong password, a missing database: one line, as `npm start` says it.
    throw describeConnectionError(error, database.url) ?? error;
  }
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
    await database.embedded?.stop();
  }
}

async function recountCommand(): Promise<number> {
  const drifted = await withDatabase(recountArticles);
  console.log(
    drifted === 0
      ? 'Article counters rebuilt: every count was right'
      : `Article counters rebuilt: ${drifted} count${drifted === 1 ? ' was' : 's were'} wrong and are right now`,
  );
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
  const config = loadConfig(process.env);
  const outcome = await withDatabase((dataSource) =>
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

async function importGhostCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'ghost-url': { type: 'string' },
      author: { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const [path] = positionals;
  let plan;
  try {
    plan = planGhostImport(JSON.parse(readFileSync(path, 'utf8')), {
      ghostUrl: values['ghost-url'],
    });
  } catch (error) {
    // A missing or unreadable file, one that is not JSON, one that is not a Ghost export: one line.
    const said =
      error instanceof GhostExportError ||
      error instanceof SyntaxError ||
      (error as NodeJS.ErrnoException).code !== undefined;
    if (!said) throw error;
    console.error(`${path}: ${(error as Error).message}`);
    return 1;
  }
  const dryRun = values['dry-run'] ?? false;
  const outcome = await withDatabase((dataSource) =>
    importGhostPlan(dataSource, plan, { fallbackAuthor: values.author, dryRun }),
  );
  const list = (title: string, posts: { slug: string; reason: string }[]) => {
    if (posts.length === 0) return;
    console.log(`${title} (${posts.length}):`);
    for (const post of posts) console.log(`  ${post.slug}: ${post.reason}`);
  };
  const count = (status: string) =>
    outcome.imported.filter((article) => article.status === status).length;
  console.log(
    `${dryRun ? 'Dry run, nothing written: would import' : 'Imported'} ${outcome.imported.length} article${outcome.imported.length === 1 ? '' : 's'} (${count('published')} published, ${count('scheduled')} scheduled, ${count('draft')} draft${count('draft') === 1 ? '' : 's'}${count('withheld') ? `, ${count('withheld')} withheld` : ''})`,
  );
  // Published as the plan said, but not shown: their author's account here is deactivated.
  list(
    'Withheld, their author deactivated (shown once the account is active again)',
    outcome.imported
      .filter((article) => article.status === 'withheld')
      .map(({ slug }) => ({ slug, reason: 'its author is deactivated here' })),
  );
  list('Drafts, not published', outcome.drafted);
  list('Left out', outcome.skipped);
  return 0;
}

async function main(): Promise<number> {
  loadDotenv({ quiet: true });
  const [command, ...args] = process.argv.slice(2);
  if (command === 'create-superuser') return createSuperuserCommand(args);
  if (command === 'recount' && args.length === 0) return recountCommand();
  if (command === 'import-ghost') return importGhostCommand(args);
  console.error(USAGE);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof StartupError || error instanceof DatabaseError;
    console.error(known ? error.message : error);
    process.exit(1);
  },
);
