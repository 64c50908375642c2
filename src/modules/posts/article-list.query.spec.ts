import { PROFILE_SQL } from '../profiles/profile.sql';
import { articleConditions, articleListQuery, articleOrder, SqlParams } from './article-list.query';

describe('articleConditions', () => {
  it('shows only published articles by default, with no reader condition', () => {
    const params = new SqlParams();
    expect(articleConditions({ status: 'published' }, undefined, params, PROFILE_SQL)).toEqual([
      'a.status = $1',
    ]);
    expect(params.values).toEqual(['published']);
  });

  it('limits drafts to the reader, or to nobody without one', () => {
    const mine = new SqlParams();
    expect(
      articleConditions({ status: 'draft' }, { id: 7, isSuperuser: false }, mine, PROFILE_SQL),
    ).toEqual(['a.status = $1', 'a.author_id = $2']);
    expect(mine.values).toEqual(['draft', 7]);
    const anonymous = new SqlParams();
    articleConditions({ status: 'draft' }, undefined, anonymous, PROFILE_SQL);
    expect(anonymous.values).toEqual(['draft', null]);
  });

  it('lets superusers see every draft', () => {
    const params = new SqlParams();
    expect(
      articleConditions({ status: 'draft' }, { id: 1, isSuperuser: true }, params, PROFILE_SQL),
    ).toEqual(['a.status = $1']);
  });

  it('binds every filter value as a parameter, never into the SQL', () => {
    const params = new SqlParams();
    const evil = "x'; DROP TABLE articles; --";
    const sql = articleConditions(
      { status: 'published', tag: evil, category: evil, q: evil, author: evil, favoritedBy: evil },
      undefined,
      params,
      PROFILE_SQL,
    ).join(' AND ');
    expect(sql).not.toContain('DROP');
    expect(params.values).toEqual(['published', evil, evil, evil, evil, evil]);
  });

  it('resolves usernames and followees inside the statement', () => {
    const params = new SqlParams();
    const sql = articleConditions(
      { status: 'published', author: 'ann', favoritedBy: 'bob', followedBy: 7 },
      undefined,
      params,
      PROFILE_SQL,
    ).join(' AND ');
    expect(sql).toContain(
      'a.author_id = (SELECT pu.id FROM users pu WHERE lower(pu.username) = lower($2))',
    );
    expect(sql).toContain(
      'a.author_id IN (SELECT pf.followee_id FROM follows pf WHERE pf.follower_id = $3)',
    );
    expect(params.values).toEqual(['published', 'ann', 7, 'bob']);
  });
});

describe('articleOrder', () => {
  it('is newest first without a search, best match first with one', () => {
    expect(articleOrder({ status: 'published' }, new SqlParams())).toBe('a.id DESC');
    const params = new SqlParams();
    expect(articleOrder({ status: 'published', q: 'cats' }, params)).toMatch(
      /^ts_rank\(a\.search_vector, .*\$1.*\) DESC, a\.id DESC$/,
    );
    expect(params.values).toEqual(['cats']);
  });
});

describe('articleListQuery', () => {
  it('counts and pages in one statement, finding the page ids before computing its columns', () => {
    const reader = { id: 7, isSuperuser: false };
    const { text, values } = articleListQuery(
      { status: 'published', tag: 'cats' },
      reader,
      { limit: 20, offset: 40 },
      PROFILE_SQL,
    );
    expect(text).toMatch(/^SELECT n\.count, p\.\* FROM \(SELECT COUNT\(\*\)::int AS count/);
    // The tags, favorite and profile subqueries run after LIMIT/OFFSET, on the page's 20 rows.
    expect(text.indexOf('LIMIT $4 OFFSET $5) page')).toBeLessThan(
      text.indexOf('JOIN articles a ON a.id = page.id'),
    );
    expect(values).toEqual([7, 'published', 'cats', 20, 40]);
  });
});
