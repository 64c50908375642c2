import { useQuasar } from 'quasar';
import { useI18n } from 'vue-i18n';
import ConfirmDialog from 'src/components/ConfirmDialog.vue';
import type { LoadStatus } from './use-loader';
import { useNotifyAction } from './use-notify-action';

/**
 * "Are you sure?" before a destructive action (delete a comment, an article, a user...): `message` asks,
 * `label` names the button that goes ahead (what it does, not "OK"). The action runs on that button;
 * if it fails, its message is shown and the page stays as it was.
 */
export function useConfirm(): (
  message: string,
  label: string,
  action: () => Promise<void>,
) => void {
  const $q = useQuasar();
  const notifyAction = useNotifyAction();
  return (message, label, action) => {
    $q.dialog({ component: ConfirmDialog, componentProps: { message, action: label } }).onOk(
      () => void notifyAction(action),
    );
  };
}

/** useConfirm for a list's delete buttons: once `remove` has deleted the item, the list loads again. */
export function useConfirmRemove(
  list: LoadStatus,
): (message: string, remove: () => Promise<unknown>) => void {
  const confirmThen = useConfirm();
  const { t } = useI18n();
  return (message, remove) =>
    confirmThen(message, t('form.delete'), async () => {
      await remove();
      await list.load();
    });
}
