/** Polls `done` every 20 ms until it holds; throws, naming `what`, after `timeoutMs`. */
export async function waitFor(
  what: string,
  done: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
): Promise<void> {
  for (const start = Date.now(); !(await done());) {
    if (Date.now() - start > timeoutMs) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
