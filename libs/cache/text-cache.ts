import { LRUCache } from 'lru-cache';

/**
 * Strings kept by key within a budget of bytes, least recently used dropped first: a count of entries
 * bounds nothing when one entry may be a few kB or several MB (a feed of twenty 200,000-character
 * articles). A JavaScript string may take two bytes a character, and is counted so.
 */
export function textCache(maxBytes: number): LRUCache<string, string> {
  return new LRUCache<string, string>({
    maxSize: maxBytes,
    sizeCalculation: (value, key) => Math.max(1, 2 * (value.length + key.length)),
  });
}
