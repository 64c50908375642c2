import { loadProjectEnv } from '../libs/project/project-root';
import { embeddedSettings } from '../libs/database/database-url';
import { EmbeddedPostgres } from '../libs/database/embedded-postgres';

/** `npm run db:stop`: stops the embedded PostgreSQL, whoever started it. */
async function main(): Promise<void> {
  loadProjectEnv();
  const stopped = await EmbeddedPostgres.stopAny(embeddedSettings(process.env));
  console.log(stopped ? 'Embedded PostgreSQL stopped.' : 'Embedded PostgreSQL was not running.');
}

main().catch((error: unknown) => {
  console.error(`db:stop failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
