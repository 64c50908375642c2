/** Who is signed in. A plain reactive object: the site has one piece of global state. */
import { computed, reactive } from 'vue';
import { api } from './api/client';
import { ApiError, getToken, setToken } from './api/http';
import type { User } from './api/types';

interface SessionState {
  user: User | null;
  /** The staff role, from the user's own record: the site never probes an admin route to find out. */
  role: User['role'];
  /** An administrator: users, webhooks, jobs. */
  isSuperuser: boolean;
  ready: boolean;
  /** The stored token no longer worked (signed out elsewhere, a reset, a deactivation): said once. */
  ended: boolean;
}

export const session = reactive<SessionState>({
  user: null,
  role: null,
  isSuperuser: false,
  ready: false,
  ended: false,
});

export const signedIn = computed(() => session.user !== null);
/** Editors and administrators: categories, moderation, anyone's articles and comments. */
export const isEditor = computed(
  () => session.role === 'editor' || session.role === 'administrator',
);
/** A contributor saves drafts; an editor publishes them. */
export const mayPublish = computed(() => session.role !== 'contributor');

/** Every answer that carries the current user (login, sign-up, GET and PUT /user) goes through here. */
function keep(user: User): void {
  session.user = { ...user, token: user.token || getToken() || '' };
  session.role = user.role ?? null;
  session.isSuperuser = user.role === 'administrator';
}

export function startSession(user: User): void {
  setToken(user.token);
  keep(user);
}

/** Restores the session from the stored token; a revoked or expired token signs the reader out. */
export async function restoreSession(): Promise<void> {
  if (getToken()) {
    try {
      keep(await api.currentUser());
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        setToken(null);
        session.ended = true;
      }
      clearUser();
    }
  } else {
    // Signed out (in another tab, for one).
    clearUser();
  }
  session.ready = true;
}

export function updateSessionUser(user: User): void {
  if (user.token) setToken(user.token);
  keep(user);
}

/** Revokes the token on the server (best effort: a dead token is signed out all the same). */
export async function endSession(everywhere = false): Promise<void> {
  try {
    await (everywhere ? api.logoutAll() : api.logout());
  } finally {
    setToken(null);
    clearUser();
  }
}

export function forgetSession(): void {
  setToken(null);
  clearUser();
}

function clearUser(): void {
  session.user = null;
  session.role = null;
  session.isSuperuser = false;
}
