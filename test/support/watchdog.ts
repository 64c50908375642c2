import { Client } from 'pg';

/** Where a test is: the step it set last, said when the watchdog fires. */
export interface Progress {
  step: string;
}

/**
 * `work`, failed after `ms` with the step it was at and what the database's sessions were doing then,
 * instead of jest's bare timeout: for tests that ran for months and once hung under CI's load with
 * nothing to go on. Reads the database on a connection of its own (the app's pool may be the stuck part).
 */
export async function withWatchdog<T>(
  databaseUrl: string,
  ms: number,
  progress: Progress,
  work: () => Promise<T>,
  alsoSay: () => string = () => '',
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const at = `no answer in ${ms} ms at: ${progress.step}${alsoSay()}`;
      sessionsOf(databaseUrl).then(
        (sessions) => reject(new Error(`${at}\nthe database's sessions then:\n${sessions}`)),
        (error: Error) =>
          reject(new Error(`${at}\n(the database's sessions unread: ${error.message})`)),
      );
    }, ms);
  });
  try {
    return await Promise.race([work(), stuck]);
  } finally {
    clearTimeout(timer);
  }
}

/** One line per other session on the database: its state, what it waits on, its statement. */
async function sessionsOf(databaseUrl: string): Promise<string> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ line: string }>(
      `SELECT concat_ws(' | ', application_name, state, wait_event_type || ':' || wait_event,
                        'for ' || round(extract(epoch FROM now() - state_change)) || ' s',
                        'blocked by ' || nullif(pg_blocking_pids(pid)::text, '{}'),
                        left(regexp_replace(query, '\\s+', ' ', 'g'), 200)) AS line
         FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()
        ORDER BY state_change`,
    );
    return rows.map((row) => `  ${row.line}`).join('\n') || '  (none)';
  } finally {
    await client.end();
  }
}
