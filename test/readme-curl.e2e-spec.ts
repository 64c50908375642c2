import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { useTestApp } from './support/test-app';

/** The curl block of docs/posts-api.md, exactly as a reader copies it into a shell (only the address changes). */
function documentedCurlBlock(): string {
  const doc = readFileSync(join(__dirname, '..', 'docs', 'posts-api.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## The main flows with curl'));
  const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block?.startsWith('API=http://127.0.0.1:3000/api\n')) {
    throw new Error(
      'docs/posts-api.md: the curl block of "The main flows with curl" was not found',
    );
  }
  return block;
}

describe('the curl examples of docs/posts-api.md', () => {
  const t = useTestApp();

  beforeAll(async () => {
    await t.app.listen(0, '127.0.0.1');
  });

  it('register, login, create, list, comment and favorite all answer 2xx, with what the comments say', async () => {
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const script = documentedCurlBlock().replace(
      'API=http://127.0.0.1:3000/api',
      `API=http://127.0.0.1:${port}/api`,
    );
    // Every curl fails the script on a non-2xx answer; a newline ends each body.
    const strict = `set -euo pipefail\ncurl() { command curl --fail-with-body -w '\\n' "$@"; }\n${script}`;
    const output = await new Promise<string>((resolve, reject) =>
      execFile('bash', ['-c', strict], { timeout: 30_000 }, (error, stdout, stderr) =>
        error ? reject(new Error(`${error.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
      ),
    );
    const bodies = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(bodies).toEqual([
      { user: expect.objectContaining({ username: 'jake', token: expect.any(String) }) },
      {
        articles: [expect.objectContaining({ slug: expect.any(String), tagList: ['dragons'] })],
        articlesCount: 1,
        articlesCountIsExact: true,
        nextCursor: null,
      },
      { comment: expect.objectContaining({ body: 'Thank you!' }) },
      { comments: [expect.objectContaining({ body: 'Thank you!' })], nextCursor: null },
      { article: expect.objectContaining({ favorited: true, favoritesCount: 1 }) },
      { article: expect.objectContaining({ favorited: false, favoritesCount: 0 }) },
    ]);
  });
});
