import { useRegisteredUser } from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

describe('article slugs', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const jake = useRegisteredUser(t);
  const updateArticle = (slug: string, article: object) =>
    t.as(jake.token).put(`/api/articles/${slug}`).send({ article });

  it('transliterates Cyrillic titles into readable Latin', async () => {
    const article = await createArticle(t, jake.token, { title: 'Привет, мир: щука и ёж' });
    expect(article.slug).toBe('privet-mir-shuka-i-yozh');
    await t.http().get(`/api/articles/${article.slug}`).expect(200);
  });

  it('transliterates Chinese, Japanese and Korean titles as Ghost does, not into a bare "article"', async () => {
    for (const [title, slug] of [
      ['中文标题测试', 'zhong-wen-biao-ti-ce-shi'],
      ['日本語のタイトル', 'ri-ben-yu-notaitoru'],
      ['한국어 제목', 'hangugeo-jemog'],
    ]) {
      const article = await createArticle(t, jake.token, { title });
      expect(article.slug).toBe(slug);
      await t.http().get(`/api/articles/${article.slug}`).expect(200);
    }
  });

  it('suffixes the slug when the title is taken', async () => {
    const first = await createArticle(t, jake.token, { title: 'Same Title' });
    const second = await createArticle(t, jake.token, { title: 'Same Title' });
    expect(first.slug).toBe('same-title');
    expect(second.slug).toMatch(/^same-title-[0-9a-z]{6}$/);
  });

  it('gives concurrent creates with one title distinct slugs, all of them stored', async () => {
    const responses = await Promise.all(
      Array.from({ length: 12 }, () =>
        t
          .as(jake.token)
          .post('/api/articles')
          .send({ article: { title: 'Race Title', description: 'd', body: 'b' } }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(12).fill(201));
    const slugs = responses.map((response) => response.body.article.slug as string);
    expect(new Set(slugs).size).toBe(12);
    expect(slugs).toContain('race-title');
    const [{ count }] = await t.dataSource.query(
      `SELECT COUNT(*)::int AS count FROM articles WHERE title = 'Race Title'`,
    );
    expect(count).toBe(12);
  });

  it('keeps the slug when only the body or description changes', async () => {
    const article = await createArticle(t, jake.token, { title: 'Stable Slug' });
    const response = await updateArticle(article.slug, {
      body: 'other',
      description: 'other',
      title: 'Stable Slug',
    }).expect(200);
    expect(response.body.article.slug).toBe(article.slug);
  });

  it('follows a new title; reads of the old slug move to the new one (301), writes there are 404', async () => {
    const article = await createArticle(t, jake.token, { title: 'Old Name' });
    const response = await updateArticle(article.slug, { title: 'Новое имя' }).expect(200);
    expect(response.body.article.slug).toBe('novoe-imya');
    await t.http().get('/api/articles/novoe-imya').expect(200);
    // As a RealWorld client reads an old link: with its token and Content-Type, the query kept.
    const moved = await t
      .as(jake.token)
      .get(`/api/articles/${article.slug}`)
      .set('Content-Type', 'application/json')
      .expect(301);
    expect(moved.headers.location).toBe('/api/articles/novoe-imya');
    expect(moved.headers['cache-control']).toBe('no-store');
    expect(moved.text).toBe('');
    const comments = await t
      .http()
      .get(`/api/articles/${article.slug}/comments?limit=5`)
      .expect(301);
    expect(comments.headers.location).toBe('/api/articles/novoe-imya/comments?limit=5');
    await t.http().head(`/api/articles/${article.slug}`).expect(301);
    // A write is never redirected: a client would repeat a POST as a GET.
    await t.as(jake.token).post(`/api/articles/${article.slug}/favorite`).expect(404);
    await t
      .as(jake.token)
      .post(`/api/articles/${article.slug}/comments`)
      .send({ comment: { body: 'Hello' } })
      .expect(404);
    await updateArticle(article.slug, { body: 'Changed' }).expect(404);
    await t.as(jake.token).delete(`/api/articles/${article.slug}`).expect(404);
    // A slug no article ever had, and the old slug of an article back in the drafts, stay 404.
    await t.http().get('/api/articles/never-was-an-article').expect(404);
    await updateArticle('novoe-imya', { status: 'draft' }).expect(200);
    await t.http().get(`/api/articles/${article.slug}`).expect(404);
  });

  it('a new title whose slug is taken gets a suffix', async () => {
    await createArticle(t, jake.token, { title: 'Taken Already' });
    const article = await createArticle(t, jake.token, { title: 'Something Else' });
    const response = await updateArticle(article.slug, { title: 'Taken Already' }).expect(200);
    expect(response.body.article.slug).toMatch(/^taken-already-[0-9a-z]{6}$/);
  });

  it('never gives an article the slug of a route (a title "Feed" would be hidden by the feed)', async () => {
    const article = await createArticle(t, jake.token, { title: 'Feed' });
    expect(article.slug).toMatch(/^feed-[0-9a-z]{6}$/);
    const read = await t.http().get(`/api/articles/${article.slug}`).expect(200);
    expect(read.body.article.title).toBe('Feed');
    await updateArticle(article.slug, { title: 'Not Feed' }).expect(200);
    const back = await updateArticle('not-feed', { title: 'Feed' }).expect(200);
    expect(back.body.article.slug).toMatch(/^feed-[0-9a-z]{6}$/);
  });

  describe('a chosen slug', () => {
    it('is written as slugs are and is the address', async () => {
      const article = await createArticle(t, jake.token, {
        title: 'Whatever the title',
        slug: 'My Own Address!',
      });
      expect(article.slug).toBe('my-own-address');
      const read = await t.http().get('/api/articles/my-own-address').expect(200);
      expect(read.body.article.title).toBe('Whatever the title');
    });

    it('is made from the title when empty or null, as a client with an empty field sends it', async () => {
      const blank = await createArticle(t, jake.token, { title: 'Blank Choice', slug: '' });
      expect(blank.slug).toBe('blank-choice');
      const none = await createArticle(t, jake.token, { title: 'Null Choice', slug: null });
      expect(none.slug).toBe('null-choice');
    });

    it('is refused, in the error shape, when taken, reserved, without a letter or not text', async () => {
      await createArticle(t, jake.token, { title: 'Taken Address' });
      const post = (slug: unknown) =>
        t
          .as(jake.token)
          .post('/api/articles')
          .send({ article: { title: 'Another', description: 'd', body: 'b', slug } });
      expect((await post('taken-address').expect(409)).body).toEqual({
        errors: { slug: ['has already been taken'] },
      });
      expect((await post('Feed').expect(422)).body).toEqual({ errors: { slug: ['is reserved'] } });
      expect((await post('🐉 !!').expect(422)).body).toEqual({
        errors: { slug: ['must contain a letter or digit'] },
      });
      expect((await post(42).expect(422)).body.errors.slug).toBeDefined();
      expect((await post('a'.repeat(201)).expect(422)).body).toEqual({
        errors: { slug: ['is too long (maximum is 200 characters)'] },
      });
      // Cyrillic grows as it is transliterated (ж is zh): 150 letters are a slug of 300, refused, not cut.
      expect((await post('ж'.repeat(150)).expect(422)).body).toEqual({
        errors: { slug: ['is too long (maximum is 200 characters)'] },
      });
      expect((await post('a'.repeat(1001)).expect(422)).body).toEqual({
        errors: { slug: ['is too long (maximum is 1000 characters)'] },
      });
      const [{ count }] = await t.dataSource.query(
        `SELECT COUNT(*)::int AS count FROM articles WHERE title = 'Another'`,
      );
      expect(count).toBe(0);
    });

    it('is held to 200 characters as a slug, not as typed: punctuation and spaces fall away', async () => {
      const typed = `My ${'!'.repeat(250)} Post`;
      const article = await createArticle(t, jake.token, { title: 'Loud', slug: typed });
      expect(article.slug).toBe('my-post');
      const longest = 'a'.repeat(200);
      expect((await createArticle(t, jake.token, { title: 'Long', slug: longest })).slug).toBe(
        longest,
      );
    });

    it('moves an article, and the old address is remembered for a redirect', async () => {
      const article = await createArticle(t, jake.token, { title: 'Moving Article' });
      const moved = await updateArticle(article.slug, { slug: 'moved-here' }).expect(200);
      expect(moved.body.article).toMatchObject({ slug: 'moved-here', title: 'Moving Article' });
      await t.http().get('/api/articles/moved-here').expect(200);
      // The site's page for the old address redirects by this (pages.e2e-spec).
      const remembered = await t.dataSource.query(
        `SELECT a.slug FROM article_slugs s JOIN articles a ON a.id = s.article_id WHERE s.slug = $1`,
        ['moving-article'],
      );
      expect(remembered).toEqual([{ slug: 'moved-here' }]);
    });

    it('stays when the title changes; a slug made from the title follows it', async () => {
      const chosen = await createArticle(t, jake.token, { title: 'First Title', slug: 'kept' });
      const renamed = await updateArticle(chosen.slug, { title: 'Second Title' }).expect(200);
      expect(renamed.body.article.slug).toBe('kept');
      const derived = await createArticle(t, jake.token, { title: 'Derived Title' });
      const followed = await updateArticle(derived.slug, { title: 'Derived Again' }).expect(200);
      expect(followed.body.article.slug).toBe('derived-again');
    });

    it('stays even when it looks like one made from a title (the same words, a number at the end)', async () => {
      const same = await createArticle(t, jake.token, {
        title: 'Hello World',
        slug: 'hello-world',
      });
      const renamed = await updateArticle(same.slug, { title: 'Hello World (2019)' }).expect(200);
      expect(renamed.body.article.slug).toBe('hello-world');
      const numbered = await createArticle(t, jake.token, {
        title: 'Release notes',
        slug: 'release-notes-202412',
      });
      const retitled = await updateArticle(numbered.slug, { title: 'Release notes, v2' }).expect(
        200,
      );
      expect(retitled.body.article.slug).toBe('release-notes-202412');
    });

    it('given up (null or empty on an edit), the title gives the slug again', async () => {
      const article = await createArticle(t, jake.token, { title: 'Given Up', slug: 'my-choice' });
      const reset = await updateArticle(article.slug, { slug: null }).expect(200);
      expect(reset.body.article.slug).toBe('given-up');
      const chosen = await updateArticle('given-up', { slug: 'chosen-again' }).expect(200);
      expect(chosen.body.article.slug).toBe('chosen-again');
      const emptied = await updateArticle('chosen-again', { slug: '', title: 'Given Up Twice' });
      expect(emptied.status).toBe(200);
      expect(emptied.body.article.slug).toBe('given-up-twice');
      // Following the title again: the next title moves it.
      const followed = await updateArticle('given-up-twice', { title: 'Given Up Thrice' });
      expect(followed.body.article.slug).toBe('given-up-thrice');
    });

    it('a slug an older rule made from the title still follows it', async () => {
      const article = await createArticle(t, jake.token, { title: 'Why Vec<T> wins' });
      // As the rule before symbols separated words wrote it.
      await t.dataSource.query(
        `UPDATE articles SET slug = 'why-veclesstgreater-wins' WHERE slug = $1`,
        [article.slug],
      );
      const renamed = await updateArticle('why-veclesstgreater-wins', {
        title: 'Why Vec<U> wins',
      }).expect(200);
      expect(renamed.body.article.slug).toBe('why-vec-u-wins');
    });

    it('sent back unchanged with a new title (a RealWorld editor echoing the article) chooses nothing', async () => {
      const article = await createArticle(t, jake.token, { title: 'Echoed Title' });
      const response = await updateArticle(article.slug, {
        title: 'Echoed Anew',
        slug: article.slug,
      }).expect(200);
      expect(response.body.article.slug).toBe('echoed-anew');
    });

    it('is refused on an edit when another article has it (now or as its first slug)', async () => {
      await createArticle(t, jake.token, { title: 'Occupied' });
      const renamed = await createArticle(t, jake.token, { title: 'Was Here' });
      await updateArticle(renamed.slug, { slug: 'now-elsewhere' }).expect(200);
      const article = await createArticle(t, jake.token, { title: 'Wants An Address' });
      for (const slug of ['occupied', 'was-here']) {
        const refused = await updateArticle(article.slug, { slug, body: 'changed' }).expect(409);
        expect(refused.body).toEqual({ errors: { slug: ['has already been taken'] } });
      }
      const unchanged = await t.http().get(`/api/articles/${article.slug}`).expect(200);
      expect(unchanged.body.article.body).toBe(article.body);
    });
  });
});
