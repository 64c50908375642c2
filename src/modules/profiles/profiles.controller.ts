import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { WriteRateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { ApiOptionalToken, ApiToken } from '../../docs/api-errors.decorator';
import { ApiRoute } from '../../docs/api-route.decorator';
import type { AuthUser } from '../accounts/auth-user.types';
import { CurrentUser } from '../accounts/current-user.decorator';
import { Public } from '../accounts/public.decorator';
import { ProfileResponseDto } from './dto/profile-response.dto';
import { ProfilesService } from './profiles.service';

@ApiTags('profiles')
@Controller('profiles/:username')
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Public()
  @ApiOptionalToken()
  @Get()
  @ApiRoute({
    summary: 'A profile (username in any case), and whether you follow them',
    ok: ProfileResponseDto,
    errors: [404],
  })
  async get(
    @Param('username') username: string,
    @CurrentUser() reader: AuthUser | undefined,
  ): Promise<ProfileResponseDto> {
    return { profile: await this.profiles.getProfile(username, reader?.id) };
  }

  @WriteRateLimit()
  @Post('follow')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Follow a user (following twice is one follow)',
    ok: ProfileResponseDto,
    errors: [404, 422],
  })
  @ApiToken()
  async follow(
    @Param('username') username: string,
    @CurrentUser() reader: AuthUser,
  ): Promise<ProfileResponseDto> {
    return { profile: await this.profiles.follow(reader.id, username) };
  }

  @WriteRateLimit()
  @Delete('follow')
  @ApiRoute({ summary: 'Unfollow a user', ok: ProfileResponseDto, errors: [404] })
  @ApiToken()
  async unfollow(
    @Param('username') username: string,
    @CurrentUser() reader: AuthUser,
  ): Promise<ProfileResponseDto> {
    return { profile: await this.profiles.unfollow(reader.id, username) };
  }
}
