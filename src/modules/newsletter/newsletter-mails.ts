import { convert } from 'html-to-text';
import { renderMarkdown } from '../../../libs/markdown/server-markdown';
import { escapeHtml } from '../../common/html-escape';
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

/** Secondary text: the blog's name, the byline, the footer. */
const MUTED = 'color:#666';
const BUTTON =
  'display:inline-block;padding:10px 18px;border-radius:4px;background:#1f5f45;color:#fff;text-decoration:none';

/**
 * A whole HTML document around `content`: one column at most 600 px wide, in the blog's language.
 * Styles are inline where mail programs keep them; the one rule in <style> keeps a body's images
 * within the column where a program honours it.
 */
function mailDocument(language: string, title: string, content: string): string {
  return (
    `<!doctype html><html lang="${escapeHtml(language)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title>` +
    `<style>img{max-width:100%;height:auto}pre{white-space:pre-wrap}</style></head>` +
    `<body style="margin:0;padding:0;background:#f6f6f6">` +
    `<div style="max-width:600px;margin:0 auto;padding:24px 20px;background:#fff;` +
    `font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.6;color:#1d1d1f">` +
    `${content}</div></body></html>`
  );
}

/** The text part: lines of 78 characters, links as `words [URL]`, images as their alt text and URL. */
const TEXT_OPTIONS = {
  wordwrap: 78,
  selectors: [
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'hr', format: 'horizontalLine', options: { length: 20 } },
  ],
};

/** The web app's page that spends a link's token. */
const pageLink = (site: NewsletterSite, page: string, token: string) =>
  `${site.url}/newsletter/${page}?token=${encodeURIComponent(token)}`;

/** The double opt-in's mail: the link that confirms the address. */
export function confirmationMail(site: NewsletterSite, to: string, token: string): Mail {
  const words = wordsOf(site);
  const intro = words.confirmIntro(site.title);
  const link = pageLink(site, 'confirm', token);
  const subject = words.confirmSubject(site.title);
  return {
    to,
    subject,
    text: `${intro}\n\n${words.confirmAction}: ${link}\n\n${words.confirmOutro}\n`,
    html: mailDocument(
      site.language,
      subject,
      `<p>${escapeHtml(intro)}</p>` +
        `<p style="margin:24px 0"><a href="${escapeHtml(link)}" style="${BUTTON}">${escapeHtml(words.confirmAction)}</a></p>` +
        `<p style="${MUTED}">${escapeHtml(words.confirmOutro)}</p>`,
    ),
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
    ? `<p><img src="${escapeHtml(article.coverImage)}" alt="${escapeHtml(article.coverImageAlt ?? '')}" width="560" style="max-width:100%;height:auto;border-radius:4px"></p>`
    : '';
  const why = words.why(to, site.title);
  const readOn = words.readOn(site.title);
  const content =
    `<p style="${MUTED}">${escapeHtml(site.title)}</p>` +
    `<h1 style="font-size:28px;line-height:1.25;margin:0 0 8px">` +
    `<a href="${escapeHtml(url)}" style="color:#1d1d1f;text-decoration:none">${escapeHtml(article.title)}</a></h1>` +
    (article.description
      ? `<p style="font-size:18px;${MUTED}">${escapeHtml(article.description)}</p>`
      : '') +
    `<p style="${MUTED}">${byline}</p>` +
    cover +
    body +
    `<p style="margin:32px 0"><a href="${escapeHtml(url)}" style="${BUTTON}">${escapeHtml(readOn)}</a></p>` +
    `<hr style="border:none;border-top:1px solid #ddd">` +
    `<p style="${MUTED};font-size:13px">${escapeHtml(why)} ` +
    `<a href="${escapeHtml(unsubscribePage)}" style="color:#666">${escapeHtml(words.unsubscribe)}</a></p>`;
  const html = mailDocument(site.language, article.title, content);
  // What a mail program without HTML shows: the same mail as text, links written out after their words.
  const text = convert(content, TEXT_OPTIONS);
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
