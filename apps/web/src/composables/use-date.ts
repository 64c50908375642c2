import { useI18n } from 'vue-i18n';

export function useDate() {
  const { locale } = useI18n();
  return (iso: string | null | undefined): string =>
    iso
      ? new Intl.DateTimeFormat(locale.value, {
          year: 'numeric',
          month: 'long',
          day: 'numeric',
        }).format(new Date(iso))
      : '';
}
