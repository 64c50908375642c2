import { computed, type ComputedRef } from 'vue';
import { useRoute } from 'vue-router';

/** A value of the address as text: '' when it is absent, or repeated (`?tag=a&tag=b` is a list). */
const asText = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A query parameter of the current address (`?token=...`), '' when there is none. */
export function useQueryText(name: string): ComputedRef<string> {
  const route = useRoute();
  return computed(() => asText(route.query[name]));
}

/** A path parameter of the current address (`/article/:slug`), '' on a route without it. */
export function useParamText(name: string): ComputedRef<string> {
  const route = useRoute();
  return computed(() => asText(route.params[name]));
}
