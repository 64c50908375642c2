import { Module } from '@nestjs/common';
import { DevOutboxController } from './dev-outbox.controller';
import { mailConfigProvider } from './mail-config.provider';
import { MailerService } from './mailer.service';

/** Sends mail (SMTP, or the development outbox); what a mail says belongs to the module that sends it. */
@Module({
  controllers: [DevOutboxController],
  providers: [mailConfigProvider, MailerService],
  exports: [MailerService],
})
export class MailModule {}
