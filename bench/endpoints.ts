import { CATEGORIES, TAGS, TOKEN_PREFIX, BENCH_PASSWORD } from './seed';
import { TOPICS } from './seed-words';

export interface Fixture {
  users: number;
  /** Published articles to read, favorite and comment on. */
  slugs: string[];
  /** Half the published articles: a deep page. */
  deepOffset: number;
  /** The same deep page's key (the row before it) and its cursor, as a walk by cursor reaches it. */
  deepAfter: { publishedAt: string; id: number };
  deepCursor: string;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Per-connection state: a seeded random source, and what a request leaves for the next one. */
export interface Context {
  random: () => number;
  slug?: string;
  token?: string;
}

export interface Endpoint {
  name: string;
  kind: 'read' | 'write' | 'login';
  /** The floor has no counterpart (feeds, sitemap): Folio is measured alone, its answers not compared. */
  folioOnly?: boolean;
  /** Sent in turn on each connection (favorite then unfavorite), each made fresh from the context. */
  requests: ((context: Context) => HttpRequest)[];
}

/** mulberry32: the same seed gives Folio and the floor the same request sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];
const between = (random: () => number, max: number) => 1 + Math.floor(random() * max);
const json = { 'content-type': 'application/json' };
let serial = 0;

/** What a browser or a link preview sends for a page: the server answers the app shell with its head. */
const html = { accept: 'text/html,application/xhtml+xml' };

/** `site`: the web app is built, so Folio serves pages (server-rendered heads) beside the API. */
export function endpoints(fixture: Fixture, site = false): Endpoint[] {
  const token = (c: Context) => ({
    authorization: `Token ${TOKEN_PREFIX}${between(c.random, fixture.users)}`,
  });
  const get =
    (path: (c: Context) => string, auth = false) =>
    (c: Context): HttpRequest => ({
      method: 'GET',
      path: path(c),
      ...(auth ? { headers: token(c) } : {}),
    });
  const slug = (c: Context) => pick(c.random, fixture.slugs);
  const read = (name: string, path: (c: Context) => string, auth = false): Endpoint => ({
    name,
    kind: 'read',
    requests: [get(path, auth)],
  });
  return [
    read('list articles (signed in)', () => '/api/articles?limit=20', true),
    read('list articles (anonymous)', () => '/api/articles?limit=20'),
    read('list articles, deep offset', () => `/api/articles?limit=20&offset=${fixture.deepOffset}`),
    read('list articles, deep cursor', () => `/api/articles?limit=20&cursor=${fixture.deepCursor}`),
    read('by tag', (c) => `/api/articles?tag=tag${between(c.random, TAGS)}&limit=20`),
    read(
      'by author',
      (c) => `/api/articles?author=user${between(c.random, fixture.users)}&limit=20`,
    ),
    read(
      'by category',
      (c) => `/api/articles?category=category-${between(c.random, CATEGORIES)}&limit=20`,
    ),
    read('search', (c) => `/api/articles?q=${pick(c.random, TOPICS)}&limit=20`),
    read('feed', () => '/api/articles/feed?limit=20', true),
    read('one article', (c) => `/api/articles/${slug(c)}`),
    read('comments', (c) => `/api/articles/${slug(c)}/comments`),
    read('tags', () => '/api/tags'),
    { ...read('rss feed', () => '/rss.xml'), folioOnly: true },
    { ...read('sitemap index', () => '/sitemap.xml'), folioOnly: true },
    { ...read('sitemap child', () => '/sitemap-articles-1.xml'), folioOnly: true },
    ...(site
      ? [
          {
            name: 'article page (HTML with its head)',
            kind: 'read' as const,
            folioOnly: true,
            requests: [
              (c: Context): HttpRequest => ({
                method: 'GET',
                path: `/article/${slug(c)}`,
                headers: html,
              }),
            ],
          },
        ]
      : []),
    {
      name: 'create article',
      kind: 'write',
      requests: [
        (c) => ({
          method: 'POST',
          path: '/api/articles',
          headers: { ...json, ...token(c) },
          body: JSON.stringify({
            article: {
              title: `Bench article ${++serial} ${Math.floor(c.random() * 1e9)}`,
              description: 'Written by the benchmark',
              body: 'A short body, about the size of a note. '.repeat(8),
              tagList: [`tag${between(c.random, TAGS)}`, `tag${between(c.random, TAGS)}`],
            },
          }),
        }),
      ],
    },
    {
      // A draft written, then its body rewritten by its author: the edit records the article's revisions
      // (the text before and after). The floor has no edit to compare.
      name: 'create + edit draft',
      kind: 'write',
      folioOnly: true,
      requests: [
        (c) => {
          const name = `${++serial} ${Math.floor(c.random() * 1e9)}`;
          c.slug = `bench-draft-${name.replace(' ', '-')}`;
          c.token = `${TOKEN_PREFIX}${between(c.random, fixture.users)}`;
          return {
            method: 'POST',
            path: '/api/articles',
            headers: { ...json, authorization: `Token ${c.token}` },
            body: JSON.stringify({
              article: {
                title: `Bench draft ${name}`,
                description: 'Written by the benchmark',
                body: 'A first version of a note. '.repeat(8),
                status: 'draft',
              },
            }),
          };
        },
        (c) => ({
          method: 'PUT',
          path: `/api/articles/${c.slug}`,
          headers: { ...json, authorization: `Token ${c.token}` },
          body: JSON.stringify({ article: { body: 'The second version of a note. '.repeat(8) } }),
        }),
      ],
    },
    {
      name: 'favorite + unfavorite',
      kind: 'write',
      requests: [
        (c) => {
          c.slug = slug(c);
          c.token = `${TOKEN_PREFIX}${between(c.random, fixture.users)}`;
          return {
            method: 'POST',
            path: `/api/articles/${c.slug}/favorite`,
            headers: { authorization: `Token ${c.token}` },
          };
        },
        (c) => ({
          method: 'DELETE',
          path: `/api/articles/${c.slug}/favorite`,
          headers: { authorization: `Token ${c.token}` },
        }),
      ],
    },
    {
      name: 'create comment',
      kind: 'write',
      requests: [
        (c) => ({
          method: 'POST',
          path: `/api/articles/${slug(c)}/comments`,
          headers: { ...json, ...token(c) },
          body: JSON.stringify({ comment: { body: 'Thank you, this helped.' } }),
        }),
      ],
    },
    {
      name: 'login',
      kind: 'login',
      requests: [
        (c) => ({
          method: 'POST',
          path: '/api/users/login',
          headers: json,
          body: JSON.stringify({
            user: {
              email: `user${between(c.random, fixture.users)}@bench.folio.test`,
              password: BENCH_PASSWORD,
            },
          }),
        }),
      ],
    },
  ];
}
