/**
 * The heap limit Folio's server process starts with, as a NODE_OPTIONS entry placed before the user's own
 * (the last `--max-old-space-size` wins, so `NODE_OPTIONS=--max-old-space-size=2048` still overrides it).
 *
 * Why: V8 lets the old generation grow to a multiple of what is live before its next full collection, and
 * that multiple depends on the heap limit. With the default limit (a quarter of the machine's memory, up
 * to 4 GB) it is 4×; at 1 GB it is about 1.6×. Folio keeps ~60–100 MB live, so under load its RSS rose to
 * ~300 MB (500 MB over the whole bench) with the default and stays near 190 MB with 1 GB, at the same
 * throughput (docs/performance.md, "Memory under load"). The Dockerfile and `npm run start:prod` set the
 * same value.
 */
export const SERVER_HEAP_OPTION = '--max-old-space-size=1024';

/** NODE_OPTIONS for the server: Folio's heap limit first, then whatever the user set. */
export function serverNodeOptions(current = process.env.NODE_OPTIONS): string {
  return [SERVER_HEAP_OPTION, current].filter(Boolean).join(' ');
}
