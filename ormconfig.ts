import { loadProjectEnv } from './libs/project/project-root';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './libs/database/data-source-options';
import { MigrationCommandLogger } from './libs/database/migration-command-logger';
import { assertReachable } from './libs/database/connection-errors';
import { resolveDatabase } from './libs/database/database-url';
import { StartupError } from './libs/database/startup-error';

/**
 * The DataSource of the TypeORM CLI, built from the same options as the app's. With no database
 * variables it reaches the embedded PostgreSQL, starting it for the command when it is not running.
 */
async function cliDataSource(): Promise<DataSource> {
  loadProjectEnv();
  // A malformed DATABASE_URL, a server that is down, a wrong password, a missing database: one line,
  // as `npm start` says it, instead of the driver's stack from inside TypeORM's command.
  try {
    const database = await resolveDatabase(process.env, (line) => console.error(line));
    const embedded = database.embedded;
    // The CLI ends with process.exit: let the server go synchronously (stopped if no other Folio uses it).
    if (embedded) process.on('exit', () => embedded.stopSync());
    await assertReachable(database.url);
    return new DataSource({
      ...dataSourceOptions({ url: database.url }),
      logger: new MigrationCommandLogger(),
    });
  } catch (error) {
    console.error(`Folio: ${error instanceof StartupError ? error.message : String(error)}`);
    process.exit(1);
  }
}

export default cliDataSource();
