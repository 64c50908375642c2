import { nextTick, onBeforeUnmount, ref, watch, type Ref } from 'vue';

/** A preview render longer than this holds typing up noticeably. */
const SLOW_RENDER_MS = 50;
/** The longest a slow preview waits for a pause in typing. */
const MAX_WAIT_MS = 1000;

/**
 * The text a live preview shows: `source` at once while rendering it is quick; once a render took long
 * (a long code listing: highlighting it is most of the cost), after a pause in typing twice that long,
 * so keystrokes are not held up by renders of text that is about to change again.
 */
export function usePacedPreview(source: () => string, shown: () => boolean): Ref<string> {
  const text = ref(source());
  let cost = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function show(value: string): Promise<void> {
    clearTimeout(timer);
    const start = performance.now();
    text.value = value;
    await nextTick();
    // Hidden, nothing was rendered: the cost is the next shown render's to tell.
    if (shown()) cost = performance.now() - start;
  }

  watch(source, (value) => {
    if (!shown() || cost < SLOW_RENDER_MS) return void show(value);
    clearTimeout(timer);
    timer = setTimeout(() => void show(value), Math.min(MAX_WAIT_MS, 2 * cost));
  });
  // Opened: the text as it is now, at once.
  watch(shown, (visible) => {
    if (visible) void show(source());
  });
  onBeforeUnmount(() => clearTimeout(timer));
  return text;
}
