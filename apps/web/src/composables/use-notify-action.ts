import { errorText } from 'src/api/error-text';
import { ref } from 'vue';
import { useQuasar } from 'quasar';

/**
 * Runs a button's action (send a ping, retry a job...): `done` as a notification when it worked, the
 * error's message when it failed. The page stays as it was on a failure.
 */
export function useNotifyAction() {
  const $q = useQuasar();
  return async (action: () => Promise<void>, done?: string): Promise<void> => {
    try {
      await action();
      if (done) $q.notify({ type: 'positive', message: done });
    } catch (error) {
      $q.notify({
        type: 'negative',
        message: errorText(error),
      });
    }
  };
}

/** useNotifyAction for one button: `busy` (its spinner) is true while `run`'s action works. */
export function useBusyAction() {
  const notifyAction = useNotifyAction();
  const busy = ref(false);
  async function run(action: () => Promise<void>, done?: string): Promise<void> {
    busy.value = true;
    await notifyAction(action, done);
    busy.value = false;
  }
  return { busy, run };
}
