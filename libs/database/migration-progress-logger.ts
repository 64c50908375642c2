import type { Logger } from 'typeorm';

/** The line TypeORM writes once a migration's transaction has committed. */
const APPLIED = /^Migration (\S+) has been executed successfully\.$/;

/**
 * TypeORM's logger for a DataSource that applies migrations at start: `Applied migration X` as each
 * one commits (before, the lines came only once the whole run had returned, and not at all when one
 * failed), and nothing else. Queries are never logged (their parameters hold password hashes and
 * tokens); a failed migration is told by the start's own error, not by TypeORM's plain-text line.
 */
export class MigrationProgressLogger implements Logger {
  constructor(private readonly progress: (line: string) => void) {}

  logSchemaBuild(message: string): void {
    const applied = APPLIED.exec(message);
    if (applied) this.progress(`Applied migration ${applied[1]}`);
  }

  logQuery(): void {}
  logQueryError(): void {}
  logQuerySlow(): void {}
  logMigration(): void {}
  log(): void {}
}
