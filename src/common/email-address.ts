/**
 * An email as Folio keeps and finds it, however it came in (a form, a CLI option, a setting, an
 * identity provider, a file): without the white space around it, which phone keyboards and autofill
 * add, and in Unicode's composed form (NFC), so `jürgen@` typed with a combining diaeresis is the
 * `jürgen@` of other keyboards. Checked as an address after this, never before.
 */
export const normalizedEmail = (email: string): string => email.trim().normalize('NFC');
