import { pageAddress } from './page-address';

describe('pageAddress', () => {
  it.each([
    ['/', { kind: 'home' }],
    ['/?page=2', { kind: 'home' }],
    ['/article/a-b', { kind: 'article', slug: 'a-b' }],
    ['/Article/a-b/', { kind: 'article', slug: 'a-b' }],
    ['/profile/J%C3%BCrgen', { kind: 'profile', username: 'Jürgen' }],
    ['/tag/c%2B%2B?x=1', { kind: 'tag', tag: 'c++' }],
    ['/category/news', { kind: 'category', slug: 'news' }],
    ['/article/%E0%A4%A', { kind: 'article', slug: '%E0%A4%A' }],
  ])('%s is %j', (url, address) => {
    expect(pageAddress(url)).toEqual(address);
  });

  it.each(['/article', '/article/a/b', '/profile/ann/favorites', '/settings', '/tag/'])(
    '%s is no page with a head',
    (url) => expect(pageAddress(url)).toBeUndefined(),
  );
});
