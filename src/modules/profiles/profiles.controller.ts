import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import type { AuthUser } from '../accounts/auth-user.types';
import { CurrentUser } from '../accounts/current-user.decorator';
import { Profile } from './profile.types';
import { ProfilesService } from './profiles.service';
import { Public } from '../accounts/public.decorator';
import { WriteRateLimit } from '../../common/rate-limit/rate-limit.decorator';

@Controller('profiles/:username')
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Public()
  @Get()
  async get(
    @Param('username') username: string,
    @CurrentUser() reader: AuthUser | undefined,
  ): Promise<{ profile: Profile }> {
    return { profile: await this.profiles.getProfile(username, reader?.id) };
  }

  @WriteRateLimit()
  @Post('follow')
  @HttpCode(200)
  async follow(
    @Param('username') username: string,
    @CurrentUser() reader: AuthUser,
  ): Promise<{ profile: Profile }> {
    return { profile: await this.profiles.follow(reader.id, username) };
  }

  @WriteRateLimit()
  @Delete('follow')
  async unfollow(
    @Param('username') username: string,
    @CurrentUser() reader: AuthUser,
  ): Promise<{ profile: Profile }> {
    return { profile: await this.profiles.unfollow(reader.id, username) };
  }
}
