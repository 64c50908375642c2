import { joinSql, param, sql, statement } from '../../../libs/database/sql';
import { PROFILE_SQL } from '../profiles/profile.sql';
import {
  ArticleFilter,
  articleConditions,
  articleListQuery,
  articleRank,
  articleOrder,
} from './article-list.query';
import { Reader } from './article-visibility';

/** The conditions of a list as one statement's WHERE text and values. */
function conditions(filter: ArticleFilter, reader?: Reader) {
  const readerId = param(reader?.id ?? null);
  return statement(joinSql(articleConditions(filter, reader, readerId, PROFILE_SQL), ' AND '));
}

describe('articleConditions', () => {
  // Who sees drafts: the filter and reader, then the WHERE text and values they give.
  it.each<[string, ArticleFilter, Reader | undefined, string, unknown[]]>([
    [
      'published articles by default, with no reader condition',
      { status: 'published' },
      undefined,
      'a.status = $1',
      ['published'],
    ],
    [
      'drafts to their author',
      { status: 'draft' },
      { id: 7, role: null },
      'a.status = $1 AND a.author_id = $2',
      ['draft', 7],
    ],
    [
      'drafts to nobody without a reader',
      { status: 'draft' },
      undefined,
      'a.status = $1 AND false',
      ['draft'],
    ],
    [
      'every draft to editors and administrators',
      { status: 'draft' },
      { id: 1, role: 'administrator' },
      'a.status = $1',
      ['draft'],
    ],
  ])('shows %s', (_case, filter, reader, text, values) => {
    expect(conditions(filter, reader)).toEqual({ text, values });
  });

  it('binds every filter value as a parameter, never into the SQL', () => {
    const evil = "x'; DROP TABLE articles; --";
    const { text, values } = conditions({
      status: 'published',
      tag: evil,
      category: evil,
      q: evil,
      author: evil,
      favoritedBy: evil,
    });
    expect(text).not.toContain('DROP');
    expect(values).toEqual(['published', evil, evil, evil, evil, evil, evil]);
  });

  it('resolves usernames and followees inside the statement', () => {
    const { text, values } = conditions({
      status: 'published',
      author: 'ann',
      favoritedBy: 'bob',
      followedBy: 7,
    });
    expect(text).toContain(
      'a.author_id = (SELECT pu.id FROM users pu WHERE lower(pu.username) = lower($2))',
    );
    expect(text).toContain(
      'a.author_id IN (SELECT pf.followee_id FROM follows pf WHERE pf.follower_id = $3)',
    );
    expect(values).toEqual(['published', 'ann', 7, 'bob']);
  });
});

describe('articleOrder', () => {
  const row = { publishedAt: sql`a.published_at`, id: sql`a.id` };

  it('is newest publication first without a search, best match first with one', () => {
    expect(statement(articleOrder(undefined, row)).text).toBe('a.published_at DESC, a.id DESC');
    const rank = articleRank({ status: 'published', q: 'cats' });
    const { text, values } = statement(articleOrder(rank, row));
    expect(text).toMatch(
      /^ts_rank\(a\.search_vector, .*\$1.*\) DESC, a\.published_at DESC, a\.id DESC$/,
    );
    expect(values).toEqual(['cats', 'cats']);
  });
});

describe('articleListQuery', () => {
  const reader = { id: 7, role: null };

  it('reads a kept count and pages in one statement, finding the page ids before computing its columns', () => {
    const { text, values } = articleListQuery(
      { status: 'published', tag: 'cats' },
      reader,
      { limit: 20, offset: 40 },
      PROFILE_SQL,
    );
    // One tag: the tag's counter, not a count of its articles.
    expect(text).toMatch(
      /^SELECT n\.count, n\.kept, n\.partial, p\.\* FROM \(SELECT \(SELECT COALESCE\(sum\(k\.n\), 0\)::int FROM article_counts k/,
    );
    expect(text).toContain('true AS kept, false AS partial');
    // The tags, favorite and profile subqueries run after LIMIT/OFFSET, on the page's rows (and one
    // more, which says whether a next page exists).
    const limit = text.indexOf('LIMIT $8 OFFSET $9) page');
    expect(limit).toBeGreaterThan(0);
    expect(limit).toBeLessThan(text.indexOf('JOIN articles a ON a.id = page.id'));
    // A tag's page is read from its links, in the order of their copy of the article's date.
    expect(text).toContain('FROM article_tags at JOIN articles a ON a.id = at.article_id');
    expect(text).toMatch(/ORDER BY at\.article_published_at DESC, at\.article_id DESC\s+LIMIT/);
    expect(values).toEqual([
      'tag',
      'published',
      'cats',
      7,
      'cats',
      'published',
      'published',
      21,
      40,
    ]);
  });

  it('counts what no counter keeps up to the cap, with the same conditions as the page', () => {
    const { text, values } = articleListQuery(
      { status: 'published', author: 'ann', category: 'news' },
      reader,
      { limit: 20, offset: 0 },
      PROFILE_SQL,
    );
    expect(text).toContain('LIMIT $4) capped) AS count, false AS kept, false AS partial');
    // The conditions appear twice (count and page) with the same placeholders.
    expect(text.match(/a\.status = \$1/g)).toHaveLength(2);
    expect(values.slice(0, 4)).toEqual(['published', 'ann', 'news', 10001]);
  });

  it('a tag with another filter: counted from the articles, paged from the tag links', () => {
    const { text } = articleListQuery(
      { status: 'published', tag: 'cats', category: 'news' },
      reader,
      { limit: 20, offset: 0 },
      PROFILE_SQL,
    );
    const page = text.slice(text.indexOf('LEFT JOIN LATERAL'));
    expect(text.indexOf('a.id IN (SELECT at.article_id FROM article_tags at')).toBeLessThan(
      text.indexOf('LEFT JOIN LATERAL'),
    );
    expect(page).toMatch(
      /FROM article_tags at JOIN articles a ON a\.id = at\.article_id\s+WHERE at\.tag_id = .* AND at\.article_status = \$\d+ AND a\.status = \$\d+ AND a\.category_id = /,
    );
  });

  it('a cursor pages by the key after it, not by an offset', () => {
    const { text, values } = articleListQuery(
      { status: 'published' },
      undefined,
      { limit: 20, offset: 0, after: { publishedAt: '2026-12-01T10:00:00.123456Z', id: 42 } },
      PROFILE_SQL,
    );
    expect(text).toMatch(/\(a\.published_at, a\.id\) < \(\$\d+::timestamptz, \$\d+::int\)/);
    expect(values).toContain('2026-12-01T10:00:00.123456Z');
  });
});
