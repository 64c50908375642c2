import { Body, Controller, Get, HttpCode, Post, Put, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiToken } from '../../docs/api-errors.decorator';
import { ApiRoute } from '../../docs/api-route.decorator';
import { AllowUnverified } from './allow-unverified.decorator';
import { AuthenticatedRequest } from './authenticated-request';
import { LoginUserDto } from './dto/login-user.dto';
import { RegisterUserDto } from './dto/register-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserResponse } from './dto/user-response.dto';
import { Public } from './public.decorator';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { RateLimitedRequest } from '../../common/rate-limit/rate-limit-options';
import { UsersService } from './users.service';

const userEmail = ({ body }: RateLimitedRequest) =>
  (body as { user?: { email?: unknown } } | undefined)?.user?.email;

/** RealWorld's accounts: register, log in, read and change the current user. */
@ApiTags('users')
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Public()
  @RateLimit({ action: 'register', account: userEmail })
  @Post('users')
  @HttpCode(201)
  @ApiRoute({
    summary: 'Register; mails a verification link. 403 when sign-ups are by invitation (SIGNUPS)',
    created: UserResponse,
    errors: [403, 409, 422],
  })
  async register(@Body() body: RegisterUserDto): Promise<UserResponse> {
    return { user: await this.users.register(body.user) };
  }

  @Public()
  @RateLimit({ action: 'login', account: userEmail })
  @Post('users/login')
  @HttpCode(200)
  @ApiRoute({ summary: 'Log in; a new token', ok: UserResponse, errors: [401, 422] })
  async login(@Body() body: LoginUserDto): Promise<UserResponse> {
    return { user: await this.users.login(body.user.email, body.user.password) };
  }

  @Get('user')
  @ApiRoute({ summary: 'The current user', ok: UserResponse })
  @ApiToken()
  async current(@Req() request: AuthenticatedRequest): Promise<UserResponse> {
    const { user, token } = authenticated(request);
    return { user: await this.users.current(user.id, token) };
  }

  @AllowUnverified()
  @Put('user')
  @ApiRoute({ summary: 'Change the current user', ok: UserResponse, errors: [409, 422] })
  @ApiToken()
  async update(
    @Req() request: AuthenticatedRequest,
    @Body() body: UpdateUserDto,
  ): Promise<UserResponse> {
    const { user, token, tokenId } = authenticated(request);
    return { user: await this.users.update(user.id, tokenId, token, body.user) };
  }
}

/** The guard has run on these routes: the user and token are there. */
export function authenticated(request: AuthenticatedRequest) {
  const { authUser, authToken, authTokenId } = request;
  if (!authUser || authToken === undefined || authTokenId === undefined) {
    throw new Error('Route reached without authentication: is it marked @Public() by mistake?');
  }
  return { user: authUser, token: authToken, tokenId: authTokenId };
}
