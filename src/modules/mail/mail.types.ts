/** A mail as its sender writes it; the mail module adds the sender address. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers (a newsletter's List-Unsubscribe). */
  headers?: Record<string, string>;
}

export interface SentMail extends Mail {
  from: string;
  sentAt: string;
}
