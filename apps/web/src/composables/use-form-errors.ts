import { reactive } from 'vue';
import { ApiError, type FieldErrors } from 'src/api/client';
import { fieldErrorLine, fieldMessage } from 'src/api/error-text';

/**
 * The API's `{"errors": {"field": ["message"]}}` split over a form: each known field shows its own
 * messages under the input; the rest (credentials, token, server…) go to the form's banner. Both in
 * the reader's language (src/api/error-text.ts).
 */
export function useFormErrors(fields: readonly string[]) {
  const state = reactive<{ field: Record<string, string>; general: string[] }>({
    field: {},
    general: [],
  });

  function clear(): void {
    state.field = {};
    state.general = [];
  }

  function show(error: unknown): void {
    clear();
    const errors: FieldErrors =
      error instanceof ApiError
        ? error.errors
        : { error: [error instanceof Error ? error.message : String(error)] };
    for (const [field, messages] of Object.entries(errors)) {
      const known = fields.find((name) => name.toLowerCase() === field.toLowerCase());
      if (known) state.field[known] = messages.map(fieldMessage).join('; ');
      else state.general.push(fieldErrorLine(field, messages));
    }
  }

  /** Props for a QInput: `v-bind="errorProps('email')"`. */
  function errorProps(field: string): { error: boolean; errorMessage: string } {
    const message = state.field[field];
    return { error: message !== undefined, errorMessage: message ?? '' };
  }

  return { state, clear, show, errorProps };
}

export type FormErrors = ReturnType<typeof useFormErrors>;
