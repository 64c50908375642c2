import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { BASE_URL, FolioProcess } from './folio-process';
import { MailCatcher } from './mail-catcher';
import type { WebhookReceiver } from '../../support/webhook-receiver';
import { HttpsWebhookReceiver } from './webhook-receiver';

/** Debian's chromium, with the flags this machine's closed network needs. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What one browser test sees: a fresh page, and what the page did. */
export interface BrowserSite {
  readonly page: Page;
  /** The spec file's chromium, for a context of a test's own (JavaScript off, another user agent). */
  readonly browser: Browser;
  readonly mail: MailCatcher;
  /** Where webhook endpoints point: it records what Folio delivers. */
  readonly webhooks: WebhookReceiver;
  /** `GET /api/user` and the like, as the page requested them. */
  readonly apiRequests: string[];
  /** What a person would see in the devtools: failed requests are logged as console errors. */
  readonly consoleErrors: string[];
}

/**
 * One real Folio with a mail catcher, a webhook receiver and chromium for the spec file, and a fresh
 * browser context for each test; a test fails when its page threw an uncaught exception, even if the
 * flow got through.
 */
export function useBrowserSite(
  options: { folioEnv?: () => Record<string, string> } = {},
): BrowserSite {
  // Flows wait on a browser, a server and mail delivery; testTimeout in a jest project is not applied.
  jest.setTimeout(60000);
  const mail = new MailCatcher();
  const webhooks = new HttpsWebhookReceiver();
  const folio = new FolioProcess();
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];
  let consoleErrors: string[] = [];
  let apiRequests: string[] = [];

  beforeAll(async () => {
    const smtpPort = await mail.start();
    await webhooks.start();
    await folio.start(smtpPort, webhooks.certificateFile, options.folioEnv?.());
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await folio.stop();
    await mail.stop();
    await webhooks.stop();
  });

  beforeEach(async () => {
    context = await browser.newContext({
      baseURL: BASE_URL,
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    consoleErrors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    apiRequests = [];
    page.on('request', (req) => {
      const { pathname } = new URL(req.url());
      if (pathname.startsWith('/api/')) apiRequests.push(`${req.method()} ${pathname}`);
    });
  });

  afterEach(async () => {
    await context.close();
    expect(pageErrors).toEqual([]);
  });

  return {
    get page() {
      return page;
    },
    get browser() {
      return browser;
    },
    mail,
    get webhooks() {
      return webhooks.receiver;
    },
    get apiRequests() {
      return apiRequests;
    },
    get consoleErrors() {
      return consoleErrors;
    },
  };
}
