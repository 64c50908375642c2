import { escapeHtml } from '../../common/html-escape';
import { Mail } from '../mail/mail.types';
import { OneTimeTokenPurpose } from './one-time-token.entity';

/** The words of the mail that carries a one-time token. */
interface TokenMailText {
  subject: string;
  intro: (username: string) => string;
  action: string;
  /** The web app's page that spends the token. */
  page: string;
  outro: string;
}

const MAILS: Record<OneTimeTokenPurpose, TokenMailText> = {
  'verify-email': {
    subject: 'Confirm your email address',
    intro: (username) => `Hello ${username}, please confirm that this is your email address.`,
    action: 'Confirm my email',
    page: 'verify-email',
    outro: 'The link works once and expires in 24 hours. If you did not sign up, ignore this mail.',
  },
  'reset-password': {
    subject: 'Reset your password',
    intro: (username) => `Hello ${username}, someone asked to reset the password of your account.`,
    action: 'Choose a new password',
    page: 'reset-password',
    outro:
      'The link works once and expires in 1 hour. If you did not ask for it, ignore this mail.',
  },
};

/** The mail that sends `token` to `to`, as a link to the web app's page for its purpose. */
export function oneTimeTokenMail(
  purpose: OneTimeTokenPurpose,
  appUrl: string,
  to: string,
  username: string,
  token: string,
): Mail {
  const { subject, intro, action, page, outro } = MAILS[purpose];
  const greeting = intro(username);
  const link = `${appUrl}/${page}?token=${encodeURIComponent(token)}`;
  return {
    to,
    subject,
    text: `${greeting}\n\n${action}: ${link}\n\n${outro}\n`,
    html:
      `<p>${escapeHtml(greeting)}</p>` +
      `<p><a href="${escapeHtml(link)}">${escapeHtml(action)}</a></p>` +
      `<p>${escapeHtml(outro)}</p>`,
  };
}
