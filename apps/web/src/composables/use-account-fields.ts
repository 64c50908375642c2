import { computed } from 'vue';
import { useI18n } from 'vue-i18n';

/**
 * The account inputs the sign-in, sign-up, reset and settings forms share, defined once so their names
 * (what the API's errors and the tests refer to) and autofill hints stay the same everywhere (useAccountForm returns them as `fields`).
 * A new password is required where it is asked for (sign-up, reset), not in settings (kept when empty).
 */
export function useAccountFields() {
  const { t } = useI18n();
  return computed(() => ({
    username: {
      name: 'username',
      autocomplete: 'username',
      label: t('auth.username'),
      required: true,
    },
    email: {
      name: 'email',
      type: 'email',
      autocomplete: 'email',
      label: t('auth.email'),
      required: true,
    },
    currentPassword: {
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      label: t('auth.password'),
      required: true,
    },
    newPassword: {
      name: 'password',
      type: 'password',
      autocomplete: 'new-password',
      label: t('auth.newPassword'),
      hint: t('auth.passwordHint'),
    },
  }));
}
