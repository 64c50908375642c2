import { useQuasar } from 'quasar';
import ConfirmDialog from 'src/components/ConfirmDialog.vue';
import type { LoadStatus } from './use-loader';
import { useNotifyAction } from './use-notify-action';

/**
 * "Are you sure?" before a destructive action (delete a comment, an article, a user...). The action runs
 * on OK; if it fails, its message is shown and the page stays as it was.
 */
export function useConfirm(): (message: string, action: () => Promise<void>) => void {
  const $q = useQuasar();
  const notifyAction = useNotifyAction();
  return (message, action) => {
    $q.dialog({ component: ConfirmDialog, componentProps: { message } }).onOk(
      () => void notifyAction(action),
    );
  };
}

/** useConfirm for a list's delete buttons: once `remove` has deleted the item, the list loads again. */
export function useConfirmRemove(
  list: LoadStatus,
): (message: string, remove: () => Promise<unknown>) => void {
  const confirmThen = useConfirm();
  return (message, remove) =>
    confirmThen(message, async () => {
      await remove();
      await list.load();
    });
}
