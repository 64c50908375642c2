import { prepared, statement, sql } from './sql';
import { driverQuery, rowMapper, RowShapeError, usePreparedStatements } from './sql-row';

const article = rowMapper('article', (row) => ({
  id: row.int('id'),
  slug: row.string('slug'),
  bio: row.nullableString('bio'),
  at: row.date('at'),
  tags: row.strings('tags'),
  status: row.oneOf('status', ['draft', 'published'] as const),
  favorited: row.boolean('favorited'),
}));

const good = {
  id: 1,
  slug: 'a',
  bio: null,
  at: new Date(0),
  tags: ['x'],
  status: 'draft',
  favorited: false,
};

describe('rowMapper', () => {
  it('reads a row whose columns have the expected types', () => {
    expect(article(good)).toEqual(good);
  });

  it('names the shape and the column that is missing', () => {
    const { slug: _slug, ...missing } = good;
    expect(() => article(missing)).toThrow(
      new RowShapeError('article row: column "slug" is missing'),
    );
  });

  it.each([
    ['id', '1', 'article row: column "id" should be an integer, got a string'],
    ['id', 1.5, 'article row: column "id" should be an integer, got a number'],
    ['at', '1970-01-01', 'article row: column "at" should be a Date, got a string'],
    ['tags', [1], 'article row: column "tags" should be an array of strings, got an array'],
    [
      'status',
      'gone',
      'article row: column "status" should be one of draft, published, got a string',
    ],
    ['favorited', null, 'article row: column "favorited" should be a boolean, got null'],
  ])('refuses %s = %p', (column, value, message) => {
    expect(() => article({ ...good, [column]: value })).toThrow(new RowShapeError(message));
  });

  it('refuses what is not a row', () => {
    expect(() => article(null)).toThrow('article row: expected an object, got null');
  });
});

describe('driverQuery', () => {
  afterEach(() => usePreparedStatements(true));

  it('gives node-postgres a prepared statement as { name, text }, any other as its text', () => {
    const named = prepared(sql`SELECT ${1}::int AS n`);
    expect(driverQuery(named)).toEqual({ name: named.name, text: 'SELECT $1::int AS n' });
    expect(driverQuery(statement(sql`SELECT ${1}::int AS n`))).toBe('SELECT $1::int AS n');
  });

  it('sends every statement unnamed when prepared statements are off (DATABASE_PREPARED_STATEMENTS)', () => {
    usePreparedStatements(false);
    expect(driverQuery(prepared(sql`SELECT ${1}::int AS n`))).toBe('SELECT $1::int AS n');
  });
});
