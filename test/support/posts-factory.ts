import { randomBytes } from 'node:crypto';
import { changeAccess, RegisteredUser } from './auth-factory';
import { TestApp } from './test-app';

export interface ArticleInput {
  title?: string;
  slug?: string | null;
  description?: string;
  body?: string;
  tagList?: string[];
  status?: 'draft' | 'scheduled' | 'published';
  publishAt?: string;
  /** A past date: the article is backdated (an archive moved in). */
  publishedAt?: string;
  coverImage?: string | null;
  coverImageAlt?: string | null;
  coverImageCaption?: string | null;
  category?: string | null;
  /** false: published without mailing the newsletter's subscribers. */
  newsletter?: boolean;
}

export interface CreatedArticle {
  slug: string;
  title: string;
  description: string;
  body: string;
  tagList: string[];
  createdAt: string;
  updatedAt: string;
  status: string;
  publishedAt: string | null;
  category: string | null;
  coverImage: string | null;
  coverImageAlt: string | null;
  coverImageCaption: string | null;
  newsletter: boolean;
  favoritesCount: number;
  favorited: boolean;
  author: { username: string; following: boolean };
}

/** Creates an article over HTTP as the token's owner, with unique values unless overridden. */
export async function createArticle(
  t: TestApp,
  token: string,
  overrides: ArticleInput = {},
): Promise<CreatedArticle> {
  const suffix = randomBytes(4).toString('hex');
  const article = {
    title: `Article ${suffix}`,
    description: `About ${suffix}`,
    body: `Body of ${suffix}`,
    ...overrides,
  };
  const response = await t.as(token).post('/api/articles').send({ article });
  if (response.status !== 201) {
    throw new Error(`createArticle: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body.article as CreatedArticle;
}

/**
 * One article of each kind no reader may see: `author`'s draft (with `draft`'s fields), `author`'s
 * article scheduled a week ahead, and `leaving`'s article, `leaving` then deactivated.
 */
export async function unseenArticles(
  t: TestApp,
  author: RegisteredUser,
  leaving: RegisteredUser,
  draft: ArticleInput = {},
): Promise<{ draft: CreatedArticle; scheduled: CreatedArticle; goneArticle: CreatedArticle }> {
  const unseen = {
    draft: await createArticle(t, author.token, {
      title: 'Secret draft',
      status: 'draft',
      ...draft,
    }),
    scheduled: await createArticle(t, author.token, {
      title: 'Coming next week',
      publishAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    }),
    goneArticle: await createArticle(t, leaving.token, { title: 'Gone author article' }),
  };
  await changeAccess(t, 'UPDATE users SET is_active = false WHERE id = $1', [leaving.id]);
  return unseen;
}

/** Creates a category over HTTP; the token must be a superuser's. */
export async function createCategory(
  t: TestApp,
  token: string,
  name = `Category ${randomBytes(4).toString('hex')}`,
): Promise<{ slug: string; name: string }> {
  const response = await t.as(token).post('/api/categories').send({ category: { name } });
  if (response.status !== 201) {
    throw new Error(`createCategory: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body.category as { slug: string; name: string };
}

/**
 * For test files that register many users: no rate limits, and the cheapest argon2 parameters the
 * config accepts (hashing cost is the auth module's concern, not these tests').
 */
export const FAST_AUTH_ENV = {
  AUTH_RATE_LIMIT_ENABLED: 'false',
  AUTH_ARGON2_MEMORY_KIB: '8192',
  AUTH_ARGON2_ITERATIONS: '1',
};

/** The Authorization header of a token: the auth factory's, under the short name these tests use. */
export { authHeader as auth } from './auth-factory';
