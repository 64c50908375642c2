import { dropDatabase } from './test-database-server';

export default async function globalTeardown(): Promise<void> {
  const server = globalThis.folioTestServer;
  if (!server) return;
  await dropDatabase(server.adminUrl, server.template);
  await server.embedded?.stop();
}
