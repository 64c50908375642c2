import type { Test } from 'supertest';
import { hashSecretToken } from '../src/common/secret-token';
import { changeAccess, registerUser } from './support/auth-factory';
import { useTestApp } from './support/test-app';

describe('accounts: register, login, current user, update', () => {
  const t = useTestApp({ AUTH_RATE_LIMIT_ENABLED: 'false' });

  it('registers, stores an argon2id hash and only the token hash', async () => {
    const response = await t
      .http()
      .post('/api/users')
      .send({ user: { username: 'alice', email: 'Alice@Example.test', password: 'password123' } })
      .expect(201);
    expect(response.body).toEqual({
      user: {
        username: 'alice',
        email: 'Alice@Example.test',
        bio: null,
        image: null,
        token: expect.any(String),
        isVerified: false,
        role: null,
        isSuperuser: false,
      },
    });
    const [user] = await t.dataSource.query(
      'SELECT password_hash, is_verified FROM users WHERE username = $1',
      ['alice'],
    );
    expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=65536,t=3,p=1\$/);
    expect(user.is_verified).toBe(false);
    const tokens = await t.dataSource.query('SELECT token_hash FROM access_tokens');
    expect(tokens).toContainEqual({ token_hash: hashSecretToken(response.body.user.token) });
    expect(JSON.stringify(tokens)).not.toContain(response.body.user.token);
  });

  it('refuses a taken username (409) and a taken email in any case (409)', async () => {
    const taken = await registerUser(t);
    const username = await t
      .http()
      .post('/api/users')
      .send({
        user: { username: taken.username, email: 'other@example.test', password: 'x'.repeat(8) },
      })
      .expect(409);
    expect(username.body).toEqual({ errors: { username: ['has already been taken'] } });
    const email = await t
      .http()
      .post('/api/users')
      .send({
        user: { username: 'other', email: taken.email.toUpperCase(), password: 'x'.repeat(8) },
      })
      .expect(409);
    expect(email.body).toEqual({ errors: { email: ['has already been taken'] } });
  });

  it('an email typed with a combining mark is the one typed composed: taken, and signs in', async () => {
    const password = 'x'.repeat(8);
    // `jürgen` composed (ü), then as `u` and U+0308, a combining diaeresis, as some keyboards send it.
    const created = await t
      .http()
      .post('/api/users')
      .send({ user: { username: 'jurgen', email: 'j\u00fcrgen@example.test', password } })
      .expect(201);
    const twin = await t
      .http()
      .post('/api/users')
      .send({ user: { username: 'jurgen2', email: 'ju\u0308rgen@example.test', password } })
      .expect(409);
    expect(twin.body).toEqual({ errors: { email: ['has already been taken'] } });
    const login = await t
      .http()
      .post('/api/users/login')
      .send({ user: { email: 'ju\u0308rgen@example.test', password } })
      .expect(200);
    expect(login.body.user.username).toBe(created.body.user.username);
  });

  /** A JSON request as a browser or a phone app sends it. */
  const sendJson = (request: Test, body: object) =>
    request.set('Content-Type', 'application/json').send(JSON.stringify(body));
  const storedEmail = async (username: string) =>
    (
      await t.dataSource.query<{ email: string }[]>('SELECT email FROM users WHERE username = $1', [
        username,
      ])
    )[0].email;

  it('an email with white space around it (autofill, a phone keyboard) is kept trimmed and signs in', async () => {
    const password = 'spacey-secret-1';
    const created = await sendJson(t.http().post('/api/users'), {
      user: { username: 'spacey', email: ' spacey@example.test \t', password },
    }).expect(201);
    expect(created.body.user).toMatchObject({ username: 'spacey', email: 'spacey@example.test' });
    expect(await storedEmail('spacey')).toBe('spacey@example.test');
    const login = await sendJson(t.http().post('/api/users/login'), {
      user: { email: 'spacey@example.test', password },
    }).expect(200);
    expect(login.body.user.username).toBe('spacey');
    // The same address with other spaces is the same account.
    const twin = await sendJson(t.http().post('/api/users'), {
      user: { username: 'spacey2', email: 'spacey@example.test\n', password },
    }).expect(409);
    expect(twin.body).toEqual({ errors: { email: ['has already been taken'] } });
    // Spaces alone are no address.
    const blank = await sendJson(t.http().post('/api/users'), {
      user: { username: 'spacey3', email: '   ', password },
    }).expect(422);
    expect(blank.body).toEqual({ errors: { email: ["can't be blank"] } });
  });

  it('a new email with white space around it is kept trimmed; the old one no longer signs in', async () => {
    const user = await registerUser(t);
    const moved = `moved_${user.username}@example.test`;
    const put = await sendJson(t.as(user.token).put('/api/user'), {
      user: { email: `  ${moved} ` },
    }).expect(200);
    expect(put.body.user).toMatchObject({ email: moved, isVerified: false });
    expect(await storedEmail(user.username)).toBe(moved);
    const current = await t.as(user.token).get('/api/user').expect(200);
    expect(current.body.user.email).toBe(moved);
    await sendJson(t.http().post('/api/users/login'), {
      user: { email: moved, password: user.password },
    }).expect(200);
    await sendJson(t.http().post('/api/users/login'), {
      user: { email: user.email, password: user.password },
    }).expect(401);
    // The same address sent back with a trailing space (a settings form) changes nothing.
    const again = await sendJson(t.as(user.token).put('/api/user'), {
      user: { email: `${moved} ` },
    }).expect(200);
    expect(again.body.user.email).toBe(moved);
  });

  it('validates registration: blank fields, bad email, short and overlong passwords', async () => {
    const post = (user: object) => t.http().post('/api/users').send({ user });
    const ok = { username: 'valid_name', email: 'valid@example.test', password: 'password123' };
    expect((await post({ ...ok, username: '' }).expect(422)).body).toEqual({
      errors: { username: ["can't be blank"] },
    });
    expect((await post({ ...ok, email: 'not-an-email' }).expect(422)).body.errors.email).toEqual([
      'is invalid',
    ]);
    expect((await post({ ...ok, password: 'short7c' }).expect(422)).body.errors.password).toEqual([
      'is too short (minimum is 8 characters)',
    ]);
    await post({ ...ok, password: 'p'.repeat(129) }).expect(422);
    await post({ ...ok, admin: true }).expect(422);
    await t
      .http()
      .post('/api/users')
      .send({})
      .expect(422, { errors: { user: ["can't be blank"] } });
    // A value of another type says so, rather than "blank".
    expect((await post({ username: 1, email: true, password: ['x'] }).expect(422)).body).toEqual({
      errors: {
        username: ['must be a string'],
        email: ['must be a string'],
        password: ['must be a string'],
      },
    });
    expect((await post({ ...ok, password: null }).expect(422)).body).toEqual({
      errors: { password: ["can't be blank"] },
    });
  });

  it('logs in with any case of the email; a wrong password or unknown email is 401 credentials', async () => {
    const user = await registerUser(t);
    const login = (email: string, password: string) =>
      t.http().post('/api/users/login').send({ user: { email, password } });
    const response = await login(user.email.toUpperCase(), user.password).expect(200);
    expect(response.body.user).toMatchObject({ username: user.username, email: user.email });
    expect(response.body.user.token).not.toEqual(user.token);
    for (const [email, password] of [
      [user.email, 'wrong-password'],
      ['nobody@example.test', user.password],
    ]) {
      expect((await login(email, password).expect(401)).body).toEqual({
        errors: { credentials: ['invalid'] },
      });
    }
  });

  it('reads the current user with Token or Bearer; 401 without or with a bad token', async () => {
    const user = await registerUser(t);
    for (const scheme of ['Token', 'Bearer']) {
      const response = await t
        .http()
        .get('/api/user')
        .set('Authorization', `${scheme} ${user.token}`)
        .expect(200);
      expect(response.body.user).toEqual({
        username: user.username,
        email: user.email,
        bio: null,
        image: null,
        token: user.token,
        isVerified: false,
        role: null,
        isSuperuser: false,
      });
    }
    const missing = await t.http().get('/api/user').expect(401);
    expect(missing.body).toEqual({ errors: { token: ['is missing'] } });
    // The schemes that would do (RFC 9110 11.6.1), none that makes a browser ask for a password.
    expect(missing.headers['www-authenticate']).toBe('Token realm="api", Bearer realm="api"');
    for (const header of ['Token nonsense', 'Basic abc', `Token ${user.token}x`]) {
      const response = await t.http().get('/api/user').set('Authorization', header).expect(401);
      expect(response.body).toEqual({ errors: { token: ['is invalid'] } });
      expect(response.headers['www-authenticate']).toMatch(/^Token /);
    }
  });

  it('an expired token is 401 "is expired"', async () => {
    const user = await registerUser(t);
    await changeAccess(
      t,
      `UPDATE access_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
      [hashSecretToken(user.token)],
    );
    const response = await t.as(user.token).get('/api/user').expect(401);
    expect(response.body).toEqual({ errors: { token: ['is expired'] } });
  });

  it('updates fields, normalises empty bio and image to null, refuses null email', async () => {
    const user = await registerUser(t);
    const put = (changes: object) => t.as(user.token).put('/api/user').send({ user: changes });
    expect(
      (await put({ bio: 'Hello', image: 'https://example.test/a.png' }).expect(200)).body.user,
    ).toMatchObject({ bio: 'Hello', image: 'https://example.test/a.png', token: user.token });
    expect((await put({ bio: '', image: '' }).expect(200)).body.user).toMatchObject({
      bio: null,
      image: null,
    });
    await put({ email: null }).expect(422);
    await put({ username: '' }).expect(422);
    await put({ image: 'javascript:alert(1)' }).expect(422);
    // A scheme in capitals is the same scheme, as for a cover image.
    expect((await put({ image: 'HTTPS://EXAMPLE.TEST/A.PNG' }).expect(200)).body.user.image).toBe(
      'HTTPS://EXAMPLE.TEST/A.PNG',
    );
    for (const bio of [true, 123, {}]) {
      await put({ bio }).expect(422, { errors: { bio: ['must be a string'] } });
    }
    await put({ bio: [] }).expect(422, { errors: { bio: ['must be a single value, not a list'] } });
    await put({ image: 42 }).expect(422, { errors: { image: ['must be a string'] } });
    const renamed = await put({ username: `${user.username}_2` }).expect(200);
    expect(renamed.body.user.username).toBe(`${user.username}_2`);
  });

  it('a new email is unverified again; a new password revokes the other sessions only', async () => {
    const user = await registerUser(t);
    await changeAccess(t, 'UPDATE users SET is_verified = true WHERE id = $1', [user.id]);
    const other = await t
      .http()
      .post('/api/users/login')
      .send({ user: { email: user.email, password: user.password } })
      .expect(200);
    await t
      .as(user.token)
      .put('/api/user')
      .send({ user: { email: `new_${user.email}`, password: 'new-password-1' } })
      .expect(200);
    const [row] = await t.dataSource.query('SELECT is_verified FROM users WHERE id = $1', [
      user.id,
    ]);
    expect(row.is_verified).toBe(false);
    await t.as(user.token).get('/api/user').expect(200);
    await t.as(other.body.user.token).get('/api/user').expect(401);
    await t
      .http()
      .post('/api/users/login')
      .send({ user: { email: `new_${user.email}`, password: 'new-password-1' } })
      .expect(200);
  });

  it('the current user (register, login, GET and PUT /api/user) carries isVerified, role and isSuperuser; a profile does not', async () => {
    const user = await registerUser(t);
    await changeAccess(
      t,
      "UPDATE users SET is_verified = true, role = 'administrator' WHERE id = $1",
      [user.id],
    );
    const flags = { isVerified: true, role: 'administrator', isSuperuser: true };
    const login = await t
      .http()
      .post('/api/users/login')
      .send({ user: { email: user.email, password: user.password } })
      .expect(200);
    expect(login.body.user).toMatchObject({ username: user.username, ...flags });
    const current = await t.as(user.token).get('/api/user').expect(200);
    expect(current.body.user).toEqual({
      email: user.email,
      token: user.token,
      username: user.username,
      bio: null,
      image: null,
      ...flags,
    });
    const updated = await t
      .as(user.token)
      .put('/api/user')
      .send({ user: { bio: 'Hi' } })
      .expect(200);
    expect(updated.body.user).toMatchObject({ bio: 'Hi', ...flags });
    const profile = await t.http().get(`/api/profiles/${user.username}`).expect(200);
    expect(profile.body).toEqual({
      profile: { username: user.username, bio: 'Hi', image: null, following: false },
    });
    const docs = await t.http().get('/docs-json').expect(200);
    expect(docs.body.components.schemas.UserView.required).toEqual(
      expect.arrayContaining(['email', 'token', 'username', 'isVerified', 'role', 'isSuperuser']),
    );
    expect(docs.body.paths['/api/user'].get.responses['200'].content).toBeDefined();
  });

  it('never puts the password hash in a response', async () => {
    const user = await registerUser(t);
    const response = await t.as(user.token).get('/api/user').expect(200);
    expect(JSON.stringify(response.body)).not.toMatch(/argon2|password/i);
  });
});
