import { createTestApp, TestApp } from './test-app';
import { TestSmtpServer } from './test-smtp-server';

/**
 * An app that mails through a real SMTP server of the test's, with `env` (over quick password hashing
 * and no rate limits); both made before the file's tests and closed after them.
 */
export function useMailingApp(env: Record<string, string>): {
  app(): TestApp;
  smtp(): TestSmtpServer;
} {
  let t: TestApp | undefined;
  let smtp: TestSmtpServer | undefined;
  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    t = await createTestApp({
      AUTH_RATE_LIMIT_ENABLED: 'false',
      AUTH_ARGON2_MEMORY_KIB: '8192',
      AUTH_ARGON2_ITERATIONS: '1',
      SMTP_URL: smtp.url,
      ...env,
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useMailingApp: the ${what} is not started yet`);
    return value;
  };
  return { app: () => started(t, 'app'), smtp: () => started(smtp, 'SMTP server') };
}
