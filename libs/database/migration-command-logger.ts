import type { Logger, QueryRunner } from 'typeorm';

/**
 * What the TypeORM CLI prints for Folio's migration commands (`migration:run`, `migration:revert`,
 * `migration:show`): each migration run or reverted and the summary lines, not every statement. The CLI
 * turns statement logging on for these commands whatever the data source says, and it keeps a logger
 * given as an object, so this one decides. A failing statement is printed with its error; the SQL a
 * run would execute is `npm run migration:sql`.
 */
export class MigrationCommandLogger implements Logger {
  logQuery(): void {
    // Every statement: left out (see above).
  }

  logQuerySlow(): void {
    // Migrations are long by nature; their time says nothing here.
  }

  logQueryError(
    error: string | Error,
    query: string,
    _parameters?: unknown[],
    _runner?: QueryRunner,
  ): void {
    // The statement, not its parameters: a data migration's values are users' data.
    console.error(`query failed: ${query}`);
    console.error(`error: ${error instanceof Error ? error.message : error}`);
  }

  logSchemaBuild(message: string): void {
    console.log(message);
  }

  logMigration(message: string): void {
    console.log(message);
  }

  /** Warnings; TypeORM's info lines (every migration file its glob found) are left out too. */
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') console.warn(String(message));
  }
}
