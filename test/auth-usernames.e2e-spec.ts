import { randomBytes } from 'node:crypto';
import { registerUser } from './support/auth-factory';
import { createArticle, FAST_AUTH_ENV } from './support/posts-factory';
import { useTestApp } from './support/test-app';

describe('usernames: reserved words, unique whatever their case', () => {
  const t = useTestApp(FAST_AUTH_ENV);

  const suffix = () => randomBytes(4).toString('hex');
  const register = (username: string) =>
    t
      .http()
      .post('/api/users')
      .send({
        user: { username, email: `u_${suffix()}@example.test`, password: 'password-1234' },
      });

  it.each(['me', 'ME', '.', '..', 'null', 'undefined'])(
    'refuses to register the reserved name %j (422)',
    async (username) => {
      const response = await register(username).expect(422);
      expect(response.body).toEqual({ errors: { username: ['is reserved'] } });
    },
  );

  it.each(['José1', 'Иван', 'a b'])(
    'refuses %j, and says which letters a name may hold (422)',
    async (username) => {
      const response = await register(username).expect(422);
      expect(response.body).toEqual({
        errors: { username: ['may only hold Latin letters (A-Z, a-z), digits, _ . and -'] },
      });
    },
  );

  it('accepts admin (the default FIRST_SUPERUSER_USERNAME) and names that only contain a reserved word', async () => {
    for (const username of [`admin`, `me_${suffix()}`, `...${suffix()}`]) {
      await register(username).expect(201);
    }
  });

  it('refuses renaming yourself to a reserved name', async () => {
    const user = await registerUser(t);
    const response = await t
      .as(user.token)
      .put('/api/user')
      .send({ user: { username: 'Me' } })
      .expect(422);
    expect(response.body).toEqual({ errors: { username: ['is reserved'] } });
  });

  it('a name differing only by case from a taken one is 409 on registration and on rename', async () => {
    const name = `alice_${suffix()}`;
    await register(name).expect(201);
    const taken = await register(name.toUpperCase()).expect(409);
    expect(taken.body).toEqual({ errors: { username: ['has already been taken'] } });
    const other = await registerUser(t);
    const rename = await t
      .as(other.token)
      .put('/api/user')
      .send({ user: { username: `Alice_${name.slice(6)}` } })
      .expect(409);
    expect(rename.body).toEqual({ errors: { username: ['has already been taken'] } });
    const rows: { n: number }[] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM users WHERE lower(username) = $1',
      [name],
    );
    expect(rows[0].n).toBe(1);
  });

  it('renaming yourself to another case of your own name is allowed and stored as typed', async () => {
    const user = await registerUser(t, { username: `bob_${suffix()}` });
    const response = await t
      .as(user.token)
      .put('/api/user')
      .send({ user: { username: user.username.toUpperCase() } })
      .expect(200);
    expect(response.body.user.username).toBe(user.username.toUpperCase());
  });

  it('profiles and author filters find the user in any case, and show the name as stored', async () => {
    const user = await registerUser(t, { username: `Carol_${suffix()}` });
    const article = await createArticle(t, user.token);
    for (const asked of [user.username, user.username.toLowerCase()]) {
      const profile = await t.http().get(`/api/profiles/${asked}`).expect(200);
      expect(profile.body.profile.username).toBe(user.username);
      const list = await t.http().get('/api/articles').query({ author: asked }).expect(200);
      const articles = list.body.articles as { slug: string }[];
      expect(articles.map((a) => a.slug)).toEqual([article.slug]);
    }
    const fan = await registerUser(t);
    const follow = await t
      .as(fan.token)
      .post(`/api/profiles/${user.username.toUpperCase()}/follow`)
      .expect(200);
    expect(follow.body.profile).toMatchObject({ username: user.username, following: true });
  });
});
