import { nextTick, ref } from 'vue';
import { useFormErrors } from './use-form-errors';

/**
 * A form's submit: busy while the action runs, the previous errors cleared first, and a failure's
 * `{"errors": ...}` spread over the form's fields and banner, the focus on the first field in error
 * (or on the banner when no field is).
 */
export function useFormSubmit(fields: readonly string[]) {
  const errors = useFormErrors(fields);
  const busy = ref(false);

  async function submit(action: () => Promise<void>): Promise<void> {
    busy.value = true;
    errors.clear();
    try {
      await action();
    } catch (error) {
      errors.show(error);
      await focusFirstError();
    } finally {
      busy.value = false;
    }
  }

  return { errors, busy, submit };
}

/**
 * Once the errors are shown: a keyboard or screen reader user lands on the first field to fix, which
 * then reads its error; an error no field is to blame for (a wrong password) puts them on the form's
 * message instead. Either way the page scrolls to it, however far down the button was.
 */
export async function focusFirstError(): Promise<void> {
  await nextTick();
  (
    document.querySelector<HTMLElement>('[aria-invalid="true"]') ??
    document.querySelector<HTMLElement>('[data-test=form-errors]')
  )?.focus();
}

export type FormSubmit = ReturnType<typeof useFormSubmit>;
