import { createUser } from './support/api';
import { useBrowserSite } from './support/browser-site';

// RealWorld frontends call the API from the browser with fetch(), and the browser's HTTP cache keeps
// what the answers allow. Some (the Vue 3 one) send the token only on writes: their reads are
// anonymous, and must not come from a copy older than the reader's own write.
const site = useBrowserSite();

describe('a frontend that reads without its token', () => {
  it('sees its own new article and its own deletion at once', async () => {
    const author = await createUser('fetcher');
    const { page } = site;
    await page.goto('/');
    const titles = await page.evaluate(
      async ({ token }) => {
        const read = async () => {
          // No Authorization header, as the client sends its reads.
          const response = await fetch('/api/articles?limit=10&offset=0');
          const body = (await response.json()) as { articles: { title: string }[] };
          return body.articles.map((article) => article.title);
        };
        const write = (method: string, path: string, body?: unknown) =>
          fetch(`/api${path}`, {
            method,
            headers: { 'Content-Type': 'application/json', Authorization: `Token ${token}` },
            body: body === undefined ? undefined : JSON.stringify(body),
          }).then((response) => response.json().catch(() => null) as Promise<unknown>);
        const before = await read();
        const created = (await write('POST', '/articles', {
          article: { title: 'Fresh from the oven', description: 'd', body: 'b' },
        })) as { article: { slug: string } };
        const afterCreate = await read();
        await write('DELETE', `/articles/${created.article.slug}`);
        const afterDelete = await read();
        return { before, afterCreate, afterDelete };
      },
      { token: author.token },
    );
    expect(titles.before).not.toContain('Fresh from the oven');
    expect(titles.afterCreate).toContain('Fresh from the oven');
    expect(titles.afterDelete).not.toContain('Fresh from the oven');
  });
});
