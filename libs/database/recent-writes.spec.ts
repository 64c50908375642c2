import { MemoryRecentWrites } from './recent-writes';

describe('MemoryRecentWrites', () => {
  it('remembers a writer for its window only', async () => {
    let now = 1_000;
    const store = new MemoryRecentWrites(() => now);
    await store.record('7', 500);
    await expect(store.has('7')).resolves.toBe(true);
    await expect(store.has('8')).resolves.toBe(false);
    now += 499;
    await expect(store.has('7')).resolves.toBe(true);
    now += 1;
    await expect(store.has('7')).resolves.toBe(false);
    await store.close();
  });
});
