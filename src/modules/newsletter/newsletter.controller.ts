import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiOperation, ApiFoundResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ConfigService } from '@nestjs/config';
import { IpRateLimit, RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { RateLimitedRequest } from '../../common/rate-limit/rate-limit-options';
import { AppConfig } from '../../config/app-config';
import { ApiErrors } from '../../docs/api-errors.decorator';
import { ApiRoute } from '../../docs/api-route.decorator';
import { Public } from '../accounts/public.decorator';
import { NewsletterTokenDto, SubscribeDto, SubscriptionResponseDto } from './dto/newsletter.dto';
import { NewsletterService } from './newsletter.service';

const bodyEmail = ({ body }: RateLimitedRequest) =>
  (body as { email?: unknown } | undefined)?.email;

/**
 * The newsletter's public side: anyone subscribes an address; the mailed links confirm it,
 * unsubscribe it and subscribe it again. No account needed: the link's token is the proof.
 */
@ApiTags('newsletter')
@Controller('newsletter')
export class NewsletterController {
  private readonly siteUrl: string;

  constructor(
    private readonly newsletter: NewsletterService,
    config: ConfigService<AppConfig, true>,
  ) {
    this.siteUrl = config.get('site', { infer: true }).publicUrl;
  }

  @Public()
  @RateLimit({ action: 'mail', account: bodyEmail })
  @Post('subscribe')
  @HttpCode(202)
  @ApiRoute({
    summary:
      'Ask for the new articles by mail: a link to confirm is mailed (unless the address is subscribed already)',
    accepted: 'Accepted, whether or not the address was subscribed',
    errors: [422],
  })
  async subscribe(@Body() body: SubscribeDto): Promise<void> {
    await this.newsletter.subscribe(body.email);
  }

  @Public()
  @IpRateLimit('login')
  @Post('confirm')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Confirm an address with the token of the mailed link (valid 48 hours)',
    ok: SubscriptionResponseDto,
    errors: [400, 422],
  })
  async confirm(@Body() body: NewsletterTokenDto): Promise<SubscriptionResponseDto> {
    return { subscription: await this.newsletter.confirm(body.token) };
  }

  @Public()
  @IpRateLimit('login')
  @Post('unsubscribe')
  @HttpCode(200)
  @ApiRoute({
    summary: "Unsubscribe with the token of a newsletter mail's link",
    ok: SubscriptionResponseDto,
    errors: [400, 422],
  })
  async unsubscribe(@Body() body: NewsletterTokenDto): Promise<SubscriptionResponseDto> {
    return { subscription: await this.newsletter.unsubscribe(body.token) };
  }

  @Public()
  @IpRateLimit('login')
  @Post('resubscribe')
  @HttpCode(200)
  @ApiRoute({
    summary: "Subscribe again with the token of a newsletter mail's unsubscribe link",
    ok: SubscriptionResponseDto,
    errors: [400, 422],
  })
  async resubscribe(@Body() body: NewsletterTokenDto): Promise<SubscriptionResponseDto> {
    return { subscription: await this.newsletter.resubscribe(body.token) };
  }

  /**
   * The URL of every newsletter mail's List-Unsubscribe header. Not rate-limited: a mail provider posts
   * its users' unsubscribes from a few addresses of its own, and a limit per IP would refuse them when
   * many leave at once (the 256-bit token is its own guard).
   */
  @Public()
  @RouteConfig({ form: true })
  @Post('one-click')
  @HttpCode(200)
  @ApiRoute({
    summary:
      "A mail client's one-click unsubscribe (RFC 8058): the List-Unsubscribe header's URL, with its token; any form body (List-Unsubscribe=One-Click)",
    ok: SubscriptionResponseDto,
    errors: [400, 422],
  })
  async oneClick(@Query() query: NewsletterTokenDto): Promise<SubscriptionResponseDto> {
    return { subscription: await this.newsletter.unsubscribe(query.token) };
  }

  /** A mail client that opens the List-Unsubscribe URL in a browser instead: the site's page. */
  @Public()
  @Get('one-click')
  @ApiOperation({
    summary:
      "The List-Unsubscribe header's URL opened in a browser: redirects to the site's unsubscribe page, which asks first",
  })
  @ApiFoundResponse({ description: 'To /newsletter/unsubscribe?token=… on the site' })
  @ApiErrors(422)
  async oneClickPage(
    @Query() query: NewsletterTokenDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await reply.redirect(
      `${this.siteUrl}/newsletter/unsubscribe?token=${encodeURIComponent(query.token)}`,
      302,
    );
  }
}
