import { useI18n } from 'vue-i18n';

/** A moment to the second in the reader's language (a delivery's tries, a job's failure). */
export function useDateTime() {
  const { locale } = useI18n();
  return (iso: string | null | undefined): string =>
    iso
      ? new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeStyle: 'medium' }).format(
          new Date(iso),
        )
      : '';
}
