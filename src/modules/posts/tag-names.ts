/**
 * A tag's name as tags are told apart: in any case (`JavaScript` is `javascript`, `ΣΊΣΥΦΟΣ` is
 * `σίσυφος`) and in any Unicode form (`Zoë` composed or not); the database's key in tag.query.ts
 * (names are stored composed: tagNames).
 */
export const tagKey = (name: string) => name.normalize('NFC').toLowerCase().replaceAll('ς', 'σ');

/** A tag's name as it is kept: without the white space around it, composed (NFC). */
export const tagName = (name: string) => name.trim().normalize('NFC');

/**
 * Whether the name is `.` or `..`, which no tag may be: as the last segment of `/tag/…` an address
 * resolves them away (`/tag/..` is the home page, `/tag/.` the empty `/tag/`), written `%2E` too.
 */
export const isDotSegment = (name: string) => name === '.' || name === '..';

/** The names once whatever their case, in their order, the first spelling kept. */
export function onceInAnyCase(names: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const name of names) if (!byKey.has(tagKey(name))) byKey.set(tagKey(name), name);
  return [...byKey.values()];
}

/**
 * Trimmed, composed (NFC) and without duplicates in any case (the first spelling stays); the database
 * returns them sorted.
 */
export function tagNames(tagList: readonly string[]): string[] {
  // Sorted: writers that add the same new tags lock them in one order and never deadlock.
  return onceInAnyCase(tagList.map(tagName)).sort((a, b) => {
    const [x, y] = [tagKey(a), tagKey(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

/** Whether `names` (distinct) are exactly the tags `current`, in any order and any case. */
export function sameNames(names: readonly string[], current: readonly string[]): boolean {
  const have = new Set(current.map(tagKey));
  return names.length === have.size && names.every((name) => have.has(tagKey(name)));
}
