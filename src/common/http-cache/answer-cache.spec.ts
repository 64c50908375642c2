import { AnswerCache } from './answer-cache';

describe('AnswerCache', () => {
  const channel = { live: true, version: 1 };
  const make = (maxBytes = 1000) => new AnswerCache(channel, maxBytes);
  beforeEach(() => {
    channel.live = true;
    channel.version = 1;
  });

  it('keeps an answer made from the current state', () => {
    const cache = make();
    cache.set('/a', 'answer', cache.stamp()!);
    expect(cache.get('/a')).toBe('answer');
  });

  it('refuses an answer begun before a change committed here, and drops what it kept', () => {
    const cache = make();
    cache.set('/kept', 'old', cache.stamp()!);
    const begun = cache.stamp()!;
    cache.changed();
    cache.set('/a', 'made before the change', begun);
    expect([cache.get('/a'), cache.get('/kept')]).toEqual([undefined, undefined]);
  });

  it('drops everything when the channel is notified, and refuses answers begun before', () => {
    const cache = make();
    cache.set('/kept', 'old', cache.stamp()!);
    const begun = cache.stamp()!;
    channel.version++;
    cache.set('/a', 'made before the notification', begun);
    expect(cache.stamp()).toBeDefined();
    expect([cache.get('/a'), cache.get('/kept')]).toEqual([undefined, undefined]);
  });

  it('keeps nothing while not listening', () => {
    const cache = make();
    cache.set('/kept', 'old', cache.stamp()!);
    channel.live = false;
    expect(cache.stamp()).toBeUndefined();
    channel.live = true;
    expect(cache.get('/kept')).toBeUndefined();
  });

  it('keeps an answer a minute at most', () => {
    const cache = make();
    cache.set('/a', 'answer', cache.stamp()!, 0);
    expect(cache.get('/a', 59_999)).toBe('answer');
    expect(cache.get('/a', 60_000)).toBeUndefined();
  });

  it('drops the least recently read answers past its size', () => {
    const cache = make(100); // 50 UTF-16 code units
    const stamp = cache.stamp()!;
    cache.set('/a', 'a'.repeat(20), stamp);
    cache.set('/b', 'b'.repeat(20), stamp);
    cache.get('/a');
    cache.set('/c', 'c'.repeat(20), stamp);
    expect([cache.get('/a'), cache.get('/b'), cache.get('/c')]).toEqual([
      'a'.repeat(20),
      undefined,
      'c'.repeat(20),
    ]);
    cache.set('/big', 'x'.repeat(60), stamp);
    expect(cache.get('/big')).toBeUndefined();
  });
});
