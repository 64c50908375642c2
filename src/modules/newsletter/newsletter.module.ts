import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../mail/mail.module';
import { PostsModule } from '../posts/posts.module';
import { AdminSubscribersController } from './admin-subscribers.controller';
import { ArticleMailingController } from './article-mailing.controller';
import { NewsletterAudience } from './newsletter-audience';
import { NewsletterSend } from './newsletter-send.entity';
import { NewsletterSendsRepository } from './newsletter-sends.repository';
import { NewsletterSendingService } from './newsletter-sending.service';
import { NewsletterSubscriber } from './newsletter-subscriber.entity';
import { NewsletterSubscribersRepository } from './newsletter-subscribers.repository';
import { NewsletterController } from './newsletter.controller';
import { NewsletterService } from './newsletter.service';

/**
 * The newsletter (Ghost's members by email): readers subscribe an address with a double opt-in, and
 * each newly published article is mailed to them, durably, with a one-click way out. Offers nothing
 * to other modules: it listens to the posts module's `article.published`.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([NewsletterSubscriber, NewsletterSend]),
    MailModule,
    PostsModule,
  ],
  controllers: [NewsletterController, AdminSubscribersController, ArticleMailingController],
  providers: [
    NewsletterService,
    NewsletterSendingService,
    NewsletterAudience,
    NewsletterSubscribersRepository,
    NewsletterSendsRepository,
  ],
})
export class NewsletterModule {}
