import { RecordNotFoundError } from '../libs/database/database-errors';
import { DatabaseSession } from '../libs/database/database-session';
import { AuthUser } from '../src/modules/accounts/auth-user.types';
import { ArticlesService } from '../src/modules/posts/articles.service';
import { makeSuperuser, registerUser } from './support/auth-factory';
import { createCategory, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

/**
 * The article update rules at the service level, on a real PostgreSQL: what the HTTP tests see through
 * one route, checked here on the service that owns the rules, with what is stored afterwards.
 */
describe('ArticlesService.update (service level, real PostgreSQL)', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  let articles: ArticlesService;
  let session: DatabaseSession;
  let author: AuthUser;
  let other: AuthUser;
  let superuser: AuthUser;
  let superuserToken: string;

  const reader = (
    user: { id: number; username: string; email: string },
    role: AuthUser['role'] = null,
  ) => ({
    id: user.id,
    username: user.username,
    email: user.email,
    role,
    isVerified: true,
  });

  beforeAll(async () => {
    articles = t.app.get(ArticlesService);
    session = t.app.get(DatabaseSession);
    author = reader(await registerUser(t));
    other = reader(await registerUser(t));
    const admin = await registerUser(t);
    await makeSuperuser(t, admin.id);
    superuser = reader(admin, 'administrator');
    superuserToken = admin.token;
  });

  const create = (title: string, extra: Record<string, unknown> = {}) =>
    session.transaction(() =>
      articles.create(author, {
        title,
        description: 'd',
        body: 'b',
        tagList: ['b', 'a'],
        ...extra,
      }),
    );
  const stored = async (id: number) =>
    (
      await t.dataSource.query<
        { slug: string; status: string; published_at: Date | null; updated_at: Date }[]
      >('SELECT slug, status, published_at, updated_at FROM articles WHERE id = $1', [id])
    )[0];
  const idOf = async (slug: string) =>
    (
      await t.dataSource.query<{ id: number }[]>('SELECT id FROM articles WHERE slug = $1', [slug])
    )[0].id;

  it('a new title moves the slug; the same title, or only a new body, keeps it', async () => {
    const article = await create('Service Rules One');
    const id = await idOf(article.slug);
    const renamed = await session.transaction(() =>
      articles.update(author, article.slug, { title: 'Service Rules Renamed' }),
    );
    expect(renamed.slug).toBe('service-rules-renamed');
    const bodyOnly = await session.transaction(() =>
      articles.update(author, renamed.slug, { body: 'new body', title: 'Service Rules Renamed' }),
    );
    expect(bodyOnly).toMatchObject({ slug: 'service-rules-renamed', body: 'new body' });
    expect((await stored(id)).slug).toBe('service-rules-renamed');
  });

  it('tagList: omitted keeps the tags, [] clears them, a new list replaces them (sorted, unique)', async () => {
    const article = await create('Service Rules Tags');
    expect(article.tagList).toEqual(['a', 'b']);
    const kept = await session.transaction(() =>
      articles.update(author, article.slug, { body: 'x' }),
    );
    expect(kept.tagList).toEqual(['a', 'b']);
    const replaced = await session.transaction(() =>
      articles.update(author, article.slug, { tagList: [' c ', 'c', 'a'] }),
    );
    expect(replaced.tagList).toEqual(['a', 'c']);
    const cleared = await session.transaction(() =>
      articles.update(author, article.slug, { tagList: [] }),
    );
    expect(cleared.tagList).toEqual([]);
  });

  it('publishing a draft stamps publishedAt; unpublishing clears it', async () => {
    const draft = await create('Service Rules Draft', { status: 'draft' });
    const id = await idOf(draft.slug);
    expect((await stored(id)).published_at).toBeNull();
    await session.transaction(() => articles.update(author, draft.slug, { status: 'published' }));
    expect((await stored(id)).published_at).toBeInstanceOf(Date);
    await session.transaction(() => articles.update(author, draft.slug, { status: 'draft' }));
    expect(await stored(id)).toMatchObject({ status: 'draft', published_at: null });
  });

  it('the author and administrators edit, another user is forbidden; a draft is not found to others', async () => {
    const article = await create('Service Rules Owner');
    await expect(
      session.transaction(() => articles.update(other, article.slug, { body: 'taken over' })),
    ).rejects.toMatchObject({ status: 403 });
    const draft = await create('Service Rules Hidden', { status: 'draft' });
    await expect(
      session.transaction(() => articles.update(other, draft.slug, { body: 'x' })),
    ).rejects.toBeInstanceOf(RecordNotFoundError);
    const bodyOf = async (slug: string) =>
      (
        await t.dataSource.query<{ body: string }[]>('SELECT body FROM articles WHERE slug = $1', [
          slug,
        ])
      )[0].body;
    expect(await bodyOf(article.slug)).toBe('b');
    await session.transaction(() =>
      articles.update(superuser, draft.slug, { body: 'edited by an administrator' }),
    );
    expect(await bodyOf(draft.slug)).toBe('edited by an administrator');
  });

  it('a category that does not exist is refused and nothing changes; null removes the category', async () => {
    const category = await createCategory(t, superuserToken);
    const article = await create('Service Rules Category', { category: category.slug });
    expect(article.category).toBe(category.slug);
    await expect(
      session.transaction(() =>
        articles.update(author, article.slug, { title: 'Changed', category: 'no-such-category' }),
      ),
    ).rejects.toMatchObject({ status: 422 });
    expect((await stored(await idOf(article.slug))).slug).toBe(article.slug);
    const removed = await session.transaction(() =>
      articles.update(author, article.slug, { category: null }),
    );
    expect(removed.category).toBeNull();
  });

  it('every update moves updatedAt, even one that only changes the tags', async () => {
    const article = await create('Service Rules Clock');
    const id = await idOf(article.slug);
    const before = (await stored(id)).updated_at;
    await new Promise((resolve) => setTimeout(resolve, 5));
    await session.transaction(() => articles.update(author, article.slug, { tagList: ['z'] }));
    expect((await stored(id)).updated_at.getTime()).toBeGreaterThan(before.getTime());
  });

  it('summaries: the ids a reader may see, as lists show them, in the order given', async () => {
    const first = await create('Service Summaries First');
    const draft = await create('Service Summaries Draft', { status: 'draft' });
    const second = await create('Service Summaries Second');
    const ids = [
      await idOf(second.slug),
      await idOf(draft.slug),
      999_999_999,
      await idOf(first.slug),
    ];
    const anonymous = await articles.summaries([...ids, ids[0]], undefined);
    expect(anonymous.map((a) => a.slug)).toEqual([second.slug, first.slug]);
    expect(anonymous[0]).not.toHaveProperty('body');
    expect(anonymous[0]).toMatchObject({
      tagList: ['a', 'b'],
      author: { username: author.username, following: false },
      favorited: false,
    });
    // Its author sees the draft too, where it was asked for.
    const own = await articles.summaries(ids, author);
    expect(own.map((a) => a.slug)).toEqual([second.slug, draft.slug, first.slug]);
    expect((await articles.summaries(ids, other)).map((a) => a.slug)).toEqual([
      second.slug,
      first.slug,
    ]);
    expect(await articles.summaries([], other)).toEqual([]);
  });
});
