import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { loadProjectEnv } from '../libs/project/project-root';
import { HttpException, INestApplicationContext, Logger, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../libs/database/data-source-options';
import { describeConnectionError } from '../libs/database/connection-errors';
import { DatabaseError } from '../libs/database/database-errors';
import { openDataSource } from '../libs/database/database.module';
import { resolveDatabase } from '../libs/database/database-url';
import { StartupError } from '../libs/database/startup-error';
import { AppConfig, loadConfig } from './config/app-config';
import { NewUser } from './modules/accounts/dto/register-user.dto';
import { AccountEmailsService } from './modules/accounts/account-emails.service';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PasswordHasher,
} from './modules/accounts/password-hasher';
import { isWeakSecret } from './config/production-secrets';
import { recountArticles } from './modules/posts/article-counters';
import { GhostExportError, planGhostImport } from './modules/posts/ghost-export';
import { importGhostPlan } from './modules/posts/ghost-import';
import {
  folderSource,
  GhostImages,
  GhostImageSource,
  RefusedImage,
  siteSource,
  StoreImage,
} from './modules/posts/ghost-images';
import type { MediaService } from './modules/media/media.service';
import { moveSiteUrl, siteOrigin } from './modules/media/site-url-move';
import { createSuperuser } from './modules/accounts/superuser-bootstrap';

const USAGE = `Usage: npm run cli -- create-superuser --email <email> --username <name> [--password <pw>]
  Without --password, the password is read from the SUPERUSER_PASSWORD variable.
  Makes an administrator; an existing account with that email is promoted (and activated), keeping
  its username and password, if it has verified its address: an unverified one may be anyone's.
       npm run cli -- set-password --email <email> [--password <pw>]
  Without --password, the password is read from the NEW_PASSWORD variable. Sets the account's password
  (for an administrator locked out with no mail to reset it by), spends its reset links and signs it
  out everywhere.
       npm run cli -- recount
  Rebuilds the article counters (lists' counts, tags in use) from the articles; safe while Folio runs.
       npm run cli -- import-ghost <export.json> [--ghost-url <old site>] [--author <username>]
                                [--images <folder> | --fetch-images] [--dry-run]
  Brings a Ghost export's posts in as articles and its pages as pages: slugs, dates, tags and authors
  (by email; the others to --author) kept, HTML as markdown. --images copies the old site's images into the media library
  from Ghost's content/images folder, --fetch-images from the old site (both need --ghost-url).
  --dry-run says what it would do and writes nothing.
       npm run cli -- move-site-url --from <old address> [--dry-run]
  After APP_URL changed: points the uploads and links that articles, comments and users' pictures
  hold under the old address (e.g. http://localhost:3000) at APP_URL. Safe while Folio runs.`;

/** Nest's own start-up lines (each module initialized): not news to someone running a command. */
const NEST_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'NestApplicationContext']);

/**
 * Folio's lines (a migration applied, a module's warning) as plain lines on stderr, beside the embedded
 * PostgreSQL's: standard output is the command's own report.
 */
const cliLogger: LoggerService = {
  log: (message: unknown, context?: string) => {
    if (!NEST_CONTEXTS.has(context ?? '')) console.error(String(message));
  },
  warn: (message: unknown) => console.error(String(message)),
  error: (message: unknown) => console.error(String(message)),
};

/**
 * Runs `work` on the database the settings name (the embedded one by default), its migrations applied
 * as `npm start` applies them (MIGRATIONS_RUN), then lets it go.
 */
async function withDatabase<T>(
  config: AppConfig,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const { runMigrations } = config.database;
  const database = await resolveDatabase(process.env, (line) => console.error(line));
  let dataSource: DataSource;
  try {
    // A server that is down, a wrong password, a missing database: one line, as `npm start` says it.
    dataSource = await openDataSource(dataSourceOptions({ url: database.url }), {
      url: database.url,
      runMigrations,
    });
  } catch (error) {
    await database.embedded?.stop();
    throw error;
  }
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
    await database.embedded?.stop();
  }
}

/**
 * Runs `work` in Folio's modules (as the server builds them from the settings, without job workers) on
 * the database the settings name, for a command that needs a module's service (the media library).
 */
