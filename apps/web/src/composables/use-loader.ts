import { errorText } from 'src/api/error-text';
import { ref, type Ref } from 'vue';
import { isNotFound } from 'src/api/http';

/** What a LoadState shows while the loader works, and what its retry button calls. */
export interface LoadStatus {
  loading: Readonly<Ref<boolean>>;
  error: Readonly<Ref<string | null>>;
  /** The API answered 404: nothing to retry, the page shows the site's not-found content. */
  notFound: Readonly<Ref<boolean>>;
  /** An answer has arrived at least once (what a reload with LoadState's `keepContent` keeps showing). */
  loaded: Readonly<Ref<boolean>>;
  load: () => Promise<void>;
}

/**
 * Data a page loads from the API: `data` (the fetcher's answer, `initial` until then), `loading`, the
 * failure's message and whether it was a 404, and `load()` to (re)load it — the page calls it, on mount
 * or from a watcher, and LoadState's retry button calls it again. An answer that arrives after a newer
 * `load()` started is dropped, so a quick change of route never shows the previous page's data.
 */
export function useLoader<T>(fetcher: () => Promise<T>, initial: T) {
  const data = ref(initial) as Ref<T>;
  const loading = ref(true);
  const error = ref<string | null>(null);
  const notFound = ref(false);
  const loaded = ref(false);
  let latest = 0;

  async function load(): Promise<void> {
    const call = ++latest;
    loading.value = true;
    error.value = null;
    notFound.value = false;
    try {
      const result = await fetcher();
      if (call !== latest) return;
      data.value = result;
      loaded.value = true;
    } catch (e) {
      if (call !== latest) return;
      notFound.value = isNotFound(e);
      error.value = errorText(e);
    } finally {
      if (call === latest) loading.value = false;
    }
  }

  return { data, loading, error, notFound, loaded, load };
}

export type Loader<T> = ReturnType<typeof useLoader<T>>;
