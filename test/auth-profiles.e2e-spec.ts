import { ProfilesService } from '../src/modules/profiles/profiles.service';
import { registerUser } from './support/auth-factory';
import { TestApp, useTestApp } from './support/test-app';

describe('profiles and follows', () => {
  const t = useTestApp({ AUTH_RATE_LIMIT_ENABLED: 'false' });

  it('reads a profile without a token, and with one shows following', async () => {
    const reader = await registerUser(t);
    const celeb = await registerUser(t);
    const anonymous = await t.http().get(`/api/profiles/${celeb.username}`).expect(200);
    expect(anonymous.body).toEqual({
      profile: { username: celeb.username, bio: null, image: null, following: false },
    });
    const followed = await t
      .as(reader.token)
      .post(`/api/profiles/${celeb.username}/follow`)
      .expect(200);
    expect(followed.body.profile.following).toBe(true);
    // Following twice is harmless.
    await t.as(reader.token).post(`/api/profiles/${celeb.username}/follow`).expect(200);
    const seen = await t
      .http()
      .get(`/api/profiles/${celeb.username}`)
      .set('Authorization', `Bearer ${reader.token}`)
      .expect(200);
    expect(seen.body.profile.following).toBe(true);
    // An invalid token on a public route reads anonymously.
    const stale = await t
      .http()
      .get(`/api/profiles/${celeb.username}`)
      .set('Authorization', 'Token not-a-token')
      .expect(200);
    expect(stale.body.profile.following).toBe(false);
    const unfollowed = await t
      .as(reader.token)
      .delete(`/api/profiles/${celeb.username}/follow`)
      .expect(200);
    expect(unfollowed.body.profile.following).toBe(false);
    const rows = await t.dataSource.query('SELECT * FROM follows WHERE follower_id = $1', [
      reader.id,
    ]);
    expect(rows).toEqual([]);
  });

  it('404 profile not found; 401 token is missing on follow without a token; no self-follow', async () => {
    const reader = await registerUser(t);
    expect((await t.http().get('/api/profiles/nobody-here').expect(404)).body).toEqual({
      errors: { profile: ['not found'] },
    });
    expect((await t.http().post('/api/profiles/nobody-here/follow').expect(401)).body).toEqual({
      errors: { token: ['is missing'] },
    });
    await t.as(reader.token).delete('/api/profiles/nobody-here/follow').expect(404);
    await t.as(reader.token).post(`/api/profiles/${reader.username}/follow`).expect(422);
  });

  it('ProfilesService: profiles in bulk with a constant number of statements, followees, ids', async () => {
    const reader = await registerUser(t);
    const others = await Promise.all([1, 2, 3, 4].map(() => registerUser(t)));
    for (const other of others.slice(0, 2)) {
      await t.as(reader.token).post(`/api/profiles/${other.username}/follow`).expect(200);
    }
    const service = t.app.get(ProfilesService);
    const ids = others.map((o) => o.id);
    const statements = countQueries(t);
    const profiles = await service.getProfiles([...ids, ids[0], 999999], reader.id);
    expect(statements.stop()).toBe(2);
    expect([...profiles.keys()].sort()).toEqual([...ids].sort());
    expect(profiles.get(ids[0])).toEqual({
      username: others[0].username,
      bio: null,
      image: null,
      following: true,
    });
    expect(profiles.get(ids[3])?.following).toBe(false);
    const anonymous = await service.getProfiles(ids);
    expect([...anonymous.values()].every((p) => !p.following)).toBe(true);
    await expect(service.getProfiles([], reader.id)).resolves.toEqual(new Map());
    await expect(service.getFolloweeIds(reader.id)).resolves.toEqual(
      [ids[0], ids[1]].sort((a, b) => a - b),
    );
    await expect(service.findUserIdByUsername(others[2].username)).resolves.toBe(ids[2]);
    await expect(service.findUserIdByUsername('nobody-at-all')).resolves.toBeNull();
  });
});

/** Counts the SQL statements the app's connections send until stopped. */
function countQueries(t: TestApp): { stop(): number } {
  let count = 0;
  const original = t.dataSource.driver.createQueryRunner.bind(t.dataSource.driver);
  t.dataSource.driver.createQueryRunner = (mode) => {
    const runner = original(mode);
    const query = runner.query.bind(runner);
    runner.query = ((...args: Parameters<typeof query>) => {
      count++;
      return query(...args);
    }) as typeof runner.query;
    return runner;
  };
  return {
    stop: () => {
      t.dataSource.driver.createQueryRunner = original;
      return count;
    },
  };
}
