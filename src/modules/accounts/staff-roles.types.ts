/**
 * Staff roles, weakest first: each may do what the one before it may, and more (docs/roles.md).
 * A user with no staff role (null) is a reader: they read, comment and favorite, and write their own
 * articles when the site is open to every writer (ARTICLE_WRITERS=open).
 */
export const STAFF_ROLES = ['contributor', 'author', 'editor', 'administrator'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
/** A user's role: a staff role, or null for a reader. */
export type Role = StaffRole | null;

/** Whether `role` is `minimum` or a stronger role; a reader (null) has none. */
export function hasRole(role: Role, minimum: StaffRole): boolean {
  return role !== null && STAFF_ROLES.indexOf(role) >= STAFF_ROLES.indexOf(minimum);
}

/** The roles `minimum` and stronger, as a refusal names them: "an editor or administrator". */
export function rolesFrom(minimum: StaffRole): string {
  const names = STAFF_ROLES.slice(STAFF_ROLES.indexOf(minimum));
  const article = /^[aeiou]/.test(names[0]) ? 'an' : 'a';
  return `${article} ${names.join(' or ')}`;
}
