import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { AdminJobsController } from './admin-jobs.controller';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';

/**
 * Administration for administrators: users (/api/admin/users, on the accounts module's AccountsService) and
 * the background job queues (/api/admin/jobs).
 */
@Module({
  imports: [AccountsModule],
  controllers: [AdminUsersController, AdminJobsController],
  providers: [AdminUsersService],
})
export class AdminModule {}
