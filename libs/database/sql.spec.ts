import { identifier, joinSql, param, prepared, sql, statement } from './sql';

describe('sql', () => {
  it('binds interpolated values as numbered parameters', () => {
    const slug = "x'; DROP TABLE articles; --";
    expect(statement(sql`SELECT id FROM articles WHERE slug = ${slug} AND id <> ${3}`)).toEqual({
      text: 'SELECT id FROM articles WHERE slug = $1 AND id <> $2',
      values: [slug, 3],
    });
  });

  it('numbers the parameters of fragments from several places in order of appearance', () => {
    const byUser = (name: string) => sql`(SELECT id FROM users WHERE username = ${name})`;
    const where = joinSql(
      [sql`a.status = ${'published'}`, sql`a.author_id = ${byUser('ann')}`],
      ' AND ',
    );
    expect(statement(sql`SELECT * FROM articles a WHERE ${where} LIMIT ${20}`)).toEqual({
      text: 'SELECT * FROM articles a WHERE a.status = $1 AND a.author_id = (SELECT id FROM users WHERE username = $2) LIMIT $3',
      values: ['published', 'ann', 20],
    });
  });

  it('binds a shared param, and a fragment used twice, once', () => {
    const reader = param(7);
    const condition = sql`a.tag = ${'cats'}`;
    expect(statement(sql`${reader} ${condition} ${reader} ${condition} ${8}`)).toEqual({
      text: '$1 a.tag = $2 $1 a.tag = $2 $3',
      values: [7, 'cats', 8],
    });
  });

  it('keeps null and arrays as single parameters', () => {
    expect(statement(sql`${null} = ANY(${['a', 'b']}::varchar[])`)).toEqual({
      text: '$1 = ANY($2::varchar[])',
      values: [null, ['a', 'b']],
    });
  });

  it('writes only plain lower-case identifiers', () => {
    expect(statement(sql`JOIN users ${identifier('au')}`).text).toBe('JOIN users au');
    expect(() => identifier('au; DROP TABLE users')).toThrow('not an SQL identifier');
    expect(() => identifier('"au"')).toThrow('not an SQL identifier');
  });
});

describe('prepared', () => {
  it('names a statement by its text: the same text, the same name; another text, another name', () => {
    const bySlug = (slug: string) => prepared(sql`SELECT id FROM articles WHERE slug = ${slug}`);
    const first = bySlug('a');
    expect(first).toEqual({
      text: 'SELECT id FROM articles WHERE slug = $1',
      values: ['a'],
      name: expect.stringMatching(/^folio_[0-9a-f]{24}$/),
    });
    expect(bySlug('b').name).toBe(first.name);
    expect(prepared(sql`SELECT id FROM users WHERE username = ${'a'}`).name).not.toBe(first.name);
    // A name is an SQL identifier PostgreSQL keeps whole (63 bytes at most).
    expect((first.name as string).length).toBeLessThanOrEqual(63);
  });

  it('takes a constant text, and statement() stays unnamed', () => {
    expect(prepared('SELECT 1')).toEqual({
      text: 'SELECT 1',
      values: [],
      name: expect.stringMatching(/^folio_/),
    });
    expect(statement(sql`SELECT 1`)).not.toHaveProperty('name');
  });
});
