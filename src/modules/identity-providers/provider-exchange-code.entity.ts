import { Column, Entity } from 'typeorm';
import { SingleUseSecretEntity } from '../accounts/secret-token.entity';

/**
 * The one-time code the callback hands the web app in its redirect, in place of a token: the app trades
 * it for the user's token by POST, from the same browser. Only its SHA-256 is stored (`tokenHash`); it
 * lives a minute and works once.
 */
@Entity()
export class ProviderExchangeCode extends SingleUseSecretEntity {
  /** The SHA-256 of the `folio_oauth` cookie of the browser that signed in: only it can trade the code. */
  @Column({ type: 'char', length: 64 })
  browserHash: string;
}
