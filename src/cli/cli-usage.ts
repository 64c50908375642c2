/** `npm run cli -- --help`. */
export const USAGE = `Usage: npm run cli -- create-superuser --email <email> --username <name> [--password <pw>]
  Without --password, the password is read from the SUPERUSER_PASSWORD variable.
  Makes an administrator; an existing account with that email is promoted (and activated), keeping
  its username and password, if it has verified its address: an unverified one may be anyone's.
       npm run cli -- set-password --email <email> [--password <pw>]
  Without --password, the password is read from the NEW_PASSWORD variable. Sets the account's password
  (for an administrator locked out with no mail to reset it by), spends its reset links and signs it
  out everywhere.
       npm run cli -- recount
  Rebuilds the article counters (lists' counts, tags in use) from the articles; safe while Folio runs.
       npm run cli -- import-ghost <export.json> [--ghost-url <old site>] [--author <username>]
                                [--images <folder> | --fetch-images] [--dry-run]
  Brings a Ghost export's posts in as articles and its pages as pages: slugs, dates, tags and authors
  (by email; the others to --author) kept, HTML as markdown. --images copies the old site's images into the media library
  from Ghost's content/images folder, --fetch-images from the old site (both need --ghost-url).
  --dry-run says what it would do and writes nothing.
       npm run cli -- export-ghost <export.json | ->
  Writes the blog's articles, pages, tags, categories and their writers as a Ghost export: Ghost's
  Labs → Import reads it, and import-ghost here (another Folio). - writes it to standard output.
       npm run cli -- import-subscribers <list.csv> [--dry-run]
  Adds a list's addresses as newsletter subscribers, without a confirmation mail (they subscribed on
  the old site): Ghost's members export (subscribed_to_emails false: unsubscribed), Folio's own
  export, or any CSV with an email column. Addresses already here are left as they are.
       npm run cli -- move-site-url --from <old address> [--dry-run]
  After APP_URL changed: points the uploads and links that articles, comments and users' pictures
  hold under the old address (e.g. http://localhost:3000) at APP_URL. Safe while Folio runs.`;

/** What was wrong with the words given, then the usage: exit code 2. */
export function usageError(problem: string): number {
  console.error(`${problem}\n${USAGE}`);
  return 2;
}
