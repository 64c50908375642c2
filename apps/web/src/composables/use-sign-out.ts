import { useQuasar } from 'quasar';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { endSession } from 'src/session';

/** Signs out (this browser, or `everywhere`), says so and goes home: the menu's and the settings' button. */
export function useSignOut(): (everywhere?: boolean) => Promise<void> {
  const { t } = useI18n();
  const $q = useQuasar();
  const router = useRouter();
  return async (everywhere = false) => {
    try {
      await endSession(everywhere);
    } catch {
      // The token is dropped locally even when the server could not be told.
    }
    $q.notify({ message: t('auth.signedOut') });
    await router.push({ name: 'home' });
  };
}
