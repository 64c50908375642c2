/**
 * The blog's own name and description (GET /api/site: SITE_TITLE, SITE_DESCRIPTION), for the header,
 * the home page and every page's title, and the language its articles are written in (SITE_LANGUAGE).
 * Until they arrive the product's name stands in.
 */
import { computed, reactive } from 'vue';
import { api } from './api/client';
import { i18n } from './boot/i18n';

interface SiteState {
  title: string | null;
  description: string | null;
  /** The articles' language: the `lang` of their text, which may differ from the interface's. */
  language: string | null;
  /** Who may make an account (SIGNUPS): anyone, or those an administrator invites. */
  signups: 'open' | 'invitation';
}

/** A page the server rendered names the blog in its head already: the first paint has it. */
function nameInHead(): string | null {
  const meta = document.querySelector('meta[property="og:site_name"]');
  return meta?.getAttribute('content') || null;
}

export const site = reactive<SiteState>({
  title: nameInHead(),
  description: null,
  language: null,
  signups: 'open',
});

/** Whether the site offers sign-up (the server refuses registration otherwise). */
export const signUpsOpen = computed(() => site.signups === 'open');

/** The `lang` of article text: unset (the page's own) until the site says. */
export const contentLang = computed(() => site.language ?? undefined);

export const siteTitle = computed(() => site.title ?? i18n.global.t('app.name'));

/**
 * Reads the blog's settings; the header keeps the product's name when the API cannot be reached. A
 * page the server rendered shows at once (its head named the blog); a bare app shell (sign-in, the
 * editor) waits for the answer, so its header never shows another name first.
 */
export function loadSite(): Promise<void> {
  const loading = readSite();
  return site.title ? Promise.resolve() : loading;
}

async function readSite(): Promise<void> {
  try {
    const { title, description, language, signups } = await api.site();
    Object.assign(site, { title, description, language, signups });
  } catch {
    // The reader still gets every page; only the blog's name is missing from the header.
  }
}
