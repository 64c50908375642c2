import { computed, nextTick, ref, shallowRef, watch, type Ref } from 'vue';
import { useLoader } from './use-loader';

/** What a list that pages by cursor answers: `nextCursor` opens the page after it, null at the end. */
export interface CursorPage {
  nextCursor: string | null;
}

/** What ArticlePager reads and calls of a useCursorPages. */
export interface CursorPager {
  page: Readonly<Ref<number>>;
  hasNewer: Readonly<Ref<boolean>>;
  hasOlder: Readonly<Ref<boolean>>;
  paged: Readonly<Ref<boolean>>;
  loading: Readonly<Ref<boolean>>;
  newer: () => Promise<void>;
  older: () => Promise<void>;
}

/**
 * A useLoader over a list the API pages by cursor: `fetchPage(cursor)` loads the page a cursor opens
 * (undefined: the first). The cursors that opened the pages seen so far are kept in a stack, so going
 * back to a newer page is one request at the same cost as going forward, not a walk from the start.
 * `first()` starts over, for a changed filter (or resumes at a page kept from an earlier visit); `page`
 * is the position (1 for the first page).
 *
 * After `older()` or `newer()` the focus moves to `top` (the new page's first line), as a reader expects
 * once the page turned: the button they pressed is disabled while it loads, and may stay disabled.
 */
export function useCursorPages<T extends CursorPage>(
  fetchPage: (cursor: string | undefined) => Promise<T>,
  initial: T,
  top?: Readonly<Ref<HTMLElement | null>>,
) {
  // Replaced, never changed in place: a turn knows whether a later one took over by identity.
  const starts = shallowRef<(string | undefined)[]>([undefined]);
  const loader = useLoader<T>(() => fetchPage(starts.value[starts.value.length - 1]), initial);

  const page = computed(() => starts.value.length);
  const hasNewer = computed(() => starts.value.length > 1);
  /** Known once the current page arrived: while it loads, `data` is still the previous page's. */
  const hasOlder = computed(
    () => !loader.loading.value && !loader.error.value && loader.data.value.nextCursor !== null,
  );

  /**
   * Whether the list runs over more than one page, so a pager belongs under it. Settled by each answer
   * and kept while the next page loads, so the pager does not blink out between them.
   */
  const paged = ref(false);
  watch(loader.loading, (loading) => {
    if (loading) return;
    paged.value = hasNewer.value || (!loader.error.value && loader.data.value.nextCursor !== null);
  });

  async function turnTo(cursors: (string | undefined)[]): Promise<void> {
    starts.value = cursors;
    await loader.load();
    // A newer turn (or a changed filter) took over meanwhile: the focus is that one's to move.
    if (starts.value !== cursors || loader.loading.value) return;
    await nextTick();
    top?.value?.focus();
  }

  async function older(): Promise<void> {
    const next = loader.data.value.nextCursor;
    if (!hasOlder.value || next === null) return;
    await turnTo([...starts.value, next]);
  }

  async function newer(): Promise<void> {
    if (!hasNewer.value) return;
    await turnTo(starts.value.slice(0, -1));
  }

  /** Starts over at the first page, or at the last page of `resume` (the cursors of an earlier visit). */
  async function first(resume: (string | undefined)[] = [undefined]): Promise<void> {
    starts.value = resume;
    await loader.load();
  }

  /** The cursors that opened the pages up to this one (the first page's is undefined). */
  const cursors = computed(() => starts.value);

  return { ...loader, page, hasNewer, hasOlder, paged, older, newer, first, cursors };
}
