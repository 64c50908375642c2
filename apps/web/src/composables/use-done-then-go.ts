import { useQuasar } from 'quasar';
import { useRouter, type RouteLocationRaw } from 'vue-router';

/**
 * The end of an action that leaves the page (sign up, reset a password, save or delete an article):
 * `message` as a positive notification (for `timeout` ms, or Quasar's default), then the page `to`.
 */
export function useDoneThenGo(): (
  message: string,
  to: RouteLocationRaw,
  timeout?: number,
) => Promise<void> {
  const $q = useQuasar();
  const router = useRouter();
  return async (message, to, timeout) => {
    $q.notify({ type: 'positive', message, ...(timeout === undefined ? {} : { timeout }) });
    await router.push(to);
  };
}
