import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../libs/database/data-source-options';
import { useRegisteredUser } from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { TAG_NAME_INDEX } from '../src/modules/posts/tag.entity';
import { createTestDatabase, useTestApp } from './support/test-app';

/** Tags are one whatever their case, as Ghost's are: `javascript` is the `JavaScript` tag. */
describe('tags in any case', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const jake = useRegisteredUser(t);
  const tagRows = (name: string) =>
    t.dataSource.query<{ name: string }[]>(
      'SELECT name FROM tags WHERE lower(name) = lower($1) ORDER BY id',
      [name],
    );

  it('keeps the first spelling: a later article in another case joins that tag', async () => {
    const first = await createArticle(t, jake.token, { tagList: ['JavaScript'] });
    const second = await createArticle(t, jake.token, {
      tagList: ['javascript', 'JAVASCRIPT', 'Node'],
    });
    expect(first.tagList).toEqual(['JavaScript']);
    expect(second.tagList).toEqual(['JavaScript', 'Node']);
    expect(await tagRows('javascript')).toEqual([{ name: 'JavaScript' }]);

    const tags = (await t.http().get('/api/tags').expect(200)).body.tags as string[];
    expect(tags.filter((tag) => tag.toLowerCase() === 'javascript')).toEqual(['JavaScript']);

    // The list, its count (kept per tag) and the tag's feed, whatever case the address has.
    const listed = await t.http().get('/api/articles?tag=jAvAsCrIpT').expect(200);
    expect(listed.body.articlesCount).toBe(2);
    const slugs = (listed.body.articles as { slug: string }[]).map((a) => a.slug);
    expect(slugs.sort()).toEqual([first.slug, second.slug].sort());
    // One feed whatever the address's case: the stored spelling in its title, id and links.
    const feed = JSON.parse((await t.http().get('/tag/javascript/feed.json').expect(200)).text);
    expect(feed.items).toHaveLength(2);
    expect(feed.title).toBe('#JavaScript — Folio');
    const upper = JSON.parse((await t.http().get('/tag/JAVASCRIPT/feed.json').expect(200)).text);
    expect(upper.home_page_url).toBe(feed.home_page_url);
    expect(upper.home_page_url).toMatch(/\/tag\/JavaScript$/);
  });

  it('an edit that only changes a tag’s case changes nothing', async () => {
    const article = await createArticle(t, jake.token, { tagList: ['TypeScript', 'Deno'] });
    const put = await t
      .as(jake.token)
      .put(`/api/articles/${article.slug}`)
      .send({ article: { tagList: ['typescript', 'DENO'] } })
      .expect(200);
    expect(put.body.article).toMatchObject({
      tagList: ['Deno', 'TypeScript'],
      updatedAt: article.updatedAt,
    });
  });

  it('concurrent articles naming a new tag in different cases make one tag, each linked once', async () => {
    const spellings = ['Rust', 'rust', 'RUST', 'rUsT'];
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t
          .as(jake.token)
          .post('/api/articles')
          .send({
            article: {
              title: `Crab ${i}`,
              description: 'd',
              body: 'b',
              tagList: [spellings[i % 4], 'Systems'],
            },
          }),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(12).fill(201));
    const rows = await tagRows('rust');
    expect(rows).toHaveLength(1);
    for (const response of responses) {
      expect(response.body.article.tagList).toEqual([rows[0].name, 'Systems'].sort());
    }
    const listed = await t.http().get('/api/articles?tag=RUST').expect(200);
    expect(listed.body.articlesCount).toBe(12);
  });

  it('a Greek word in capitals is the tag its lower case ends in ς: one tag, one list', async () => {
    const capitals = await createArticle(t, jake.token, { tagList: ['ΣΊΣΥΦΟΣ'] });
    const lower = await createArticle(t, jake.token, { tagList: ['σίσυφος', 'Σίσυφος'] });
    expect(lower.tagList).toEqual(['ΣΊΣΥΦΟΣ']);
    const tags = (await t.http().get('/api/tags').expect(200)).body.tags as string[];
    expect(tags.filter((tag) => tag.toLowerCase().startsWith('σίσυφο'))).toEqual(['ΣΊΣΥΦΟΣ']);
    const listed = await t
      .http()
      .get(`/api/articles?tag=${encodeURIComponent('σίσυφος')}`)
      .expect(200);
    const slugs = (listed.body.articles as { slug: string }[]).map((a) => a.slug);
    expect(slugs.sort()).toEqual([capitals.slug, lower.slug].sort());
  });

  it('a tag typed with a combining mark is the tag typed composed: one tag, one list', async () => {
    // `Zoë` as `Zoe` and U+0308 (a combining diaeresis), as some keyboards send it, then composed.
    const decomposed = await createArticle(t, jake.token, { tagList: ['Zoe\u0308', 'cafe\u0301'] });
    const composed = await createArticle(t, jake.token, { tagList: ['Zo\u00eb', 'Zoe\u0308'] });
    expect([...decomposed.tagList].sort()).toEqual(['Zo\u00eb', 'caf\u00e9'].sort());
    expect(composed.tagList).toEqual(['Zo\u00eb']);
    const tags = (await t.http().get('/api/tags').expect(200)).body.tags as string[];
    expect(tags.filter((tag) => tag.startsWith('Zo'))).toEqual(['Zo\u00eb']);
    for (const spelling of ['Zo\u00eb', 'Zoe\u0308']) {
      const listed = await t
        .http()
        .get(`/api/articles?tag=${encodeURIComponent(spelling)}`)
        .expect(200);
      const slugs = (listed.body.articles as { slug: string }[]).map((a) => a.slug);
      expect([spelling, slugs.sort()]).toEqual([spelling, [decomposed.slug, composed.slug].sort()]);
    }
  });
});

