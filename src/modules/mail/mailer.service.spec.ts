import { MailerService } from './mailer.service';

describe('MailerService.failure', () => {
  it("keeps an SMTP server's refusal but not the address it names", () => {
    expect(
      MailerService.failure(
        new Error(
          "Can't send mail - all recipients were rejected: 550 5.1.1 <reader.one+x@example.com>: Recipient address rejected",
        ),
      ),
    ).toBe(
      "Can't send mail - all recipients were rejected: 550 5.1.1 <(address)>: Recipient address rejected",
    );
    expect(MailerService.failure(new Error('connect ECONNREFUSED 127.0.0.1:25'))).toBe(
      'connect ECONNREFUSED 127.0.0.1:25',
    );
    expect(MailerService.failure('mail to a@b.test failed')).toBe('mail to (address) failed');
  });
});
