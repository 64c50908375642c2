import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { Follow } from './follow.entity';
import { FollowsRepository } from './follows.repository';
import { ProfilesController } from './profiles.controller';
import { ProfilesService } from './profiles.service';

/**
 * Users as others see them, and who follows whom. Exports ProfilesService, and offers the SQL fragments
 * of profile.sql.ts and the Profile types of profile.types.ts to modules that list authors.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Follow]), AccountsModule],
  controllers: [ProfilesController],
  providers: [FollowsRepository, ProfilesService],
  exports: [ProfilesService],
})
export class ProfilesModule {}