/** A database with the migrations applied up to, not including, the one named `migration`. */
async function databaseBefore(migration: string) {
  const database = await createTestDatabase();
  const dataSource = await new DataSource(dataSourceOptions({ url: database.url })).initialize();
  const applied = () =>
    dataSource.query(`SELECT 1 FROM migrations WHERE name LIKE $1`, [`${migration}%`]);
  while ((await applied()).length > 0) {
    await dataSource.undoLastMigration({ transaction: 'each' });
  }
  return {
    dataSource,
    tag: async (name: string) =>
      (
        await dataSource.query<{ id: number }[]>(
          `INSERT INTO tags (name) VALUES ($1) RETURNING id`,
          [name],
        )
      )[0].id,
    close: async () => {
      await dataSource.destroy();
      await database.drop();
    },
  };
}

describe('the TagsOneInAnyCase migration', () => {
  it('merges tags differing by case into the one on the most articles, links and counts included', async () => {
    const { dataSource, tag, close } = await databaseBefore('TagsOneInAnyCase');
    try {
      const [{ id: author }] = await dataSource.query<{ id: number }[]>(
        `INSERT INTO users (username, email, password_hash)
         VALUES ('merger', 'merger@folio.test', 'x') RETURNING id`,
      );
      const article = async (slug: string) =>
        (
          await dataSource.query<{ id: number }[]>(
            `INSERT INTO articles (slug, title, description, body, author_id, published_at)
             VALUES ($1, $1, 'd', 'b', $2, now()) RETURNING id`,
            [slug, author],
          )
        )[0].id;
      const link = (articleId: number, tagId: number) =>
        dataSource.query('INSERT INTO article_tags (article_id, tag_id) VALUES ($1, $2)', [
          articleId,
          tagId,
        ]);
      const [a, b, c] = [await article('a'), await article('b'), await article('c')];
      const upper = await tag('JS');
      const lower = await tag('js');
      const other = await tag('Other');
      await link(a, upper);
      await link(a, lower);
      await link(b, lower);
      await link(c, lower);
      await link(c, other);

      await dataSource.runMigrations({ transaction: 'each' });

      // 'js' was on three articles, 'JS' on one (also tagged js): 'js' stays, each article once.
      expect(await dataSource.query('SELECT id, name FROM tags ORDER BY id')).toEqual([
        { id: lower, name: 'js' },
        { id: other, name: 'Other' },
      ]);
      const links = await dataSource.query<{ article_id: number; tag_id: number }[]>(
        'SELECT article_id, tag_id FROM article_tags ORDER BY article_id, tag_id',
      );
      expect(links).toEqual([
        { article_id: a, tag_id: lower },
        { article_id: b, tag_id: lower },
        { article_id: c, tag_id: lower },
        { article_id: c, tag_id: other },
      ]);
      const counts = await dataSource.query<{ key: number; n: number }[]>(
        `SELECT key, sum(n)::int AS n FROM article_counts
         WHERE scope = 'tag' AND status = 'published' GROUP BY key HAVING sum(n) <> 0 ORDER BY key`,
      );
      expect(counts).toEqual([
        { key: lower, n: 3 },
        { key: other, n: 1 },
      ]);
      await expect(dataSource.query(`INSERT INTO tags (name) VALUES ('OTHER')`)).rejects.toThrow(
        TAG_NAME_INDEX,
      );
    } finally {
      await close();
    }
  });
});

