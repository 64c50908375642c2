/** A failure to start that one line explains; main prints the message alone, with no stack trace. */
export class StartupError extends Error {}
