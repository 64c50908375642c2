import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Query,
} from '@nestjs/common';
import { ApiError } from '../../common/api-exception.filter';
import { AdminUsersService } from './admin-users.service';
import type { AuthUser } from './auth-user';
import { CurrentUser } from './current-user.decorator';
import { AdminUserView, ListUsersQuery, PatchUserDto } from './dto/admin-user.dto';
import { SuperuserOnly } from './superuser.decorator';

/** A path id that is not a positive 32-bit integer names no user. */
const id = () =>
  new ParseIntPipe({ exceptionFactory: () => new ApiError(404, { user: 'not found' }) });

@SuperuserOnly()
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly admin: AdminUsersService) {}

  @Get()
  list(@Query() query: ListUsersQuery): Promise<{ users: AdminUserView[]; usersCount: number }> {
    return this.admin.list(query);
  }

  @Get(':id')
  async get(@Param('id', id()) userId: number): Promise<{ user: AdminUserView }> {
    return { user: await this.admin.get(userId) };
  }

  @Patch(':id')
  async update(
    @CurrentUser() actor: AuthUser,
    @Param('id', id()) userId: number,
    @Body() body: PatchUserDto,
  ): Promise<{ user: AdminUserView }> {
    return { user: await this.admin.update(actor.id, userId, body.user) };
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentUser() actor: AuthUser, @Param('id', id()) userId: number): Promise<void> {
    await this.admin.remove(actor.id, userId);
  }
}
