import { useQuasar } from 'quasar';

/**
 * "Are you sure?" before a destructive action (delete a comment, an article, a user...). The action runs
 * on OK; if it fails, its message is shown and the page stays as it was.
 */
export function useConfirm(): (message: string, action: () => Promise<void>) => void {
  const $q = useQuasar();
  return (message, action) => {
    $q.dialog({ message, cancel: true }).onOk(() => {
      action().catch((error: unknown) => {
        $q.notify({
          type: 'negative',
          message: error instanceof Error ? error.message : String(error),
        });
      });
    });
  };
}
