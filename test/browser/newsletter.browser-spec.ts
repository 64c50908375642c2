import { expectAccessible } from './support/accessibility';
import { call, createArticle, createUser, giveRole, login, uniqueName } from './support/api';
import { useBrowserSite } from './support/browser-site';
import { SUPERUSER } from './support/folio-process';
import {
  eventually,
  fieldError,
  hasAttribute,
  hasText,
  openMailedLink,
  shot,
  signInAs,
} from './support/page-actions';

// The newsletter (subscribe by email): a reader subscribes from the site and confirms from the mail,
// each new article is mailed to them with a link to unsubscribe (and subscribe again), and
// administrators see the list. The blog has a name of its own, as the pages and mails say it.
const SITE_TITLE = 'Garden Notes';
const site = useBrowserSite({ folioEnv: () => ({ SITE_TITLE }) });

const PHONE = { width: 390, height: 844 };

type Status = 'pending' | 'active' | 'unsubscribed';
interface SubscriberList {
  subscribers: { email: string; status: Status }[];
  counts: Record<Status, number>;
}

const newEmail = (prefix: string) => `${uniqueName(prefix)}@folio.test`;

async function adminToken(): Promise<string> {
  return (await login(SUPERUSER.email, SUPERUSER.password)).body.user.token;
}

/** The subscribers list as administrators get it from the API, `q` filtering by address. */
async function subscribers(q = ''): Promise<SubscriberList> {
  const query = q ? `?q=${encodeURIComponent(q)}` : '';
  const res = await call<SubscriberList>(
    'GET',
    `/admin/subscribers${query}`,
    undefined,
    await adminToken(),
  );
  expect(res.status).toBe(200);
  return res.body;
}

async function statusOf(email: string): Promise<Status | undefined> {
  return (await subscribers(email)).subscribers.find((s) => s.email === email)?.status;
}

/** Subscribes `email` through the API and confirms it with its mail's token: an active subscriber. */
async function subscribeActive(email: string): Promise<void> {
  expect((await call('POST', '/newsletter/subscribe', { email })).status).toBe(202);
  const link = await site.mail.linkTo(email, '/newsletter/confirm');
  const token = new URL(link).searchParams.get('token');
  const res = await call<{ subscription: { status: Status } }>('POST', '/newsletter/confirm', {
    token,
  });
  expect(res.body.subscription).toEqual({ email, status: 'active' });
}

/** How many mails to `to` say `text` (in their quoted-printable decoded). */
function mailsSaying(to: string, text: string): number {
  return site.mail.mails.filter(
    (mail) => mail.to.includes(to.toLowerCase()) && decoded(mail.raw).includes(text),
  ).length;
}

