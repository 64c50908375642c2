import { registerUser, setRole, useRegisteredUser } from './support/auth-factory';
import { FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

interface PageAnswer {
  slug: string;
  title: string;
  description: string;
  coverImage: string | null;
  coverImageAlt: string | null;
  coverImageCaption: string | null;
  body: string;
  status: 'draft' | 'published';
  menuPosition: number | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

describe('static pages (About, Contact)', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const editor = useRegisteredUser(t, { role: 'editor' });
  const admin = useRegisteredUser(t, { superuser: true });
  const author = useRegisteredUser(t, { role: 'author' });
  const reader = useRegisteredUser(t);

  const postPage = (page: object, token?: string) =>
    (token ? t.as(token) : t.http()).post('/api/pages').send({ page });
  const putPage = (slug: string, page: object, token: string) =>
    t.as(token).put(`/api/pages/${slug}`).send({ page });
  const createPage = async (page: object, token = editor.token): Promise<PageAnswer> =>
    (await postPage(page, token).expect(201)).body.page as PageAnswer;
  const listed = async (token?: string) =>
    (
      (await (token ? t.as(token) : t.http()).get('/api/pages').expect(200)).body as {
        pages: Omit<PageAnswer, 'body'>[];
      }
    ).pages;

  it('an editor writes a draft, publishes it, and then anyone reads it', async () => {
    const draft = await createPage({ title: 'О нас', body: 'We write about **trains**.' });
    expect(draft).toEqual({
      slug: 'o-nas',
      title: 'О нас',
      description: '',
      coverImage: null,
      coverImageAlt: null,
      coverImageCaption: null,
      body: 'We write about **trains**.',
      status: 'draft',
      menuPosition: null,
      publishedAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    // A draft does not exist for readers, and is not listed for them.
    await t
      .http()
      .get('/api/pages/o-nas')
      .expect(404, { errors: { page: ['not found'] } });
    await t.as(reader.token).get('/api/pages/o-nas').expect(404);
    expect((await listed()).map((page) => page.slug)).not.toContain('o-nas');
    expect((await listed(admin.token)).map((page) => page.slug)).toContain('o-nas');

    const published = (await putPage('o-nas', { status: 'published' }, editor.token).expect(200))
      .body.page as PageAnswer;
    expect(published.status).toBe('published');
    expect(Date.parse(published.publishedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    const read = await t.http().get('/api/pages/o-nas').expect(200);
    expect(read.body.page).toEqual(published);
    expect(await listed()).toContainEqual(
      expect.objectContaining({ slug: 'o-nas', title: 'О нас', status: 'published' }),
    );
    expect((await listed())[0]).not.toHaveProperty('body');

    // Back to a draft and published again: it keeps the date it was first published.
    await putPage('o-nas', { status: 'draft' }, editor.token).expect(200);
    await t.http().get('/api/pages/o-nas').expect(404);
    const again = await putPage('o-nas', { status: 'published' }, editor.token).expect(200);
    expect(again.body.page.publishedAt).toBe(published.publishedAt);
  });

  it('the menu: pages with a place come first, in order; the others by title', async () => {
    const names = ['Zebra', 'Contact', 'About', 'Colophon'];
    const places: Record<string, number | null> = {
      Zebra: null,
      Contact: 2,
      About: 1,
      Colophon: null,
    };
    for (const title of names) {
      await createPage({
        title: `${title} menu`,
        body: 'text',
        status: 'published',
        menuPosition: places[title],
      });
    }
    const order = (await listed())
      .map((page) => page.title)
      .filter((title) => title.endsWith(' menu'));
    expect(order).toEqual(['About menu', 'Contact menu', 'Colophon menu', 'Zebra menu']);
    // Taken out of the menu, About goes among the others.
    await putPage('about-menu', { menuPosition: null }, admin.token).expect(200);
    const after = (await listed())
      .map((page) => page.title)
      .filter((title) => title.endsWith(' menu'));
    expect(after).toEqual(['Contact menu', 'About menu', 'Colophon menu', 'Zebra menu']);
  });

  it('only editors and administrators write pages', async () => {
    await postPage({ title: 'Mine', body: 'b' }).expect(401);
    await postPage({ title: 'Mine', body: 'b' }, reader.token).expect(403);
    await postPage({ title: 'Mine', body: 'b' }, author.token).expect(403);
    const page = await createPage({ title: 'Staff only', body: 'b', status: 'published' });
    await putPage(page.slug, { title: 'Mine' }, author.token).expect(403);
    await t.as(author.token).delete(`/api/pages/${page.slug}`).expect(403);
    await t.http().delete(`/api/pages/${page.slug}`).expect(401);
    // An editor deletes any page, as a real client sends it: a JSON content type and no body.
    await t
      .as(admin.token)
      .delete(`/api/pages/${page.slug}`)
      .set('Content-Type', 'application/json')
      .expect(204);
    await t.http().get(`/api/pages/${page.slug}`).expect(404);
    await t.as(admin.token).delete(`/api/pages/${page.slug}`).expect(404);
  });

  it('slugs: from the title, chosen, followed again with null; a taken one is a 409', async () => {
    const first = await createPage({ title: 'Team!', body: 'b' });
    expect(first.slug).toBe('team');
    await postPage({ title: 'Team', body: 'b' }, editor.token).expect(409, {
      errors: { slug: ['has already been taken'] },
    });
    const chosen = await createPage({ title: 'Team', slug: 'The People', body: 'b' });
    expect(chosen.slug).toBe('the-people');
    await putPage('the-people', { slug: 'team' }, editor.token).expect(409);
    const renamed = await putPage(
      'the-people',
      { title: 'Our crew', slug: null },
      editor.token,
    ).expect(200);
    expect(renamed.body.page.slug).toBe('our-crew');
    await t.as(editor.token).get('/api/pages/the-people').expect(404);
    // Emoji alone transliterate to nothing: the title gives "page".
    expect((await createPage({ title: '🙂', body: 'b' })).slug).toBe('page');
    await postPage({ title: 'x', slug: '!!!' }, editor.token).expect(422, {
      errors: { slug: ['must contain a letter or digit'] },
    });
    // Through the trailing-slash address some clients post to.
    const slashed = await t
      .as(editor.token)
      .post('/api/pages/')
      .send({ page: { title: 'Slashed', body: 'b' } })
      .expect(201);
    expect(slashed.body.page.slug).toBe('slashed');
  });

  it('bad input is a 422 that names the field', async () => {
    await postPage({ body: 'b' }, editor.token).expect(422, {
      errors: { title: ["can't be blank"] },
    });
    await postPage({ title: 'Empty', status: 'published' }, editor.token).expect(422, {
      errors: { body: ["can't be blank"] },
    });
    await postPage({ title: 'x', status: 'scheduled' }, editor.token).expect(422);
    for (const menuPosition of [0, 1001, 1.5, '1']) {
      const answer = await postPage({ title: 'x', menuPosition }, editor.token).expect(422);
      expect(Object.keys(answer.body.errors)).toEqual(['menuPosition']);
    }
    // The type first, then the length.
    for (const [field, value] of [
      ['body', null],
      ['body', 5],
      ['slug', 5],
    ] as const) {
      await postPage({ title: 'x', [field]: value }, editor.token).expect(422, {
        errors: { [field]: ['must be a string'] },
      });
    }
    await postPage({ title: 'x', unknown: 1 }, editor.token).expect(422);
    await t.as(editor.token).post('/api/pages').send({}).expect(422);
    const page = await createPage({ title: 'Kept', body: 'text', status: 'published' });
    // Blanking a published page's body is refused; a draft may be empty.
    await putPage(page.slug, { body: '  ' }, editor.token).expect(422, {
      errors: { body: ["can't be blank"] },
    });
    await putPage(page.slug, { body: '', status: 'draft' }, editor.token).expect(200);
    await putPage('no-such-page', { title: 'x' }, editor.token).expect(404, {
      errors: { page: ['not found'] },
    });
  });

  it('an edit that changes nothing keeps updatedAt; a page outlives the account that wrote it', async () => {
    const page = await createPage({ title: 'Still', body: 'b', status: 'published' });
    const same = await putPage(page.slug, { title: 'Still', body: 'b' }, editor.token).expect(200);
    expect(same.body.page.updatedAt).toBe(page.updatedAt);
    // A client sends the page it fetched back with its change: the answer's own fields are ignored.
    const fetched = (await t.http().get(`/api/pages/${page.slug}`).expect(200)).body.page as object;
    const echoed = await putPage(
      page.slug,
      { ...fetched, title: 'Still here' },
      editor.token,
    ).expect(200);
    expect(echoed.body.page).toMatchObject({ slug: page.slug, title: 'Still here' });

    const leaving = await registerUser(t);
    await setRole(t, leaving.id, 'editor');
    const theirs = await createPage(
      { title: 'Left', body: 'b', status: 'published' },
      leaving.token,
    );
    const authorOf = async (slug: string) =>
      (
        await t.dataSource.query<{ id: number | null }[]>(
          'SELECT author_id AS id FROM static_pages WHERE slug = $1',
          [slug],
        )
      )[0].id;
    expect(await authorOf(theirs.slug)).toBe(leaving.id);
    await t.as(admin.token).delete(`/api/admin/users/${leaving.id}`).expect(204);
    // The blog's page, not the person's: it stays, unsigned.
    expect(await authorOf(theirs.slug)).toBeNull();
    await t.http().get(`/api/pages/${theirs.slug}`).expect(200);
  });

  describe('description and cover, as an article has them', () => {
    const cover = {
      description: 'Who we are and why we write about trains.',
      coverImage: 'https://images.example.com/team.jpg',
      coverImageAlt: ' The team on a platform ',
      coverImageCaption: 'Photo by Ann ',
    };

    it('are written, read back, listed and changed; left out, they stay as they are', async () => {
      const page = await createPage({
        title: 'Our people',
        body: 'b',
        status: 'published',
        ...cover,
      });
      const stored = {
        description: 'Who we are and why we write about trains.',
        coverImage: 'https://images.example.com/team.jpg',
        coverImageAlt: 'The team on a platform',
        coverImageCaption: 'Photo by Ann',
      };
      expect(page).toMatchObject(stored);
      expect((await t.http().get(`/api/pages/${page.slug}`).expect(200)).body.page).toEqual(page);
      expect((await listed()).find((listedPage) => listedPage.slug === page.slug)).toMatchObject(
        stored,
      );

      // An edit of other fields keeps them, and does not touch the row when nothing else changed.
      const retitled = await putPage(page.slug, { title: 'Our people here' }, editor.token).expect(
        200,
      );
      expect(retitled.body.page).toMatchObject(stored);
      const same = await putPage(page.slug, stored, editor.token).expect(200);
      expect(same.body.page.updatedAt).toBe(retitled.body.page.updatedAt);

      // Each changes alone; "" or null clears the cover and its texts, "" empties the description.
      const upload = 'http://localhost:3000/media/abc/1280.webp';
      const changed = await putPage(page.slug, { coverImage: upload }, editor.token).expect(200);
      expect(changed.body.page).toMatchObject({ ...stored, coverImage: upload });
      const cleared = await putPage(
        page.slug,
        { description: '', coverImage: '', coverImageAlt: '  ', coverImageCaption: null },
        editor.token,
      ).expect(200);
      expect(cleared.body.page).toMatchObject({
        description: '',
        coverImage: null,
        coverImageAlt: null,
        coverImageCaption: null,
      });
      const [row] = await t.dataSource.query<Record<string, unknown>[]>(
        `SELECT description, cover_image, cover_image_alt, cover_image_caption
           FROM static_pages WHERE slug = $1`,
        [page.slug],
      );
      expect(row).toEqual({
        description: '',
        cover_image: null,
        cover_image_alt: null,
        cover_image_caption: null,
      });
    });

    it("bad values are the 422s an article's are, with the same messages", async () => {
      const article = await t
        .as(editor.token)
        .post('/api/articles')
        .send({ article: { title: 'Compared', description: 'd', body: 'b' } })
        .expect(201);
      const articleSlug = article.body.article.slug as string;
      const page = await createPage({ title: 'Checked', body: 'b' });
      const bad: [string, unknown][] = [
        ['description', 'x'.repeat(2001)],
        ['description', null],
        ['description', 5],
        ['coverImage', 'javascript:alert(1)'],
        ['coverImage', '/media/x/640.webp'],
        ['coverImage', `https://example.com/${'x'.repeat(2048)}`],
        ['coverImage', 42],
        ['coverImageAlt', 'x'.repeat(301)],
        ['coverImageAlt', 5],
        ['coverImageCaption', 'y'.repeat(501)],
      ];
      for (const [field, value] of bad) {
        const refusedArticle = await t
          .as(editor.token)
          .put(`/api/articles/${articleSlug}`)
          .send({ article: { [field]: value } })
          .expect(422);
        const expected = refusedArticle.body as { errors: Record<string, string[]> };
        expect(Object.keys(expected.errors)).toEqual([field]);
        await postPage({ title: 'x', [field]: value }, editor.token).expect(422, expected);
        await putPage(page.slug, { [field]: value }, editor.token).expect(422, expected);
      }
      // The page is as it was.
      expect(
        (await t.as(editor.token).get(`/api/pages/${page.slug}`).expect(200)).body.page,
      ).toEqual(page);
      // At the limits they are taken.
      await postPage(
        {
          title: 'Longest',
          description: 'd'.repeat(2000),
          coverImageAlt: 'a'.repeat(300),
          coverImageCaption: 'c'.repeat(500),
        },
        editor.token,
      ).expect(201);
    });
  });
});
