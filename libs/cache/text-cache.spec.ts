import { textCache } from './text-cache';

describe('textCache', () => {
  it('keeps texts within its bytes (two a character), dropping the least recently read first', () => {
    // Each entry: a one-character key and a 9-character value, 20 bytes.
    const cache = textCache(60);
    cache.set('a', 'x'.repeat(9));
    cache.set('b', 'x'.repeat(9));
    cache.set('c', 'x'.repeat(9));
    expect(cache.get('a')).toBeDefined();
    cache.set('d', 'x'.repeat(9));
    expect([...cache.keys()].sort()).toEqual(['a', 'c', 'd']);
    expect(cache.calculatedSize).toBe(60);
  });

  it('never keeps a text larger than all of its bytes', () => {
    const cache = textCache(100);
    cache.set('small', 'x');
    cache.set('huge', 'x'.repeat(1000));
    expect(cache.has('huge')).toBe(false);
    expect(cache.get('small')).toBe('x');
  });
});
