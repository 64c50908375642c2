/** A list a client pages by cursor: each answer's `nextCursor` opens the next page, null at the end. */
export interface CursorPage {
  nextCursor: string | null;
}

/**
 * Every page from the first, as a client walks them: `fetchPage(cursor)` loads the page a cursor opens
 * (null: the first); `between` runs after each page but the last (writers meanwhile). A walk longer than
 * `maxPages` fails: a cursor that never reaches the end.
 */
export async function walkCursor<T extends CursorPage>(
  fetchPage: (cursor: string | null) => Promise<T>,
  between?: (shown: T) => Promise<unknown>,
  maxPages = 100,
): Promise<T[]> {
  const pages: T[] = [];
  let cursor: string | null = null;
  do {
    const next: T = await fetchPage(cursor);
    pages.push(next);
    cursor = next.nextCursor;
    if (cursor && between) await between(next);
    if (pages.length > maxPages)
      throw new Error(`the cursor walk does not end (${maxPages} pages)`);
  } while (cursor);
  return pages;
}
