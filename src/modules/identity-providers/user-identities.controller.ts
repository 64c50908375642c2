import { Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiToken } from '../../docs/api-errors.decorator';
import { ApiRoute } from '../../docs/api-route.decorator';
import { AllowUnverified } from '../accounts/allow-unverified.decorator';
import type { AuthUser } from '../accounts/auth-user.types';
import { CurrentUser } from '../accounts/current-user.decorator';
import {
  AuthorizationUrlResponse,
  AuthorizeQueryDto,
  LinkedIdentitiesResponse,
} from './dto/identity-providers.dto';
import { IdentityProvidersService } from './identity-providers.service';
import { WEB_APP_URL } from './oauth-config.provider';
import { providerCookie } from './provider-cookie';

/** The identity providers linked to the signed-in user's account. */
@ApiTags('users')
@Controller('user/identities')
export class UserIdentitiesController {
  private readonly secureCookie: boolean;

  constructor(
    private readonly providers: IdentityProvidersService,
    @Inject(WEB_APP_URL) webAppUrl: string,
  ) {
    this.secureCookie = webAppUrl.startsWith('https:');
  }

  @AllowUnverified()
  @Get()
  @ApiRoute({ summary: 'The providers linked to the current user', ok: LinkedIdentitiesResponse })
  @ApiToken()
  list(@CurrentUser() user: AuthUser): Promise<LinkedIdentitiesResponse> {
    return this.providers.linked(user.id);
  }

  @AllowUnverified()
  @Post(':name')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Start linking a provider: its authorization URL, bound to the current user',
    ok: AuthorizationUrlResponse,
    errors: [404, 422],
  })
  @ApiToken()
  async link(
    @Param('name') name: string,
    @Query() query: AuthorizeQueryDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthorizationUrlResponse> {
    const started = await this.providers.start(name, query.returnTo ?? '/settings', user.id);
    reply.header('Set-Cookie', providerCookie(started.browserSecret, this.secureCookie));
    return { url: started.url };
  }

  @AllowUnverified()
  @Delete(':name')
  @HttpCode(204)
  @ApiRoute({
    summary: 'Unlink a provider; refused for the last way to sign in',
    noContent: 'Unlinked',
    errors: [404, 409],
  })
  @ApiToken()
  async unlink(@Param('name') name: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.providers.unlink(user.id, name);
  }
}
