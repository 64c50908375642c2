import { useRegisteredUser } from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

describe('full-text search (?q=)', () => {
  const t = useTestApp(FAST_AUTH_ENV);
  const jake = useRegisteredUser(t);

  const search = async (query: string) => {
    const response = await t.http().get(`/api/articles?${query}`).expect(200);
    return (response.body.articles as { title: string }[]).map((a) => a.title);
  };

  it('matches Russian word forms', async () => {
    await createArticle(t, jake.token, {
      title: 'Программирование',
      body: 'Мы пишем статьи о котах',
    });
    await createArticle(t, jake.token, { title: 'Другое', body: 'Ничего общего' });
    expect(await search(`q=${encodeURIComponent('статья')}`)).toEqual(['Программирование']);
    expect(await search(`q=${encodeURIComponent('кот')}`)).toEqual(['Программирование']);
  });

  it('matches English word forms', async () => {
    await createArticle(t, jake.token, { title: 'Running fast', body: 'about runners' });
    expect(await search('q=run')).toEqual(['Running fast']);
  });

  it('ranks title matches above body matches', async () => {
    await createArticle(t, jake.token, { title: 'Notes', body: 'a paragraph on gardening' });
    await createArticle(t, jake.token, { title: 'Gardening', body: 'plants' });
    expect(await search('q=gardening')).toEqual(['Gardening', 'Notes']);
  });

  it('combines with the other filters and counts matches only', async () => {
    await createArticle(t, jake.token, { title: 'Volcano one', tagList: ['geo'] });
    await createArticle(t, jake.token, { title: 'Volcano two', tagList: ['fun'] });
    const response = await t.http().get('/api/articles?q=volcano&tag=geo').expect(200);
    expect(response.body.articlesCount).toBe(1);
    expect(response.body.articles[0].title).toBe('Volcano one');
    expect(await search('q=volcano&limit=1&offset=1')).toHaveLength(1);
  });

  it('a query of only stop words or symbols finds nothing and never fails', async () => {
    expect(await search('q=the')).toEqual([]);
    expect(await search(`q=${encodeURIComponent('!!! & | ( "')}`)).toEqual([]);
  });
});
