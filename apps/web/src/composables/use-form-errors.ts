import { reactive } from 'vue';
import { ApiError, type FieldErrors } from 'src/api/http';
import { fieldErrorLine, fieldMessage } from 'src/api/error-text';

/**
 * The API's `{"errors": {"field": ["message"]}}` split over a form: each known field shows its own
 * messages under the input; the rest (credentials, token, server…) go to the form's banner. Both in
 * the reader's language (src/api/error-text.ts). A field's message goes as soon as the user changes
 * the field, not at the next submit: a corrected field no longer looks wrong, and one still in error
 * is said again by the API then. The banner's lines stay until the next submit.
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

  /** Once the user changes `field`: its message is out of date. */
  function clearField(field: string): void {
    delete state.field[field];
  }

  /** One listener a field, so that a form's re-render hands its inputs the same props. */
  const clearers = new Map<string, () => void>();
  function clearerOf(field: string): () => void {
    let clearer = clearers.get(field);
    if (!clearer) {
      clearer = () => clearField(field);
      clearers.set(field, clearer);
    }
    return clearer;
  }

  /**
   * Props for a QInput or QSelect beside its v-model: `v-bind="errorProps('email')"`. Vue runs their
   * update:modelValue listener with the v-model's own, on the user's changes only.
   */
  function errorProps(field: string): {
    error: boolean;
    errorMessage: string;
    'onUpdate:modelValue': () => void;
  } {
    const message = state.field[field];
    return {
      error: message !== undefined,
      errorMessage: message ?? '',
      'onUpdate:modelValue': clearerOf(field),
    };
  }

  return { state, clear, show, clearField, errorProps };
}

export type FormErrors = ReturnType<typeof useFormErrors>;
