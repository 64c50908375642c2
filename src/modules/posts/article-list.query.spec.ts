import { articleConditions, articleOrder, SqlParams } from './article-list.query';

describe('articleConditions', () => {
  it('shows only published articles by default, with no reader condition', () => {
    const params = new SqlParams();
    expect(articleConditions({ status: 'published' }, undefined, params)).toEqual([
      'a.status = $1',
    ]);
    expect(params.values).toEqual(['published']);
  });

  it('limits drafts to the reader, or to nobody without one', () => {
    const mine = new SqlParams();
    expect(articleConditions({ status: 'draft' }, { id: 7, isSuperuser: false }, mine)).toEqual([
      'a.status = $1',
      'a.author_id = $2',
    ]);
    expect(mine.values).toEqual(['draft', 7]);
    const anonymous = new SqlParams();
    articleConditions({ status: 'draft' }, undefined, anonymous);
    expect(anonymous.values).toEqual(['draft', null]);
  });

  it('lets superusers see every draft', () => {
    const params = new SqlParams();
    expect(articleConditions({ status: 'draft' }, { id: 1, isSuperuser: true }, params)).toEqual([
      'a.status = $1',
    ]);
  });

  it('binds every filter value as a parameter, never into the SQL', () => {
    const params = new SqlParams();
    const evil = "x'; DROP TABLE articles; --";
    const sql = articleConditions(
      { status: 'published', tag: evil, category: evil, q: evil, authorId: null, favoritedBy: 3 },
      undefined,
      params,
    ).join(' AND ');
    expect(sql).not.toContain('DROP');
    expect(params.values).toEqual(['published', null, 3, evil, evil, evil]);
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