describe('the TagsOneWithFinalSigma migration', () => {
  it('merges a Greek tag in capitals with the one its lower case ends in ς, and keeps them one', async () => {
    const { dataSource, tag, close } = await databaseBefore('TagsOneWithFinalSigma');
    try {
      const capitals = await tag('ΣΊΣΥΦΟΣ');
      const lower = await tag('σίσυφος');
      await dataSource.runMigrations({ transaction: 'each' });
      expect(await dataSource.query('SELECT id, name FROM tags ORDER BY id')).toEqual([
        { id: capitals, name: 'ΣΊΣΥΦΟΣ' },
      ]);
      await expect(dataSource.query(`INSERT INTO tags (name) VALUES ('Σίσυφος')`)).rejects.toThrow(
        TAG_NAME_INDEX,
      );
      expect(lower).toBeGreaterThan(capitals);
    } finally {
      await close();
    }
  });
});

describe('the TextComposed migration', () => {
  it('merges a tag stored with a combining mark into its composed twin, and composes emails', async () => {
    const { dataSource, tag, close } = await databaseBefore('TextComposed');
    try {
      const composed = await tag('Zo\u00eb');
      const decomposed = await tag('Zoe\u0308');
      const alone = await tag('cafe\u0301');
      const user = (name: string, email: string) =>
        dataSource.query(
          `INSERT INTO users (username, email, password_hash) VALUES ($1, $2, 'x') RETURNING id`,
          [name, email],
        );
      await user('jurgen', 'ju\u0308rgen@folio.test');
      // Two accounts whose addresses meet once composed: only the one that is not yet composed stays.
      await user('anna', 'anna.m\u00fcller@folio.test');
      await user('anna2', 'anna.mu\u0308ller@folio.test');
      await dataSource.runMigrations({ transaction: 'each' });
      expect(await dataSource.query('SELECT id, name FROM tags ORDER BY id')).toEqual([
        { id: composed, name: 'Zo\u00eb' },
        { id: alone, name: 'caf\u00e9' },
      ]);
      expect(decomposed).toBeGreaterThan(composed);
      expect(await dataSource.query('SELECT username, email FROM users ORDER BY username')).toEqual(
        [
          { username: 'anna', email: 'anna.m\u00fcller@folio.test' },
          { username: 'anna2', email: 'anna.mu\u0308ller@folio.test' },
          { username: 'jurgen', email: 'j\u00fcrgen@folio.test' },
        ],
      );
    } finally {
      await close();
    }
  });
});

/**
 * `.` and `..` are path segments an address resolves away: `/tag/..` is the home page and `/tag/.` the
 * empty `/tag/`, in the sitemap, the crawler pages and the site's chips. No tag may be one of them.
 */
describe('tags that no address can name', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const jake = useRegisteredUser(t);
  const refusal = {
    errors: { tagList: ['has an item that is "." or "..": a web address cannot name such a tag'] },
  };
  const dotTags = () =>
    t.dataSource.query<{ name: string }[]>(`SELECT name FROM tags WHERE name IN ('.', '..')`);
  const post = (tagList: unknown[]) =>
    t
      .as(jake.token)
      .post('/api/articles')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ article: { title: 'Dots', description: 'd', body: 'b', tagList } }));

  it('refuses `.` and `..` on a new article, also with spaces around or beside good tags', async () => {
    for (const tagList of [['.'], ['..'], ['ok', '.', '..'], [' .. '], ['\t.\n']]) {
      const response = await post(tagList).expect(422);
      expect(response.body).toEqual(refusal);
    }
    expect(await dotTags()).toEqual([]);
    const mine = await t.http().get(`/api/articles?author=${jake.username}`).expect(200);
    expect(mine.body.articlesCount).toBe(0);
  });

  it('takes names that only hold dots or start with one: they are addresses of their own', async () => {
    const created = await post(['...', '.net', '.NET', '.hidden']).expect(201);
    expect(created.body.article.tagList).toEqual(['...', '.hidden', '.net']);
    const listed = await t.http().get('/api/articles?tag=...').expect(200);
    const slugs = (listed.body.articles as { slug: string }[]).map((a) => a.slug);
    expect(slugs).toEqual([created.body.article.slug]);
    const sitemap = (await t.http().get('/sitemap-pages.xml').expect(200)).text;
    expect(sitemap).toMatch(/<loc>[^<]*\/tag\/\.\.\.<\/loc>/);
    expect(sitemap).toMatch(/<loc>[^<]*\/tag\/\.net<\/loc>/);
  });

  it('refuses them on an edit, and the article keeps its tags', async () => {
    const article = await createArticle(t, jake.token, { tagList: ['kept'] });
    for (const tagList of [['..'], ['kept', '.'], [' . ']]) {
      const response = await t
        .as(jake.token)
        .put(`/api/articles/${article.slug}`)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ article: { tagList } }))
        .expect(422);
      expect(response.body).toEqual(refusal);
    }
    const after = await t.http().get(`/api/articles/${article.slug}`).expect(200);
    expect(after.body.article).toMatchObject({ tagList: ['kept'], updatedAt: article.updatedAt });
    expect(await dotTags()).toEqual([]);
  });
});
