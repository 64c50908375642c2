import { Global, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { DomainEvents } from './domain-events';

/** The event seam between feature modules: publishers inject DomainEvents, subscribers use @OnDomainEvent. */
@Global()
@Module({
  imports: [EventEmitterModule.forRoot({ wildcard: false, ignoreErrors: true })],
  providers: [DomainEvents],
  exports: [DomainEvents],
})
export class DomainEventsModule {}
