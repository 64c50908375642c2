import { Body, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { IdPipe } from '../../common/id.pipe';
import { ApiRoute } from '../../docs/api-route.decorator';
import type { AuthUser } from '../accounts/auth-user.types';
import { CurrentUser } from '../accounts/current-user.decorator';
import { AdminController } from '../accounts/roles.decorator';
import { AdminUsersService } from './admin-users.service';
import {
  AdminUserResponseDto,
  AdminUsersResponseDto,
  ListUsersQuery,
  InviteUserDto,
  PatchUserDto,
} from './dto/admin-user.dto';

const userIdPipe = new IdPipe('user');

@AdminController('users')
export class AdminUsersController {
  constructor(private readonly admin: AdminUsersService) {}

  @Get()
  @ApiRoute({
    summary: 'Users, newest first, filtered by email, username and flags (administrators)',
    ok: AdminUsersResponseDto,
    errors: [422],
  })
  list(@Query() query: ListUsersQuery): Promise<AdminUsersResponseDto> {
    return this.admin.list(query);
  }

  @Get(':id')
  @ApiRoute({
    summary: 'One user with their flags, role and dates (administrators)',
    ok: AdminUserResponseDto,
    errors: [404],
  })
  async get(@Param('id', userIdPipe) userId: number): Promise<AdminUserResponseDto> {
    return { user: await this.admin.get(userId) };
  }

  @Post()
  @HttpCode(201)
  @ApiRoute({
    summary:
      'Invite a person: an account with the role and no password, and a mailed link to choose one, valid 7 days (administrators)',
    created: AdminUserResponseDto,
    errors: [409, 422],
  })
  async invite(@Body() body: InviteUserDto): Promise<AdminUserResponseDto> {
    return { user: await this.admin.invite(body.user) };
  }

  @Post(':id/invitation')
  @HttpCode(200)
  @ApiRoute({
    summary:
      'Mail the invitation again, with a new link (the earlier ones stop working); 409 once a password was chosen (administrators)',
    ok: AdminUserResponseDto,
    errors: [404, 409],
  })
  async resendInvitation(@Param('id', userIdPipe) userId: number): Promise<AdminUserResponseDto> {
    return { user: await this.admin.resendInvitation(userId) };
  }

  @Patch(':id')
  @ApiRoute({
    summary:
      'Activate, deactivate, verify, or set the role; never the last administrator (administrators)',
    ok: AdminUserResponseDto,
    errors: [404, 409, 422],
  })
  async update(
    @CurrentUser() actor: AuthUser,
    @Param('id', userIdPipe) userId: number,
    @Body() body: PatchUserDto,
  ): Promise<AdminUserResponseDto> {
    return { user: await this.admin.update(actor.id, userId, body.user) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiRoute({
    summary: 'Delete a user and everything they wrote; not yourself (administrators)',
    noContent: 'Deleted',
    errors: [404, 409],
  })
  async remove(
    @CurrentUser() actor: AuthUser,
    @Param('id', userIdPipe) userId: number,
  ): Promise<void> {
    await this.admin.remove(actor.id, userId);
  }
}
