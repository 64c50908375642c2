import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../../common/id.pipe';
import { ApiErrors, ApiToken } from '../../docs/api-errors.decorator';
import type { AuthUser } from '../accounts/auth-user.types';
import { CurrentUser } from '../accounts/current-user.decorator';
import { SuperuserOnly } from '../accounts/superuser.decorator';
import { AdminUsersService } from './admin-users.service';
import {
  AdminUserResponseDto,
  AdminUsersResponseDto,
  ListUsersQuery,
  PatchUserDto,
} from './dto/admin-user.dto';

const userIdPipe = new IdPipe('user');

@ApiTags('admin')
@ApiToken()
@ApiErrors(403)
@SuperuserOnly()
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly admin: AdminUsersService) {}

  @Get()
  @ApiOperation({
    summary: 'Users, newest first, filtered by email, username and flags (superusers)',
  })
  @ApiOkResponse({ type: AdminUsersResponseDto })
  @ApiErrors(422)
  list(@Query() query: ListUsersQuery): Promise<AdminUsersResponseDto> {
    return this.admin.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user with their flags and dates (superusers)' })
  @ApiOkResponse({ type: AdminUserResponseDto })
  @ApiErrors(404)
  async get(@Param('id', userIdPipe) userId: number): Promise<AdminUserResponseDto> {
    return { user: await this.admin.get(userId) };
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Activate, deactivate, verify, grant or drop superuser; not on yourself (superusers)',
  })
  @ApiOkResponse({ type: AdminUserResponseDto })
  @ApiErrors(404, 409, 422)
  async update(
    @CurrentUser() actor: AuthUser,
    @Param('id', userIdPipe) userId: number,
    @Body() body: PatchUserDto,
  ): Promise<AdminUserResponseDto> {
    return { user: await this.admin.update(actor.id, userId, body.user) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user and everything they wrote; not yourself (superusers)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(404, 409)
  async remove(
    @CurrentUser() actor: AuthUser,
    @Param('id', userIdPipe) userId: number,
  ): Promise<void> {
    await this.admin.remove(actor.id, userId);
  }
}
