import { computed, useId } from 'vue';

/**
 * A field's hint said with its input: Quasar shows a hint under the field but links only its error
 * messages (aria-describedby). The hint gets an id (the `hint` slot's span) and the input points at
 * it while no error takes the hint's place. `attrs` go on the QInput or QSelect.
 */
export function useFieldHint(hint: () => string | undefined, hasError: () => boolean) {
  const id = `${useId()}-hint`;
  const attrs = computed(() => (hint() && !hasError() ? { 'aria-describedby': id } : {}));
  return { id, attrs };
}
