import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiErrors } from '../../docs/api-errors.decorator';
import { ApiRoute } from '../../docs/api-route.decorator';
import { IpRateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { Public } from '../accounts/public.decorator';
import { UserResponse } from '../accounts/user-response.types';
import {
  AuthorizeQueryDto,
  ExchangeCodeDto,
  ProvidersResponse,
} from './dto/identity-providers.dto';
import { IdentityProvidersService } from './identity-providers.service';
import { WEB_APP_URL } from './oauth-config.provider';
import { clearedProviderCookie, providerCookie, readProviderCookie } from './provider-cookie';

/** Sign-in with an identity provider: the buttons, the round trip, and the code traded for a token. */
@ApiTags('auth')
@Public()
@Controller('auth/providers')
export class AuthProvidersController {
  private readonly secureCookie: boolean;

  constructor(
    private readonly providers: IdentityProvidersService,
    @Inject(WEB_APP_URL) webAppUrl: string,
  ) {
    this.secureCookie = webAppUrl.startsWith('https:');
  }

  @Get()
  @ApiRoute({
    summary: 'The configured identity providers, for "Continue with …" buttons',
    ok: ProvidersResponse,
  })
  list(): ProvidersResponse {
    return { providers: this.providers.list() };
  }

  @IpRateLimit('login')
  @Get(':name/authorize')
  @ApiOperation({ summary: 'Start signing in: redirects the browser to the provider' })
  @ApiFoundResponse({
    description: 'To the provider’s authorization page (sets a short-lived cookie)',
  })
  @ApiErrors(404, 422, 502)
  async authorize(
    @Param('name') name: string,
    @Query() query: AuthorizeQueryDto,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const started = await this.providers.start(name, query.returnTo, null);
    await reply
      .header('Set-Cookie', providerCookie(started.browserSecret, this.secureCookie))
      .redirect(started.url, 302);
  }

  @Get(':name/callback')
  @ApiOperation({
    summary:
      'Where the provider sends the browser back: redirects to the web app’s /auth/callback with a one-time `code`, or an `error`',
  })
  @ApiFoundResponse({ description: 'To the web app, with `code` (to exchange) or `error`' })
  async callback(
    @Param('name') name: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const rawQuery = request.url.includes('?')
      ? request.url.slice(request.url.indexOf('?') + 1)
      : '';
    const state = (request.query as Record<string, unknown> | undefined)?.state;
    const browserSecret = readProviderCookie(request.headers.cookie);
    const finished = await this.providers.finish(name, state, rawQuery, browserSecret);
    // With a code, the cookie stays for the exchange (the pending sign-in it named is gone).
    await reply
      .header(
        'Set-Cookie',
        finished.codeIssued && browserSecret
          ? providerCookie(browserSecret, this.secureCookie)
          : clearedProviderCookie(this.secureCookie),
      )
      .redirect(finished.location, 302);
  }

  @IpRateLimit('login')
  @Post('exchange')
  @HttpCode(200)
  @ApiRoute({
    summary:
      'Trade the callback’s one-time code for a token, as a login answers; only from the browser that signed in (its `folio_oauth` cookie)',
    ok: UserResponse,
    errors: [400, 401, 422],
  })
  async exchange(
    @Body() body: ExchangeCodeDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserResponse> {
    reply.header('Set-Cookie', clearedProviderCookie(this.secureCookie));
    const browserSecret = readProviderCookie(request.headers.cookie);
    return { user: await this.providers.exchange(body.code, browserSecret) };
  }
}
