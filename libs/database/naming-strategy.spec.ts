import { FolioNamingStrategy, pluralize, snakeCase } from './naming-strategy';

describe('naming strategy', () => {
  const strategy = new FolioNamingStrategy();

  it.each([
    ['User', 'users'],
    ['Category', 'categories'],
    ['AccessToken', 'access_tokens'],
    ['Follow', 'follows'],
    ['Status', 'statuses'],
    ['Box', 'boxes'],
    ['Shelf', 'shelves'],
    ['Key', 'keys'],
    ['Person', 'people'],
    ['ArticleTag', 'article_tags'],
  ])('table of %s is %s', (entity, table) => {
    expect(strategy.tableName(entity, undefined)).toBe(table);
  });

  it('keeps a table name given by hand', () => {
    expect(strategy.tableName('User', 'legacy_users')).toBe('legacy_users');
  });

  it('snake_cases columns, embedded prefixes and join columns', () => {
    expect(strategy.columnName('createdAt', undefined, [])).toBe('created_at');
    expect(strategy.columnName('city', undefined, ['homeAddress'])).toBe('home_address_city');
    expect(strategy.joinColumnName('author', 'id')).toBe('author_id');
    expect(snakeCase('HTTPRequest')).toBe('http_request');
    expect(pluralize('reset_token')).toBe('reset_tokens');
  });

  it('keeps constraint names within PostgreSQL’s 63 characters, distinct and stable', () => {
    const long = 'a_very_long_table_name_that_goes_on_and_on_and_on';
    const first = strategy.foreignKeyName(long, ['some_long_column_name_id']);
    const second = strategy.foreignKeyName(long, ['other_long_column_name_id']);
    expect(first.length).toBeLessThanOrEqual(63);
    expect(first).not.toBe(second);
    expect(strategy.foreignKeyName(long, ['some_long_column_name_id'])).toBe(first);
  });
});
