import { DataSource } from 'typeorm';
import { statement, sql } from '../../../libs/database/sql';
import { queryRows, rowMapper } from '../../../libs/database/sql-row';
import { ANSWERS_CHANNEL } from '../../common/http-cache/answer-cache';

const rebuilt = rowMapper('article counters rebuilt', (row) => row.int('drifted'));

/**
 * Rebuilds the article counters from the articles themselves (`npm run cli -- recount`) and returns
 * how many counts had drifted. Writers that change counted articles wait at their commit until the
 * rebuild commits, then add their changes to it: nothing is lost while it runs.
 */
export async function recountArticles(dataSource: DataSource): Promise<number> {
  const [drifted] = await queryRows(
    dataSource.manager,
    statement(sql`SELECT article_counts_rebuild() AS drifted`),
    rebuilt,
  );
  // The tags in use are read from the counters: every instance drops the answers it keeps.
  await dataSource.query(`NOTIFY ${ANSWERS_CHANNEL}`);
  return drifted;
}
