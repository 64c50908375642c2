import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Query } from '@nestjs/common';
import { IdPipe } from '../../common/id.pipe';
import { AdminUsersService } from './admin-users.service';
import type { AuthUser } from '../accounts/auth-user.types';
import { CurrentUser } from '../accounts/current-user.decorator';
import { AdminUserView, ListUsersQuery, PatchUserDto } from './dto/admin-user.dto';
import { SuperuserOnly } from '../accounts/superuser.decorator';

const userIdPipe = new IdPipe('user');

@SuperuserOnly()
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly admin: AdminUsersService) {}

  @Get()
  list(@Query() query: ListUsersQuery): Promise<{ users: AdminUserView[]; usersCount: number }> {
    return this.admin.list(query);
  }

  @Get(':id')
  async get(@Param('id', userIdPipe) userId: number): Promise<{ user: AdminUserView }> {
    return { user: await this.admin.get(userId) };
  }

  @Patch(':id')
  async update(
    @CurrentUser() actor: AuthUser,
    @Param('id', userIdPipe) userId: number,
    @Body() body: PatchUserDto,
  ): Promise<{ user: AdminUserView }> {
    return { user: await this.admin.update(actor.id, userId, body.user) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(
    @CurrentUser() actor: AuthUser,
    @Param('id', userIdPipe) userId: number,
  ): Promise<void> {
    await this.admin.remove(actor.id, userId);
  }
}
