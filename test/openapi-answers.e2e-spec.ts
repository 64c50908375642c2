import Ajv from 'ajv';
import { registerUser } from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

/** A JSON pointer's token: `/api/user` is `~1api~1user`. */
const token = (text: string) => text.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * What the API answers, checked against the schemas its own /docs-json gives for those answers, as a
 * client generated from the document (or one that validates answers) reads them.
 */
describe('answers as the OpenAPI document describes them', () => {
  const t = useTestApp(FAST_AUTH_ENV);

  it('a reader, an article, a profile and comments match their documented schemas', async () => {
    const document = (await t.http().get('/docs-json').expect(200)).body as object;
    // The document as one schema: each answer's schema is found by its pointer, with its $refs.
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema({ ...document, $id: 'folio' });
    const check = (method: string, path: string, status: number, body: unknown) => {
      const pointer = `folio#/paths/${token(path)}/${method}/responses/${status}/content/${token('application/json')}/schema`;
      const validate = ajv.compile({ $ref: pointer });
      return validate(body) ? [] : [`${method} ${path}: ${ajv.errorsText(validate.errors)}`];
    };

    // A reader: no staff role (role null), as every new account is.
    const reader = await registerUser(t);
    const writer = await registerUser(t);
    const article = await createArticle(t, writer.token, { tagList: ['checked'] });
    await t
      .as(reader.token)
      .post(`/api/articles/${article.slug}/comments`)
      .send({ comment: { body: 'Checked' } })
      .expect(201);
    const answers: [string, string, string, number][] = [
      ['get', '/api/user', '/api/user', 200],
      ['get', '/api/articles', '/api/articles?limit=5', 200],
      ['get', '/api/articles/{slug}', `/api/articles/${article.slug}`, 200],
      ['get', '/api/articles/{slug}/comments', `/api/articles/${article.slug}/comments`, 200],
      ['get', '/api/profiles/{username}', `/api/profiles/${writer.username}`, 200],
      ['get', '/api/tags', '/api/tags', 200],
    ];
    const problems: string[] = [];
    for (const [method, path, url, status] of answers) {
      const answer = await t.as(reader.token).get(url).expect(status);
      problems.push(...check(method, path, status, answer.body));
    }
    expect(problems).toEqual([]);
  });

  it('says the reads that take a token take none too (favorited and following are the reader’s)', async () => {
    const document = (await t.http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { security?: object[] }>>;
    };
    for (const path of [
      '/api/articles',
      '/api/articles/{slug}',
      '/api/articles/{slug}/comments',
      '/api/profiles/{username}',
    ]) {
      expect([path, document.paths[path].get.security]).toEqual([path, [{ token: [] }, {}]]);
    }
  });
});
