import { useTestApp } from './support/test-app';

describe('OpenAPI documentation', () => {
  const t = useTestApp();

  it('serves the document at /docs-json with every posts and comments route', async () => {
    const response = await t.http().get('/docs-json').expect(200);
    const paths = Object.keys(response.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/articles',
        '/api/articles/feed',
        '/api/articles/{slug}',
        '/api/articles/{slug}/favorite',
        '/api/articles/{slug}/comments',
        '/api/articles/{slug}/comments/{id}',
        '/api/tags',
        '/api/categories',
        '/api/categories/{slug}',
      ]),
    );
    const create = response.body.paths['/api/articles'].post;
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '401', '422']));
    expect(response.body.components.schemas.NewArticleDto.properties).toHaveProperty('tagList');
    const list = response.body.paths['/api/articles'].get;
    expect((list.parameters as { name: string }[]).map((p) => p.name)).toEqual(
      expect.arrayContaining(['tag', 'author', 'favorited', 'category', 'status', 'q', 'limit']),
    );
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await t.http().get('/docs').expect(200);
    expect(response.text).toContain('swagger-ui');
  });
});
