import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/app-config';
import {
  parseSubscriberCsv,
  SubscriberFile,
  SubscriberFileError,
} from '../modules/newsletter/subscriber-csv';
import { withApp } from './cli-runtime';
import { usageError } from './cli-usage';

// `npm run cli -- import-subscribers`: a list's addresses (Ghost's members, Folio's export) moved in.

/** The most refused rows listed by line; the rest are counted. */
const LISTED = 20;

export async function importSubscribersCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean' } },
  });
  if (positionals.length !== 1) {
    return usageError(
      positionals.length === 0
        ? 'import-subscribers needs the list: npm run cli -- import-subscribers <list.csv>'
        : `import-subscribers takes one list (given: ${positionals.join(' ')})`,
    );
  }
  const [path] = positionals;
  const dryRun = values['dry-run'] ?? false;
  let file: SubscriberFile;
  try {
    file = parseSubscriberCsv(readFileSync(path, 'utf8'));
  } catch (error) {
    // A missing or unreadable file, or not a list of addresses: one line.
    const said =
      error instanceof SubscriberFileError || (error as NodeJS.ErrnoException).code !== undefined;
    if (!said) throw error;
    console.error(`${path}: ${(error as Error).message}`);
    return 1;
  }
  const outcome = await withApp(loadConfig(process.env), async (app) => {
    const { NewsletterService } = await import('../modules/newsletter/newsletter.service');
    return app.get(NewsletterService).importSubscribers(file.subscribers, dryRun);
  });
  const added = outcome.active + outcome.unsubscribed;
  console.log(
    `${dryRun ? 'Dry run, nothing written: would import' : 'Imported'} ${added} subscriber${added === 1 ? '' : 's'} (${outcome.active} active, ${outcome.unsubscribed} unsubscribed); ${outcome.kept} already here, left as they were`,
  );
  if (file.refused.length > 0) {
    console.log(`Not imported (${file.refused.length}):`);
    for (const { line, reason } of file.refused.slice(0, LISTED)) {
      console.log(`  line ${line}: ${reason}`);
    }
    if (file.refused.length > LISTED) console.log(`  … and ${file.refused.length - LISTED} more`);
  }
  return 0;
}
