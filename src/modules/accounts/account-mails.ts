import { escapeHtml } from '../../common/html-escape';
import { Mail } from '../mail/mail.types';
import { OneTimeTokenPurpose } from './one-time-token.entity';
import type { Role } from './staff-roles.types';

/** The words of the mail that carries a one-time token, on the blog `site`, to a user with `role`. */
interface TokenMailText {
  subject: (site: string) => string;
  intro: (username: string, site: string, role: Role) => string;
  action: string;
  outro: (site: string) => string;
}

/** The web app's page that spends each token. */
const PAGES: Record<OneTimeTokenPurpose, string> = {
  'verify-email': 'verify-email',
  'reset-password': 'reset-password',
  // The same page: an invited person chooses their first password as one chooses a new one.
  invitation: 'reset-password',
};

const ENGLISH_ROLES: Record<NonNullable<Role>, string> = {
  contributor: 'a contributor (your drafts are published by an editor)',
  author: 'an author',
  editor: 'an editor',
  administrator: 'an administrator',
};

const RUSSIAN_ROLES: Record<NonNullable<Role>, string> = {
  contributor: 'участник',
  author: 'автор',
  editor: 'редактор',
  administrator: 'администратор',
};

const ENGLISH: Record<OneTimeTokenPurpose, TokenMailText> = {
  'verify-email': {
    subject: (site) => `Confirm your email address on ${site}`,
    intro: (username, site) =>
      `Hello ${username}, please confirm that this is your email address on ${site}.`,
    action: 'Confirm my email',
    outro: (site) =>
      `The link works once and expires in 24 hours. If you did not sign up on ${site}, ignore this mail.`,
  },
  'reset-password': {
    subject: (site) => `Reset your password on ${site}`,
    intro: (username, site) =>
      `Hello ${username}, someone asked to reset the password of your account on ${site}.`,
    action: 'Choose a new password',
    outro: () =>
      'The link works once and expires in 1 hour. If you did not ask for it, ignore this mail.',
  },
  invitation: {
    subject: (site) => `You are invited to ${site}`,
    intro: (username, site, role) =>
      `Hello, an administrator of ${site} made you an account there, named ${username}${role ? `, as ${ENGLISH_ROLES[role]}` : ''}. Choose a password to sign in.`,
    action: 'Choose my password',
    outro: (site) =>
      `The link works once and expires in 7 days. If you do not know ${site}, ignore this mail.`,
  },
};

const RUSSIAN: Record<OneTimeTokenPurpose, TokenMailText> = {
  'verify-email': {
    subject: (site) => `Подтвердите адрес почты на сайте «${site}»`,
    intro: (username, site) =>
      `Здравствуйте, ${username}! Подтвердите, пожалуйста, что это ваш адрес почты на сайте «${site}».`,
    action: 'Подтвердить адрес',
    outro: (site) =>
      `Ссылка действует один раз в течение 24 часов. Если вы не регистрировались на сайте «${site}», просто не обращайте внимания на это письмо.`,
  },
  'reset-password': {
    subject: (site) => `Сброс пароля на сайте «${site}»`,
    intro: (username, site) =>
      `Здравствуйте, ${username}! Кто-то попросил сбросить пароль вашей учётной записи на сайте «${site}».`,
    action: 'Выбрать новый пароль',
    outro: () =>
      'Ссылка действует один раз в течение часа. Если вы этого не просили, просто не обращайте внимания на это письмо.',
  },
  invitation: {
    subject: (site) => `Приглашение на сайт «${site}»`,
    intro: (username, site, role) =>
      `Здравствуйте! Администратор сайта «${site}» создал для вас учётную запись ${username}${role ? ` с ролью «${RUSSIAN_ROLES[role]}»` : ''}. Выберите пароль, чтобы войти.`,
    action: 'Выбрать пароль',
    outro: (site) =>
      `Ссылка действует один раз в течение 7 дней. Если вы не знаете сайт «${site}», просто не обращайте внимания на это письмо.`,
  },
};

/** Mails in the blog's language (SITE_LANGUAGE) where Folio has it (English, Russian), else English. */
const BY_LANGUAGE: Record<string, Record<OneTimeTokenPurpose, TokenMailText>> = {
  en: ENGLISH,
  ru: RUSSIAN,
};

/** The blog a mail comes from: its name and its language. */
export interface MailSite {
  title: string;
  language: string;
}

/**
 * The mail that sends `token` to `to`, as a link to the web app's page for its purpose, naming the blog
 * (a mail that does not say where it comes from looks like phishing) in the blog's language.
 */
export function oneTimeTokenMail(
  purpose: OneTimeTokenPurpose,
  appUrl: string,
  site: MailSite,
  to: string,
  username: string,
  token: string,
  role: Role = null,
): Mail {
  const words = BY_LANGUAGE[site.language.split('-')[0].toLowerCase()] ?? ENGLISH;
  const { subject, intro, action, outro } = words[purpose];
  const greeting = intro(username, site.title, role);
  const closing = outro(site.title);
  const welcome = purpose === 'invitation' ? '&welcome=1' : '';
  const link = `${appUrl}/${PAGES[purpose]}?token=${encodeURIComponent(token)}${welcome}`;
  return {
    to,
    subject: subject(site.title),
    text: `${greeting}\n\n${action}: ${link}\n\n${closing}\n`,
    html:
      `<p>${escapeHtml(greeting)}</p>` +
      `<p><a href="${escapeHtml(link)}">${escapeHtml(action)}</a></p>` +
      `<p>${escapeHtml(closing)}</p>`,
  };
}
