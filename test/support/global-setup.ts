import { buildApiIfChanged } from './built-app';
import { createTemplate, startTestServer } from './test-database-server';
import type { EmbeddedPostgres } from '../../libs/database/embedded-postgres';

declare global {
  var folioTestServer:
    { embedded?: EmbeddedPostgres; adminUrl: string; template: string } | undefined;
}

/**
 * Builds the API if it changed (for the files that run `node dist/src/main.js`), starts (or picks) the
 * server, and migrates the template database every test file clones.
 */
export default async function globalSetup(): Promise<void> {
  buildApiIfChanged();
  const { adminUrl, embedded } = await startTestServer();
  const template = `folio_test_template_${process.pid}`;
  await createTemplate(adminUrl, template);
  // Workers start after this and inherit the environment.
  process.env.FOLIO_TEST_ADMIN_URL = adminUrl;
  process.env.FOLIO_TEST_TEMPLATE = template;
  globalThis.folioTestServer = { embedded, adminUrl, template };
}
