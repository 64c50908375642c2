import { config as loadDotenv } from 'dotenv';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './libs/database/data-source-options';
import { resolveDatabase } from './libs/database/database-url';

/**
 * The DataSource of the TypeORM CLI, built from the same options as the app's. With no database
 * variables it reaches the embedded PostgreSQL, starting it for the command when it is not running.
 */
async function cliDataSource(): Promise<DataSource> {
  loadDotenv({ quiet: true });
  const database = await resolveDatabase(process.env, (line) => console.error(line));
  const embedded = database.embedded;
  // The CLI ends with process.exit: stop a server we started for it, synchronously.
  if (embedded?.owned) process.on('exit', () => embedded.stopSync());
  return new DataSource(dataSourceOptions({ url: database.url }));
}

export default cliDataSource();
