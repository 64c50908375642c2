import { MetricsToken } from './metrics-token';

describe('MetricsToken', () => {
  const token = new MetricsToken('s3cr3t-scrape-token');

  it.each([
    [undefined, 'missing'],
    ['', 'missing'],
    ['Bearer s3cr3t-scrape-token', 'ok'],
    ['bearer   s3cr3t-scrape-token ', 'ok'],
    ['Bearer s3cr3t-scrape-toke', 'invalid'],
    ['Bearer s3cr3t-scrape-token2', 'invalid'],
    ['Bearer S3CR3T-SCRAPE-TOKEN', 'invalid'],
    ['Token s3cr3t-scrape-token', 'invalid'],
    ['s3cr3t-scrape-token', 'invalid'],
    ['Bearer s3cr3t-scrape-token s3cr3t-scrape-token', 'invalid'],
    ['Bearer', 'invalid'],
  ])('%j → %s', (header, expected) => {
    expect(token.check(header)).toBe(expected);
  });
});
