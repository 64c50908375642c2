/** What subscribers learn of a new account: who, never how to reach them (they ask AccountsService). */
export interface UserRegisteredEvent {
  userId: number;
  username: string;
}

declare module '../../../libs/events/domain-events' {
  interface DomainEventMap {
    'user.registered': UserRegisteredEvent;
  }
}
