import { DataSource } from 'typeorm';
import { identifier, joinSql, param, sql, statement } from '../../../libs/database/sql';
import { queryRows, rowMapper } from '../../../libs/database/sql-row';
import { ANSWERS_CHANNEL } from '../../common/http-cache/answer-cache';

/** Rows changed per statement: short transactions, so a running Folio's writers barely wait. */
const BATCH = 500;

/**
 * The text columns that hold the site's own URLs: uploads (Folio writes them absolute, from APP_URL)
 * and links to its pages. Another deliberate read across modules, as media.query.ts's (see there).
 */
const COLUMNS = [
  { what: 'articles', table: 'articles', columns: ['body', 'cover_image'] },
  { what: 'comments', table: 'comments', columns: ['body'] },
  { what: 'users', table: 'users', columns: ['image', 'bio'] },
] as const;

const changedIds = rowMapper('site URL moved', (row) => row.int('id'));
const rowCount = rowMapper('site URL rows', (row) => row.int('count'));

/** What `moveSiteUrl` changed (or, for a dry run, would change): rows per table. */
export type SiteUrlMove = Record<(typeof COLUMNS)[number]['what'], number>;

/** The origin of an http(s) URL with nothing after it but `/`, or undefined. */
export function siteOrigin(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (!/^https?:$/.test(parsed.protocol) || parsed.pathname !== '/') return undefined;
    if (parsed.search || parsed.hash || parsed.username || parsed.password) return undefined;
    return parsed.origin;
  } catch {
    return undefined;
  }
}

/**
 * Points every URL under `from` (an origin, e.g. `http://localhost:3000`) at `to` instead, in
 * articles' bodies and covers, comments and users' pictures and bios: after APP_URL changed, uploads
 * and links to the site's own pages written under the old address work again
 * (`npm run cli -- move-site-url`). `from/` is matched with its slash, so `http://localhost:30001`
 * is not `http://localhost:3000`. Rows go in batches, each its own transaction; dates are untouched
 * (nobody edited anything). With `dryRun`, counts what it would change.
 */
export async function moveSiteUrl(
  dataSource: DataSource,
  from: string,
  to: string,
  dryRun = false,
): Promise<SiteUrlMove> {
  const [old, now] = [param(`${from}/`), param(`${to}/`)];
  const moved: SiteUrlMove = { articles: 0, comments: 0, users: 0 };
  for (const { what, table: name, columns: names } of COLUMNS) {
    const table = identifier(name);
    const columns = names.map(identifier);
    const holds = joinSql(
      columns.map((column) => sql`strpos(${column}, ${old}) > 0`),
      ' OR ',
    );
    if (dryRun) {
      const [count] = await queryRows(
        dataSource.manager,
        statement(sql`SELECT count(*)::int AS count FROM ${table} WHERE ${holds}`),
        rowCount,
      );
      moved[what] = count;
      continue;
    }
    const set = joinSql(
      columns.map((column) => sql`${column} = replace(${column}, ${old}, ${now})`),
      ', ',
    );
    for (let after = 0; ;) {
      const ids = await queryRows(
        dataSource.manager,
        statement(sql`UPDATE ${table} SET ${set} WHERE id IN (
            SELECT id FROM ${table} WHERE id > ${param(after)} AND (${holds}) ORDER BY id LIMIT ${BATCH})
          RETURNING id`),
        changedIds,
      );
      if (ids.length === 0) break;
      moved[what] += ids.length;
      after = Math.max(...ids);
    }
  }
  // Every instance drops the answers it keeps, which hold the old URLs.
  if (!dryRun) await dataSource.query(`NOTIFY ${ANSWERS_CHANNEL}`);
  return moved;
}
