import { useI18n } from 'vue-i18n';

/**
 * The count line over an article list: "23 articles", or "10,000+ articles" when the API capped the
 * count (`exact` false: searches, favorites and combined filters stop counting at the cap, so the
 * number means "at least"). Numbers are written the reader's way (10,000 in English, 10 000 in Russian).
 */
export function useArticleCount() {
  const { t, locale } = useI18n();
  return (count: number, exact: boolean): string => {
    const total = new Intl.NumberFormat(locale.value).format(count);
    return exact
      ? t('articleList.count', { total }, count)
      : t('articleList.countAtLeast', { total }, count);
  };
}
