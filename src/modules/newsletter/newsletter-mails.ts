import { renderMarkdown } from '../../../libs/markdown/server-markdown';
import { escapeHtml } from '../../common/html-escape';
import { htmlText } from '../../common/html-text';
import { longDate, siteWords } from '../../common/site-words';
import type { Mail } from '../mail/mail.types';
import type { PublishedArticle } from '../posts/article-pages.service';

/** The blog the mails come from: its address (APP_URL), name and language (SITE_LANGUAGE). */
export interface NewsletterSite {
  url: string;
  title: string;
  language: string;
}

/** The words of the newsletter's two mails, in one language. */
interface NewsletterWords {
  confirmSubject: (site: string) => string;
  confirmIntro: (site: string) => string;
  confirmAction: string;
  confirmOutro: string;
  readOn: (site: string) => string;
  why: (email: string, site: string) => string;
  unsubscribe: string;
}

const ENGLISH: NewsletterWords = {
  confirmSubject: (site) => `Confirm your subscription to ${site}`,
  confirmIntro: (site) =>
    `Someone, probably you, asked to receive the new articles of ${site} by email at this address.`,
  confirmAction: 'Yes, subscribe me',
  confirmOutro:
    'The link works for 48 hours. If you did not ask for this, ignore this mail: you will not be subscribed.',
  readOn: (site) => `Read it on ${site}`,
  why: (email, site) => `You receive this mail because ${email} subscribed to ${site}.`,
  unsubscribe: 'Unsubscribe',
};

const RUSSIAN: NewsletterWords = {
  confirmSubject: (site) => `Подтвердите подписку на «${site}»`,
  confirmIntro: (site) =>
    `Кто-то, вероятно вы, попросил присылать новые статьи сайта «${site}» на этот адрес.`,
  confirmAction: 'Да, подписаться',
  confirmOutro:
    'Ссылка действует 48 часов. Если вы этого не просили, просто не обращайте внимания на письмо: подписки не будет.',
  readOn: (site) => `Читать на сайте «${site}»`,
  why: (email, site) => `Вы получили это письмо, потому что адрес ${email} подписан на «${site}».`,
  unsubscribe: 'Отписаться',
};

const BY_LANGUAGE: Record<string, NewsletterWords> = { en: ENGLISH, ru: RUSSIAN };

function wordsOf(site: NewsletterSite): NewsletterWords {
  return BY_LANGUAGE[site.language.split('-')[0].toLowerCase()] ?? ENGLISH;
}

/** The blog's name as a List-Id phrase: a quoted string, its quotes and backslashes escaped. */
const listName = (title: string) => `"${title.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** The web app's page that spends a link's token. */
const pageLink = (site: NewsletterSite, page: string, token: string) =>
  `${site.url}/newsletter/${page}?token=${encodeURIComponent(token)}`;

/** The double opt-in's mail: the link that confirms the address. */
export function confirmationMail(site: NewsletterSite, to: string, token: string): Mail {
  const words = wordsOf(site);
  const intro = words.confirmIntro(site.title);
  const link = pageLink(site, 'confirm', token);
  return {
    to,
    subject: words.confirmSubject(site.title),
    text: `${intro}\n\n${words.confirmAction}: ${link}\n\n${words.confirmOutro}\n`,
    html:
      `<p>${escapeHtml(intro)}</p>` +
      `<p><a href="${escapeHtml(link)}">${escapeHtml(words.confirmAction)}</a></p>` +
      `<p>${escapeHtml(words.confirmOutro)}</p>`,
  };
}

/**
 * A new article, whole, to one subscriber: its title, description, byline, cover and body (rendered
 * as the feeds render it, every URL absolute), a link to it, and why the mail came with the way out.
 * The unsubscribe link is also in the headers (RFC 2369), with RFC 8058's one-click POST, which mail
 * providers ask of bulk senders: the reader's mail client unsubscribes without opening a page.
 */
export function articleMail(
  site: NewsletterSite,
  article: PublishedArticle,
  to: string,
  unsubscribeToken: string,
): Mail {
  const words = wordsOf(site);
  const pageWords = siteWords(site.language);
  const url = `${site.url}/article/${encodeURIComponent(article.slug)}`;
  const unsubscribePage = pageLink(site, 'unsubscribe', unsubscribeToken);
  const oneClick = `${site.url}/api/newsletter/one-click?token=${encodeURIComponent(unsubscribeToken)}`;
  const byline = pageWords.byline(
    escapeHtml(article.author.username),
    escapeHtml(longDate(pageWords, article.publishedAt)),
  );
  const body = renderMarkdown(article.body, { baseUrl: url, footnotes: pageWords.footnotes });
  const cover = article.coverImage
    ? `<p><img src="${escapeHtml(article.coverImage)}" alt="${escapeHtml(article.coverImageAlt ?? '')}" style="max-width:100%;height:auto"></p>`
    : '';
  const why = words.why(to, site.title);
  const readOn = words.readOn(site.title);
  const html =
    `<p style="color:#666">${escapeHtml(site.title)}</p>` +
    `<h1><a href="${escapeHtml(url)}">${escapeHtml(article.title)}</a></h1>` +
    (article.description ? `<p><em>${escapeHtml(article.description)}</em></p>` : '') +
    `<p style="color:#666">${byline}</p>` +
    cover +
    body +
    `<p><a href="${escapeHtml(url)}">${escapeHtml(readOn)}</a></p>` +
    `<hr><p style="color:#666;font-size:small">${escapeHtml(why)} ` +
    `<a href="${escapeHtml(unsubscribePage)}">${escapeHtml(words.unsubscribe)}</a></p>`;
  const text = [
    article.title,
    article.description,
    htmlText(byline),
    // The markdown itself: plain text written to be read as it is.
    article.body,
    `${readOn}: ${url}`,
    `--\n${why}\n${words.unsubscribe}: ${unsubscribePage}`,
  ]
    .filter((part) => part !== '')
    .join('\n\n');
  return {
    to,
    subject: article.title,
    text: `${text}\n`,
    html,
    headers: {
      // RFC 2919: what mail programs file and filter the newsletter by (the blog's host names it).
      'List-Id': `${listName(site.title)} <newsletter.${new URL(site.url).hostname}>`,
      'List-Unsubscribe': `<${oneClick}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
