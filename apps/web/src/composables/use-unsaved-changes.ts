import { computed, onBeforeUnmount, onMounted, ref } from 'vue';
import { onBeforeRouteLeave } from 'vue-router';

export interface UnsavedChangesOptions {
  /** The form as text: it is unsaved while this differs from what was last saved or loaded. */
  snapshot: () => string;
  /** A change autosave does not save (the editor's address): unsaved until a save by hand. */
  pending?: () => boolean;
  /** Whether the form may be saved by itself now (a draft with a title). */
  canAutosave?: () => boolean;
  /** Saves the form by itself; a form without (a static page's) is only guarded. */
  autosave?: () => Promise<void>;
  /** Asked before leaving the page with unsaved changes; true leaves. */
  confirmLeave: () => boolean;
  everyMs?: number;
}

/**
 * An editor's unsaved work: every few seconds, a form with unsaved changes that may be saved by itself
 * is saved (a draft's autosave, where a form has one); leaving for another page or closing the tab
 * with unsaved changes asks first. `markSaved()` after loading or saving the form.
 */
export function useUnsavedChanges(options: UnsavedChangesOptions) {
  const saved = ref(options.snapshot());
  const savedAt = ref<Date | null>(null);
  const saving = ref(false);
  const changed = computed(() => options.snapshot() !== saved.value);
  const dirty = computed(() => changed.value || (options.pending?.() ?? false));

  function markSaved(at: Date | null = null): void {
    saved.value = options.snapshot();
    if (at) savedAt.value = at;
  }

  let running: Promise<void> | undefined;

  async function autosave(save: () => Promise<void>): Promise<void> {
    saving.value = true;
    try {
      await save();
    } catch {
      // The next tick tries again; saving by hand shows the error.
    } finally {
      saving.value = false;
      running = undefined;
    }
  }

  function tick(): void {
    const save = options.autosave;
    if (!save || running || !changed.value || !(options.canAutosave?.() ?? true)) return;
    running = autosave(save);
  }

  /** Resolves once no autosave is under way: a save by hand waits for it, so both reach one article. */
  async function idle(): Promise<void> {
    await running;
  }

  function beforeUnload(event: BeforeUnloadEvent): void {
    if (!dirty.value) return;
    event.preventDefault();
    // Older browsers ask only when returnValue is set.
    event.returnValue = '';
  }

  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    timer = setInterval(tick, options.everyMs ?? 5000);
    window.addEventListener('beforeunload', beforeUnload);
  });
  onBeforeUnmount(() => {
    clearInterval(timer);
    window.removeEventListener('beforeunload', beforeUnload);
  });
  onBeforeRouteLeave(() => !dirty.value || options.confirmLeave());

  return { dirty, saving, savedAt, markSaved, idle };
}
