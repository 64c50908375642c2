/** What subscribers learn of a new account: who, never how to reach them (they ask AccountsService). */
export interface UserRegisteredEvent {
  userId: number;
  username: string;
}

/**
 * Every token of the user was revoked (but the one that asked, after a password change): signing out
 * everywhere, a new password, a reset, a deactivation. Subscribers run in the revoking transaction, so
 * whatever could still sign the user in elsewhere (a pending provider sign-in) goes with the tokens.
 */
export interface UserSessionsRevokedEvent {
  userId: number;
}

/**
 * An administrator deactivated or reactivated the account. Subscribers run in the changing transaction,
 * after the change is written (and whatever the database does with it: posts withholds the author's
 * published articles).
 */
export interface UserActivationEvent {
  userId: number;
}

declare module '../../../libs/events/domain-events' {
  interface DomainEventMap {
    'user.registered': UserRegisteredEvent;
    'user.sessions_revoked': UserSessionsRevokedEvent;
    'user.deactivated': UserActivationEvent;
    'user.reactivated': UserActivationEvent;
  }
}
