import { ReceivedMail, TestSmtpServer, tokenFromMail } from './test-smtp-server';
import { TestApp } from './test-app';

/**
 * Subscribes `email` to the newsletter as a reader does (the form, then the link mailed to them);
 * returns the confirmation mail.
 */
export async function subscribeConfirmed(
  t: TestApp,
  smtp: TestSmtpServer,
  email: string,
): Promise<ReceivedMail> {
  const before = smtp.mails.length;
  await t.http().post('/api/newsletter/subscribe').send({ email }).expect(202);
  // This request's mail, not an earlier subscription's.
  const mail = await smtp.waitForMail(
    email,
    (m) => /Confirm your subscription/.test(m.raw) && smtp.mails.indexOf(m) >= before,
  );
  await t
    .http()
    .post('/api/newsletter/confirm')
    .send({ token: tokenFromMail(mail, 'newsletter/confirm') })
    .expect(200);
  return mail;
}
