import { MemoryRateLimitStore } from './memory-rate-limit-store';

describe('MemoryRateLimitStore', () => {
  it('counts hits in a fixed window and starts over when it ends', async () => {
    let now = 1_000;
    const store = new MemoryRateLimitStore(() => now);
    await expect(store.hit('k', 1000)).resolves.toEqual({ count: 1, resetInMs: 1000 });
    now += 400;
    await expect(store.hit('k', 1000)).resolves.toEqual({ count: 2, resetInMs: 600 });
    await expect(store.hit('other', 1000)).resolves.toMatchObject({ count: 1 });
    now += 600;
    await expect(store.hit('k', 1000)).resolves.toEqual({ count: 1, resetInMs: 1000 });
    await store.close();
  });
});
