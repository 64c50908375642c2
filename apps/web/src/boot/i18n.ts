import { defineBoot } from '#q-app/wrappers';
import { Quasar } from 'quasar';
import quasarRu from 'quasar/lang/ru';
import quasarEn from 'quasar/lang/en-US';
import { createI18n } from 'vue-i18n';
import en from 'src/i18n/en';
import ru from 'src/i18n/ru';

export type Locale = 'en' | 'ru';
export type MessageSchema = typeof en;

const LOCALE_KEY = 'folio.locale';

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(LOCALE_KEY);
    if (stored === 'en' || stored === 'ru') return stored;
  } catch {
    // no storage
  }
  return navigator.language.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

const russianForms = new Intl.PluralRules('ru');

/**
 * Russian counts take three forms (1 статья, 3 статьи, 5 статей, 21 статья); vue-i18n's default rule
 * only knows "one" and "many". Messages with two forms keep the default.
 */
function russianPlural(choice: number, choicesLength: number): number {
  if (choicesLength < 3) return choice === 1 ? 0 : 1;
  const form = russianForms.select(choice);
  return form === 'one' ? 0 : form === 'few' ? 1 : 2;
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'en',
  messages: { en, ru },
  pluralRules: { ru: russianPlural },
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  Quasar.lang.set(locale === 'ru' ? quasarRu : quasarEn);
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    // no storage
  }
}

export default defineBoot(({ app }) => {
  app.use(i18n);
  setLocale(i18n.global.locale.value);
});
