import { reactive } from 'vue';
import { useAccountFields } from './use-account-fields';
import { useFormSubmit } from './use-form-submit';

/**
 * An account form's state (sign in, sign up, forgot and reset password, settings): `form` holds its
 * values, starting from `initial`, and the API's errors are spread over exactly those fields; `fields`
 * are the shared inputs' props and `submission` goes to AccountForm:
 * `<FormField v-model="form.email" v-bind="fields.email" :errors="errors" />`.
 */
export function useAccountForm<T extends Record<string, string>>(initial: T) {
  const form = reactive({ ...initial });
  const submission = useFormSubmit(Object.keys(initial));
  return { form, fields: useAccountFields(), submission, errors: submission.errors };
}
