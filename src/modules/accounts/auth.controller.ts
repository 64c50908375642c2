import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiToken } from '../../docs/api-errors.decorator';
import { ApiRoute } from '../../docs/api-route.decorator';
import { AccessTokensService } from './access-tokens.service';
import { AccountEmailsService } from './account-emails.service';
import { AllowUnverified } from './allow-unverified.decorator';
import { AuthenticatedRequest } from './authenticated-request';
import { AccountEmailDto, OneTimeTokenDto, ResetPasswordDto } from './dto/account-email.dto';
import { Public } from './public.decorator';
import { IpRateLimit, RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { RateLimitedRequest } from '../../common/rate-limit/rate-limit-options';
import { authenticated } from './users.controller';

const bodyEmail = ({ body }: RateLimitedRequest) =>
  (body as { email?: unknown } | undefined)?.email;

/** Beyond RealWorld: sessions, email verification and password reset. */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly accessTokens: AccessTokensService,
    private readonly accountEmails: AccountEmailsService,
  ) {}

  /** Revokes the token this request presents. */
  @AllowUnverified()
  @Post('logout')
  @HttpCode(204)
  @ApiRoute({ summary: 'Sign out: revoke the token this request presents', noContent: 'Revoked' })
  @ApiToken()
  async logout(@Req() request: AuthenticatedRequest): Promise<void> {
    await this.accessTokens.revoke(authenticated(request).tokenId);
  }

  /** Revokes every token of the user, this one included. */
  @AllowUnverified()
  @Post('logout-all')
  @HttpCode(204)
  @ApiRoute({
    summary: 'Sign out everywhere: revoke every token of the user, this one included',
    noContent: 'Revoked',
  })
  @ApiToken()
  async logoutAll(@Req() request: AuthenticatedRequest): Promise<void> {
    await this.accessTokens.revokeAll(authenticated(request).user.id);
  }

  @Public()
  @RateLimit({ action: 'mail', account: bodyEmail })
  @Post('verify/request')
  @HttpCode(202)
  @ApiRoute({
    summary: 'Mail a new verification link to an unverified account',
    accepted: 'Accepted, whether or not such an account exists',
    errors: [422],
  })
  async requestVerification(@Body() body: AccountEmailDto): Promise<void> {
    await this.accountEmails.requestVerification(body.email);
  }

  @Public()
  @IpRateLimit('login')
  @Post('verify')
  @HttpCode(204)
  @ApiRoute({
    summary: 'Confirm an email address with the token of the mailed link',
    noContent: 'Verified',
    errors: [400, 422],
  })
  async verify(@Body() body: OneTimeTokenDto): Promise<void> {
    await this.accountEmails.verify(body.token);
  }

  @Public()
  @RateLimit({ action: 'mail', account: bodyEmail })
  @Post('forgot-password')
  @HttpCode(202)
  @ApiRoute({
    summary: 'Mail a password-reset link',
    accepted: 'Accepted, whether or not such an account exists',
    errors: [422],
  })
  async forgotPassword(@Body() body: AccountEmailDto): Promise<void> {
    await this.accountEmails.forgotPassword(body.email);
  }

  @Public()
  @IpRateLimit('login')
  @Post('reset-password')
  @HttpCode(204)
  @ApiRoute({
    summary: 'Choose a new password with the token of the mailed link; signs out everywhere',
    noContent: 'Password changed',
    errors: [400, 422],
  })
  async resetPassword(@Body() body: ResetPasswordDto): Promise<void> {
    await this.accountEmails.resetPassword(body.token, body.password);
  }
}
