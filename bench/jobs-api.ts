import { Context, Endpoint } from './endpoints';

const JSON_TYPE = { 'content-type': 'application/json' };
/** Long enough for Folio's password rule; the same for every account the bench makes. */
export const JOBS_BENCH_PASSWORD = 'bench-jobs-password';

/** An article as the benchmark writes it: about the size of a short note, two of 50 tags. */
export function articleBody(title: string, random: () => number): string {
  const tag = () => `jobs${1 + Math.floor(random() * 50)}`;
  return JSON.stringify({
    article: {
      title,
      description: 'Written by the jobs benchmark',
      body: 'A short body, about the size of a note. '.repeat(8),
      tagList: [tag(), tag()],
    },
  });
}

/** The calls the jobs benchmark makes to Folio's API, each expecting its success status. */
export class FolioApi {
  constructor(readonly url: string) {}

  async register(username: string): Promise<string> {
    const user = { username, email: `${username}@bench.folio.test`, password: JOBS_BENCH_PASSWORD };
    const answer = await this.call<{ user: { token: string } }>('POST', '/api/users', 201, {
      body: { user },
    });
    return answer.user.token;
  }

  async login(email: string, password: string): Promise<string> {
    const answer = await this.call<{ user: { token: string } }>('POST', '/api/users/login', 200, {
      body: { user: { email, password } },
    });
    return answer.user.token;
  }

  /** Creates an article; `respondedAt` is performance.now() when its 201's headers arrived. */
  async createArticle(
    token: string,
    title: string,
  ): Promise<{ slug: string; respondedAt: number }> {
    const response = await fetch(`${this.url}/api/articles`, {
      method: 'POST',
      headers: { ...JSON_TYPE, authorization: `Token ${token}` },
      body: articleBody(title, Math.random),
    });
    const respondedAt = performance.now();
    if (response.status !== 201) {
      throw new Error(`POST /api/articles answered ${response.status}: ${await response.text()}`);
    }
    const { article } = (await response.json()) as { article: { slug: string } };
    return { slug: article.slug, respondedAt };
  }

  /** Whether this build has the webhooks admin API (a build before it answers 404). */
  async hasWebhooks(adminToken: string): Promise<boolean> {
    const response = await fetch(`${this.url}/api/admin/webhooks`, {
      headers: { authorization: `Token ${adminToken}` },
    });
    await response.body?.cancel();
    return response.ok;
  }

  async createWebhook(
    adminToken: string,
    webhook: { url: string; events: string[]; active: boolean },
  ): Promise<{ id: number; secret: string }> {
    const answer = await this.call<{ webhook: { id: number; secret: string } }>(
      'POST',
      '/api/admin/webhooks',
      201,
      { token: adminToken, body: { webhook: { ...webhook, description: 'npm run bench:jobs' } } },
    );
    return answer.webhook;
  }

  async setWebhookActive(adminToken: string, id: number, active: boolean): Promise<void> {
    await this.call('PUT', `/api/admin/webhooks/${id}`, 200, {
      token: adminToken,
      body: { webhook: { active } },
    });
  }

  private async call<T>(
    method: string,
    path: string,
    expected: number,
    { token, body }: { token?: string; body?: unknown },
  ): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { ...JSON_TYPE, ...(token ? { authorization: `Token ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status !== expected) {
      throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    }
    return JSON.parse(text) as T;
  }
}

/** Create article under load: each connection writes as one of the writers, in turn. */
export function createArticleEndpoint(tokens: readonly string[]): Endpoint {
  let writer = 0;
  let serial = 0;
  return {
    name: 'create article',
    kind: 'write',
    requests: [
      (c: Context) => {
        c.token ??= tokens[writer++ % tokens.length];
        return {
          method: 'POST',
          path: '/api/articles',
          headers: { ...JSON_TYPE, authorization: `Token ${c.token}` },
          body: articleBody(`Jobs bench ${++serial} ${Math.floor(c.random() * 1e9)}`, c.random),
        };
      },
    ],
  };
}

/** Registration under load: a new account each time (a verification mail each, a job since jobs). */
export function registrationEndpoint(run: string): Endpoint {
  let serial = 0;
  return {
    name: 'registration',
    kind: 'write',
    requests: [
      () => {
        const username = `r${run}_${++serial}`;
        return {
          method: 'POST',
          path: '/api/users',
          // A copy: autocannon writes content-length into the headers it is given.
          headers: { ...JSON_TYPE },
          body: JSON.stringify({
            user: {
              username,
              email: `${username}@bench.folio.test`,
              password: JOBS_BENCH_PASSWORD,
            },
          }),
        };
      },
    ],
  };
}
