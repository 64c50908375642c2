import { StartupError } from '../libs/database/startup-error';

/** One clear line for the ways opening the HTTP listener commonly fails; undefined for anything else. */
export function describeListenError(
  error: unknown,
  host: string,
  port: number,
): StartupError | undefined {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EADDRINUSE':
      return new StartupError(
        `the HTTP port ${port} on ${host} is in use by another program; stop it or set PORT`,
      );
    case 'EACCES':
      return new StartupError(
        `not allowed to listen on port ${port} (ports below 1024 need privileges); set PORT`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(
        `HOST "${host}" is not a name this machine can resolve; ` +
          'set HOST to an address of this machine (127.0.0.1, or 0.0.0.0 for every interface)',
      );
    case 'EADDRNOTAVAIL':
      return new StartupError(
        `HOST "${host}" is not an address of this machine; ` +
          'set HOST to one of its addresses (127.0.0.1, or 0.0.0.0 for every interface)',
      );
  }
  return undefined;
}
