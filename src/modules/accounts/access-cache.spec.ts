import type { DatabaseNotifications } from '../../../libs/database/database-notifications';
import type { DatabaseSession } from '../../../libs/database/database-session';
import { AccessCache, TokenWithUser } from './access-cache';

/** The rules of what is kept, with the channel and the unit of work played by hand. */
describe('AccessCache', () => {
  const channel = { live: true, version: 1 };
  let committed: (() => unknown)[];
  let cache: AccessCache;

  const token = (isActive = true): TokenWithUser => ({
    id: 1,
    expiresAt: new Date(Date.now() + 60_000),
    lastUsedAt: null,
    user: {
      id: 7,
      username: 'ada',
      email: 'ada@example.test',
      isActive,
      role: null,
      isVerified: true,
    },
  });

  beforeEach(() => {
    channel.live = true;
    channel.version = 1;
    committed = [];
    const notifications = { watch: () => channel } as unknown as DatabaseNotifications;
    // A unit of work that commits when the test says so.
    const session = {
      afterCommit: (work: () => unknown) => committed.push(work),
    } as unknown as DatabaseSession;
    cache = new AccessCache(notifications, session);
  });

  it('keeps what it read while nothing changes', async () => {
    const load = jest.fn(() => Promise.resolve(token()));
    await cache.find('h', load);
    await cache.find('h', load);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('reads again after a notification, and after a change made here once it commits', async () => {
    const load = jest.fn(() => Promise.resolve(token()));
    await cache.find('h', load);
    channel.version++;
    await cache.find('h', load);
    expect(load).toHaveBeenCalledTimes(2);

    cache.changed();
    await cache.find('h', load);
    expect(load).toHaveBeenCalledTimes(2); // not committed yet: other requests still see the old state
    for (const work of committed) work();
    await cache.find('h', load);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('keeps nothing read while a change came, nor a deactivated user, nor anything while not listening', async () => {
    const racing = jest.fn(() => {
      channel.version++;
      return Promise.resolve(token());
    });
    await cache.find('h', racing);
    await cache.find('h', racing);
    expect(racing).toHaveBeenCalledTimes(2);

    const inactive = jest.fn(() => Promise.resolve(token(false)));
    await cache.find('i', inactive);
    await cache.find('i', inactive);
    expect(inactive).toHaveBeenCalledTimes(2);

    const load = jest.fn(() => Promise.resolve(token()));
    await cache.find('h', load);
    channel.live = false;
    await cache.find('h', load);
    await cache.find('h', load);
    expect(load).toHaveBeenCalledTimes(3);
    expect(cache.epoch()).toBeUndefined();
  });

  it('keeps at most 10,000 tokens, dropping the one used least recently', async () => {
    const load = jest.fn(() => Promise.resolve(token()));
    for (let i = 0; i < 10_000; i++) await cache.find(`h${i}`, load);
    await cache.find('h0', load); // used again: h1 is now the least recent
    await cache.find('h10000', load);
    expect(load).toHaveBeenCalledTimes(10_001);
    await cache.find('h0', load);
    expect(load).toHaveBeenCalledTimes(10_001);
    await cache.find('h1', load);
    expect(load).toHaveBeenCalledTimes(10_002);
  });

  it('reads a token again once it has been kept for a minute, notification or not', async () => {
    const now = jest.spyOn(Date, 'now');
    try {
      const load = jest.fn(() => Promise.resolve(token()));
      now.mockReturnValue(1_000_000);
      await cache.find('h', load);
      now.mockReturnValue(1_059_999);
      await cache.find('h', load);
      expect(load).toHaveBeenCalledTimes(1);
      now.mockReturnValue(1_060_000);
      await cache.find('h', load);
      expect(load).toHaveBeenCalledTimes(2);
    } finally {
      now.mockRestore();
    }
  });
});
