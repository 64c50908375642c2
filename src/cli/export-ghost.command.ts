import { createWriteStream, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/app-config';
import { emptyCounts } from '../modules/posts/content-export';
import { ghostExportOf } from '../modules/posts/content-export.service';
import { withDatabase } from './cli-runtime';
import { usageError } from './cli-usage';

// `npm run cli -- export-ghost`: the blog's content as a Ghost export, for Ghost, for another Folio, or to keep.

const plural = (n: number, word: string, words = `${word}s`) => `${n} ${n === 1 ? word : words}`;

export async function exportGhostCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  if (positionals.length !== 1) {
    return usageError('export-ghost needs the file to write, or - for standard output');
  }
  const [path] = positionals;
  const config = loadConfig(process.env);
  const counts = emptyCounts();
  const toStdout = path === '-';
  // Written beside the file, then put in its place: a failed export never replaces a good one.
  const partial = `${path}.partial`;
  let fd: number | undefined;
  try {
    // Opened before the database starts: a folder that does not exist is said at once.
    if (!toStdout) fd = openSync(partial, 'w');
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    console.error(
      `${path}: cannot be written there (${code === 'ENOENT' ? 'no such folder' : code})`,
    );
    return 1;
  }
  try {
    await withDatabase(config, (dataSource) =>
      pipeline(
        Readable.from(ghostExportOf(dataSource, { url: config.site.publicUrl }, counts)),
        fd === undefined ? process.stdout : createWriteStream(partial, { fd }),
      ),
    );
    if (!toStdout) renameSync(partial, path);
  } catch (error) {
    if (!toStdout) rmSync(partial, { force: true });
    // Standard output closed by its reader (`… - | head`): it wanted no more.
    if (toStdout && (error as NodeJS.ErrnoException).code === 'EPIPE') return 0;
    throw error;
  }
  const size = toStdout ? '' : ` (${(statSync(path).size / 1024).toFixed(0)} kB)`;
  // The report goes to stderr when the export itself is on standard output.
  (toStdout ? console.error : console.log)(
    `Exported ${plural(counts.articles, 'article')}, ${plural(counts.pages, 'page')}, ${plural(counts.authors, 'author')}, ${plural(counts.tags, 'tag')} and ${plural(counts.categories, 'category', 'categories')}${toStdout ? '' : ` to ${path}`}${size}`,
  );
  return 0;
}