async function withApp<T>(
  config: AppConfig,
  work: (app: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const database = await resolveDatabase(process.env, (line) => console.error(line));
  let app: INestApplicationContext;
  try {
    // Loaded here: the other commands need none of Folio's modules.
    const { AppModule } = await import('./app.module');
    app = await NestFactory.createApplicationContext(
      AppModule.register({
        config: { ...config, jobs: { ...config.jobs, workers: false } },
        databaseUrl: database.url,
      }),
      { logger: cliLogger, abortOnError: false },
    );
  } catch (error) {
    await database.embedded?.stop();
    throw describeConnectionError(error, database.url) ?? error;
  }
  try {
    return await work(app);
  } finally {
    await app.close();
    await database.embedded?.stop();
  }
}

/** The media library as the import's image store: a file it refuses is left at the old address. */
function mediaStore(media: MediaService): StoreImage {
  return async (image, authorId) => {
    try {
      return (await media.upload(authorId, image.file, image.bytes)).url;
    } catch (error) {
      if (!(error instanceof HttpException) || error.getStatus() >= 500) throw error;
      const { errors } = error.getResponse() as { errors: Record<string, string[]> };
      throw new RefusedImage(
        `the media library refused it: it ${Object.values(errors).join('; ')}`,
      );
    }
  };
}

/** Ghost's content/images folder, found from it, its content folder or a `ghost backup`'s root. */
function imagesFolder(given: string): string | undefined {
  return [join(given, 'content', 'images'), join(given, 'images'), given].find(
    (folder) => existsSync(folder) && statSync(folder).isDirectory(),
  );
}

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
  const email = values.email?.trim() ?? '';
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
    app.get(AccountEmailsService).setPassword(email.normalize('NFC'), password),
  );
  if (!found) {
    console.error(`No account has the email <${email}>: nothing changed.`);
    return 1;
  }
  console.log(`The password of <${email}> is set; its sessions are signed out everywhere.`);
  return 0;
}

async function importGhostCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'ghost-url': { type: 'string' },
      author: { type: 'string' },
      images: { type: 'string' },
      'fetch-images': { type: 'boolean' },
      'dry-run': { type: 'boolean' },
    },
  });
  const ghostUrl = values['ghost-url'];
  const copyImages = values.images !== undefined || values['fetch-images'] === true;
  if (
    positionals.length !== 1 ||
    (values.images !== undefined && values['fetch-images']) ||
    (copyImages && !ghostUrl)
  ) {
    console.error(USAGE);
    return 2;
  }
  const dryRun = values['dry-run'] ?? false;
  if (copyImages && !dryRun && !process.env.APP_URL) {
    // The copies' links are written into the articles with the blog's address: this machine's default
    // (http://localhost:<PORT>) would stay in them wherever the blog is served.
    console.error(
      "Copying images needs APP_URL, the blog's address as the server has it: the copies are linked at it (APP_URL=https://your-blog.example npm run cli -- import-ghost …)",
    );
    return 1;
  }
  const [path] = positionals;
  let source: GhostImageSource | undefined;
  const config = loadConfig(process.env);
  const maxBytes = config.media.maxBytes;
  if (values.images !== undefined) {
    const folder = imagesFolder(values.images);
    if (!folder) {
      console.error(`--images: ${values.images} is not a folder`);
      return 1;
    }
    source = folderSource(folder, maxBytes);
  } else if (values['fetch-images'] && ghostUrl) source = siteSource(ghostUrl, maxBytes);
  let plan;
  try {
    plan = planGhostImport(JSON.parse(readFileSync(path, 'utf8')), { ghostUrl });
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
  const options = { fallbackAuthor: values.author, dryRun };
  let images: GhostImages | undefined;
  const outcome = source
    ? await withApp(config, async (app) => {
        const { MediaService } = await import('./modules/media/media.service');
        images = new GhostImages(
          ghostUrl,
          source,
          dryRun ? undefined : mediaStore(app.get(MediaService)),
        );
        return importGhostPlan(app.get(DataSource), plan, { ...options, images });
      })
    : await withDatabase(config, (dataSource) => importGhostPlan(dataSource, plan, options));
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
  const published = outcome.pages.filter((page) => page.status === 'published').length;
  const drafts = outcome.pages.length - published;
  console.log(
    `${dryRun ? 'Would import' : 'Imported'} ${outcome.pages.length} page${outcome.pages.length === 1 ? '' : 's'} (${published} published, ${drafts} draft${drafts === 1 ? '' : 's'})`,
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
  if (images) {
    console.log(
      `${dryRun ? 'Found' : 'Copied'} ${images.brought} image${images.brought === 1 ? '' : 's'}${dryRun ? ' to copy' : ''} into the media library`,
    );
    list(
      'Images left at the old address',
      images.left.map(({ url, reason }) => ({ slug: url, reason })),
    );
  }
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
  if (command === 'move-site-url') return moveSiteUrlCommand(args);
  return usageError(`Unknown command: ${command}`);
}

/** What was wrong with the words given, then the usage: exit code 2. */
function usageError(problem: string): number {
  console.error(`${problem}\n${USAGE}`);
  return 2;
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