function decoded(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The administrators' page shows `count` subscribers of `status`. */
const countIs = (status: Status, count: number) =>
  eventually(
    async () =>
      (
        await site.page.locator(`[data-test=count-${status}] [data-test=count]`).textContent()
      )?.trim() === String(count),
    `${count} ${status} on the subscribers page`,
  );

/** What has the focus, by its data-test (a clicked QButton hands it to a part of itself). */
const focusedTest = () =>
  site.page.evaluate<string>(
    'document.activeElement?.closest("[data-test]")?.getAttribute("data-test") ?? ""',
  );

describe('newsletter', () => {
  it('a reader subscribes on the home page and confirms from the mail; an administrator finds them, filters and deletes', async () => {
    const { page } = site;
    const email = newEmail('reader');
    await page.goto('/');
    const form = page.locator('[data-test=newsletter]');
    await hasText(form.locator('h2'), 'Subscribe by email');
    await form.locator('input[name=email]').fill(email);
    await form.locator('[data-test=newsletter-subscribe]').click();
    await hasText(
      page.locator('[data-test=newsletter-sent]'),
      `Check your inbox: we sent a link to confirm ${email}.`,
    );
    await expectAccessible(page, 'the home page, a subscription asked for');
    await shot(page, 'newsletter-sent');
    // Not subscribed until the link in the mail is followed.
    expect(await statusOf(email)).toBe('pending');

    await openMailedLink(page, site.mail, email, '/newsletter/confirm');
    await hasText(
      page.locator('[data-test=newsletter-confirmed]'),
      `You are subscribed to ${SITE_TITLE} as ${email}.`,
    );
    await eventually(
      async () => (await page.title()) === `Your subscription — ${SITE_TITLE}`,
      "the confirmation page's title",
    );
    expect(await statusOf(email)).toBe('active');
    await expectAccessible(page, 'the newsletter confirmation');
    await shot(page, 'newsletter-confirmed');

    // Another address, not confirmed: pending.
    const pending = newEmail('pending');
    expect((await call('POST', '/newsletter/subscribe', { email: pending })).status).toBe(202);

    const admin = await createUser('admin');
    await giveRole(admin, 'administrator');
    await signInAs(page, admin);
    await page.goto('/');
    await page.click('[data-test=nav-admin]');
    await page.click('[data-test=nav-admin-subscribers]');
    await page.waitForURL('**/admin/subscribers');
    const row = (address: string) =>
      page.locator(`[data-test=subscriber-row][data-email="${address}"]`);
    await hasAttribute(
      row(email).locator('[data-test=subscriber-status]'),
      'data-status',
      'active',
    );
    await hasText(row(email).locator('[data-test=subscriber-status]'), 'Active');
    await hasText(row(pending).locator('[data-test=subscriber-status]'), 'Pending');
    // The counts, as the API has them.
    const { counts } = await subscribers();
    expect(counts.active).toBeGreaterThanOrEqual(1);
    expect(counts.pending).toBeGreaterThanOrEqual(1);
    for (const status of ['active', 'pending', 'unsubscribed'] as const) {
      await countIs(status, counts[status]);
    }
    await hasText(page.locator('[data-test=count-active]'), 'Active');
    await expectAccessible(page, 'admin: subscribers');
    await shot(page, 'admin-subscribers');

    // The search: part of the address.
    const part = email.split('@')[0].slice(-8);
    await Promise.all([
      page.waitForResponse((res) => res.url().includes(`/api/admin/subscribers?q=${part}`)),
      page.fill('input[name=q]', part),
    ]);
    await eventually(
      async () => (await page.locator('[data-test=subscriber-row]').count()) === 1,
      'only the address searched for',
    );
    await row(email).waitFor();
    await Promise.all([
      page.waitForResponse((res) => res.url().includes('/api/admin/subscribers?')),
      page.fill('input[name=q]', ''),
    ]);
    await row(pending).waitFor();

    // The status filter: only the pending ones.
    await page.click('[data-test=status-filter]');
    await page.locator('.q-menu .q-item', { hasText: 'Pending' }).click();
    await row(email).waitFor({ state: 'detached' });
    await row(pending).waitFor();
    expect(
      await page
        .locator('[data-test=subscriber-status]')
        .evaluateAll((badges) => badges.map((badge) => badge.getAttribute('data-status'))),
    ).toEqual(Array(counts.pending).fill('pending'));

    // Delete asks first, naming the address, with the focus on Cancel.
    await row(pending)
      .getByRole('button', { name: `Delete ${pending}`, exact: true })
      .click();
    await hasText(page.locator('[data-test=confirm-dialog]'), `Delete ${pending} and its history?`);
    await eventually(async () => (await focusedTest()) === 'confirm-cancel', 'the focus on Cancel');
    await page.click('[data-test=confirm-ok]');
    await row(pending).waitFor({ state: 'detached' });
    expect(await statusOf(pending)).toBeUndefined();
    await countIs('pending', counts.pending - 1);

    // A phone: each subscriber a card, nothing wider than the screen.
    await page.click('[data-test=status-filter]');
    await page.locator('.q-menu .q-item', { hasText: 'Any' }).click();
    await page.setViewportSize(PHONE);
    await hasText(row(email), email);
    expect(
      await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'admin: subscribers on a phone', { themes: 'light' });
    await shot(page, 'admin-subscribers-phone');
  });

  it("sits under a published article in line with its body, apart from the author's box", async () => {
    const { page } = site;
    const author = await createUser('gardener');
    const body = 'Sow them in spring, in a warm and sunny spot. '.repeat(20);
    const article = await createArticle(author, { title: `Beans ${uniqueName('b')}`, body });
    for (const [screen, size] of [
      ['desktop', { width: 1280, height: 900 }],
      ['phone', PHONE],
    ] as const) {
      await page.setViewportSize(size);
      await page.goto(`/article/${article.slug}`);
      const card = page.locator('[data-test=newsletter-card]');
      await hasText(card.locator('h2'), 'Subscribe by email');
      const text = await page.locator('[data-test=article-body]').boundingBox();
      const box = await card.boundingBox();
      const aside = await page.locator('[data-test=author-box]').boundingBox();
      if (!text || !box || !aside)
        throw new Error(`the article's parts are not on the ${screen} page`);
      // The same column as the text: one left edge, one width (to the pixel's rounding).
      expect(Math.abs(box.x - text.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(box.width - text.width)).toBeLessThanOrEqual(1);
      // Space between the author's box and the card, not one touching the other.
      expect(box.y - (aside.y + aside.height)).toBeGreaterThanOrEqual(24);
      await card.scrollIntoViewIfNeeded();
      await shot(page, `article-newsletter-${screen}`);
    }
  });

  it('mails each new article to active subscribers; its link unsubscribes, on a click, and subscribes again', async () => {
    const { page } = site;
    const reader = newEmail('reader');
    // Another subscriber: once they have an article, the reader would have had it too.
    const witness = newEmail('witness');
    await subscribeActive(reader);
    await subscribeActive(witness);
    const author = await createUser('gardener');
    const first = await createArticle(author, { title: `Tomatoes ${uniqueName('t')}` });
    await eventually(
      () => Promise.resolve(mailsSaying(reader, first.title) === 1),
      'the article mailed to the reader',
      20000,
    );

    await openMailedLink(page, site.mail, reader, '/newsletter/unsubscribe');
    await hasText(page.locator('h1'), 'Unsubscribe');
    await hasText(page.locator('main'), `Stop getting the new articles of ${SITE_TITLE} by email?`);
    const unsubscribe = page.locator('[data-test=newsletter-unsubscribe]');
    await hasText(unsubscribe, 'Unsubscribe');
    // Opening the link does nothing by itself: mail scanners open links.
    await page.waitForLoadState('networkidle');
    expect(site.apiRequests.filter((r) => r.startsWith('POST /api/newsletter'))).toEqual([]);
    expect(await statusOf(reader)).toBe('active');
    await expectAccessible(page, 'the unsubscribe page');
    await shot(page, 'newsletter-unsubscribe');

    await unsubscribe.click();
    await hasText(
      page.locator('[data-test=newsletter-unsubscribed]'),
      `${reader} is unsubscribed; you will get no more mail.`,
    );
    const again = page.locator('[data-test=newsletter-resubscribe]');
    await hasText(again, 'Subscribe again');
    // The same button: the focus stays on it.
    await eventually(
      async () => (await focusedTest()) === 'newsletter-resubscribe',
      'the focus on Subscribe again',
    );
    expect(await statusOf(reader)).toBe('unsubscribed');
    await expectAccessible(page, 'the unsubscribe page, unsubscribed');
    await shot(page, 'newsletter-unsubscribed');

    // The next article goes to the witness, not to the reader.
    const second = await createArticle(author, { title: `Peppers ${uniqueName('p')}` });
    await eventually(
      () => Promise.resolve(mailsSaying(witness, second.title) === 1),
      'the second article mailed to the other subscriber',
      20000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(mailsSaying(reader, second.title)).toBe(0);

    await again.click();
    await hasText(
      page.locator('[data-test=newsletter-resubscribed]'),
      `You are subscribed to ${SITE_TITLE} again as ${reader}.`,
    );
    await hasText(unsubscribe, 'Unsubscribe');
    expect(await statusOf(reader)).toBe('active');
    await expectAccessible(page, 'the unsubscribe page, subscribed again', { themes: 'light' });

    // A published article offers the form too, after its text.
    await page.goto(`/article/${first.slug}`);
    await hasText(page.locator('[data-test=newsletter] h2'), 'Subscribe by email');
  });

  it('publishes from the editor without mailing when "Mail to subscribers" is off; the next article is mailed', async () => {
    const { page } = site;
    const reader = newEmail('quiet');
    await subscribeActive(reader);
    const author = await createUser('noter');
    await signInAs(page, author);
    await page.goto('/editor');
    const title = `A small correction ${uniqueName('c')}`;
    await page.fill('input[name=title]', title);
    await page.fill('input[name=description]', 'Not news');
    await page.fill('textarea[name=body]', 'A typo, fixed.');
    const toggle = page.locator('[data-test=newsletter]');
    await hasAttribute(toggle, 'aria-checked', 'true');
    const hint = page.locator(`#${await toggle.getAttribute('aria-describedby')}`);
    await hasText(hint, 'get it by mail when it is published');
    await toggle.click();
    await hasAttribute(toggle, 'aria-checked', 'false');
    await hasText(hint, 'Published only: no mail to subscribers');
    await expectAccessible(page, 'the editor, Mail to subscribers off', { themes: 'light' });
    await page.click('[data-test=publish]');
    await hasText(page.locator('[data-test=article-title]'), title);
    const slug = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const saved = await call<{ article: { status: string; newsletter: boolean } }>(
      'GET',
      `/articles/${slug}`,
    );
    expect(saved.body.article).toMatchObject({ status: 'published', newsletter: false });

    // The next article is mailed as usual: by then the first would have come too.
    const next = await createArticle(author, { title: `Real news ${uniqueName('n')}` });
    await eventually(
      () => Promise.resolve(mailsSaying(reader, next.title) === 1),
      'the next article mailed to the reader',
      20000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(mailsSaying(reader, title)).toBe(0);

    // Published, it has had its chance: the editor no longer offers the switch, it says what went.
    await page.goto(`/editor/${slug}`);
    const mailing = page.locator('[data-test=newsletter-mailing]');
    await hasText(mailing, 'Published without a mail to subscribers.');
    expect(await page.locator('input[name=title]').inputValue()).toBe(title);
    expect(await toggle.count()).toBe(0);
    await page.goto(`/editor/${next.slug}`);
    // Every active subscriber of this file's tests had it, the reader among them.
    await eventually(
      async () =>
        /^Mailed to subscribers: (\d+) of \1\.$/.test((await mailing.textContent()) ?? ''),
      'the mailing of the next article, every mail sent',
    );
    await expectAccessible(page, 'the editor of a mailed article', { themes: 'light' });

    // Another writer may open it in the editor, read-only: nothing about its mailing, no error.
    const other = await createUser('other');
    const context = await site.browser.newContext({ baseURL: new URL(page.url()).origin });
    const otherPage = await context.newPage();
    await signInAs(otherPage, other);
    await otherPage.goto(`/editor/${next.slug}`);
    await otherPage.locator('[data-test=read-only-note]').waitFor();
    await otherPage.waitForLoadState('networkidle');
    expect(await otherPage.locator('[data-test=newsletter-mailing]').count()).toBe(0);
    // The read-only note is the page's one alert: no error of a request it may not make.
    expect(await otherPage.locator('[role=alert]').allTextContents()).toEqual([
      expect.stringContaining('Only its author or an editor may change this article'),
    ]);
    await context.close();
  });

  it('says what is wrong: an address under its field, a rate limit, a broken link on its page', async () => {
    const { page } = site;
    await page.goto('/');
    const form = page.locator('[data-test=newsletter]');
    const field = form.locator('input[name=email]');
    await field.fill('not-an-email');
    await form.locator('[data-test=newsletter-subscribe]').click();
    await hasText(fieldError(page, 'email'), 'is invalid');
    await eventually(
      async () => (await page.evaluate<string>('document.activeElement?.name ?? ""')) === 'email',
      'the focus on the address',
    );
    expect(await page.locator('[data-test=newsletter-sent]').count()).toBe(0);
    await expectAccessible(page, 'the newsletter form with a field error', { themes: 'light' });
    // The message goes once the address is changed.
    await field.fill('reader@folio');
    await eventually(
      async () => (await fieldError(page, 'email').count()) === 0,
      'no error once the address changes',
    );
    await field.fill('');
    await form.locator('[data-test=newsletter-subscribe]').click();
    await hasText(fieldError(page, 'email'), "can't be blank");

    // Too many attempts: said in the form's banner, as the sign-in form says it.
    await page.route('**/api/newsletter/subscribe', (route) =>
      route.fulfill({
        status: 429,
        contentType: 'application/json',
        headers: { 'Retry-After': '42' },
        body: JSON.stringify({ errors: { rateLimit: ['too many attempts, try again in 42 s'] } }),
      }),
    );
    await field.fill(newEmail('eager'));
    await form.locator('[data-test=newsletter-subscribe]').click();
    await hasText(form.locator('[data-test=form-errors]'), 'Too many attempts: try again in 42 s');
    await page.unroute('**/api/newsletter/subscribe');

    // A confirmation link that does not work: why, and the form to get a new one.
    await page.goto('/newsletter/confirm?token=not-a-token');
    const failed = page.locator('[data-test=newsletter-link-failed]');
    await hasText(failed, 'This confirmation link is invalid or has expired.');
    await page.locator('[data-test=newsletter] input[name=email]').waitFor();
    await expectAccessible(page, 'the newsletter confirmation, a bad link');
    await shot(page, 'newsletter-confirm-failed');
    await page.goto('/newsletter/confirm');
    await hasText(failed, 'This link has no token');

    // An unsubscribe link the API does not know: said once clicked; the focus on the message.
    await page.goto('/newsletter/unsubscribe?token=not-a-token');
    await page.click('[data-test=newsletter-unsubscribe]');
    await hasText(failed, 'This unsubscribe link is invalid.');
    expect(await page.locator('[data-test=newsletter-unsubscribe]').count()).toBe(0);
    await eventually(
      async () => (await focusedTest()) === 'newsletter-link-failed',
      'the focus on the message',
    );
    await expectAccessible(page, 'the unsubscribe page, a bad link', { themes: 'light' });
    await page.goto('/newsletter/unsubscribe');
    await hasText(failed, 'This link has no token');
    expect(await page.locator('[data-test=newsletter-unsubscribe]').count()).toBe(0);

    // A signed-in reader's own address is filled in.
    const user = await createUser('member');
    await signInAs(page, user);
    await page.goto('/');
    await eventually(
      async () => (await field.inputValue()) === user.email,
      "the reader's own address in the form",
    );

    // In Russian too.
    await page.context().addInitScript("localStorage.setItem('folio.locale', 'ru')");
    await page.goto('/newsletter/confirm');
    await hasText(failed, 'В ссылке нет токена');
    await hasText(page.locator('[data-test=newsletter] h2'), 'Подписка по почте');
  });
});
