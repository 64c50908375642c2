import { Mail } from '../mail/mailer.service';

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function compose(
  to: string,
  subject: string,
  intro: string,
  action: string,
  link: string,
  outro: string,
): Mail {
  return {
    to,
    subject,
    text: `${intro}\n\n${action}: ${link}\n\n${outro}\n`,
    html:
      `<p>${escapeHtml(intro)}</p>` +
      `<p><a href="${escapeHtml(link)}">${escapeHtml(action)}</a></p>` +
      `<p>${escapeHtml(outro)}</p>`,
  };
}

export function verificationMail(
  appUrl: string,
  to: string,
  username: string,
  token: string,
): Mail {
  return compose(
    to,
    'Confirm your email address',
    `Hello ${username}, please confirm that this is your email address.`,
    'Confirm my email',
    `${appUrl}/verify-email?token=${encodeURIComponent(token)}`,
    'The link works once and expires in 24 hours. If you did not sign up, ignore this mail.',
  );
}

export function passwordResetMail(
  appUrl: string,
  to: string,
  username: string,
  token: string,
): Mail {
  return compose(
    to,
    'Reset your password',
    `Hello ${username}, someone asked to reset the password of your account.`,
    'Choose a new password',
    `${appUrl}/reset-password?token=${encodeURIComponent(token)}`,
    'The link works once and expires in 1 hour. If you did not ask for it, ignore this mail.',
  );
}
