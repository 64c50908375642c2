/** A mail as its sender writes it; the mail module adds the sender address. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface SentMail extends Mail {
  from: string;
  sentAt: string;
}
