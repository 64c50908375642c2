/** Who is signed in. A plain reactive object: the site has one piece of global state. */
import { computed, reactive } from 'vue';
import { api, ApiError, getToken, setToken } from './api/client';
import type { User } from './api/types';

interface SessionState {
  user: User | null;
  /** From the user's own record when the API sends it, otherwise probed on the admin route. */
  isSuperuser: boolean;
  ready: boolean;
}

export const session = reactive<SessionState>({ user: null, isSuperuser: false, ready: false });

export const signedIn = computed(() => session.user !== null);

async function learnRole(user: User): Promise<boolean> {
  if (typeof user.isSuperuser === 'boolean') return user.isSuperuser;
  try {
    await api.adminUsers({ limit: 1 });
    return true;
  } catch {
    return false;
  }
}

export async function startSession(user: User): Promise<void> {
  setToken(user.token);
  session.user = user;
  session.isSuperuser = await learnRole(user);
}

/** Restores the session from the stored token; a revoked or expired token signs the reader out. */
export async function restoreSession(): Promise<void> {
  if (getToken()) {
    try {
      const user = await api.currentUser();
      session.user = { ...user, token: user.token || getToken() || '' };
      session.isSuperuser = await learnRole(user);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) setToken(null);
      session.user = null;
    }
  }
  session.ready = true;
}

export function updateSessionUser(user: User): void {
  if (user.token) setToken(user.token);
  session.user = { ...user, token: user.token || getToken() || '' };
}

/** Revokes the token on the server (best effort: a dead token is signed out all the same). */
export async function endSession(everywhere = false): Promise<void> {
  try {
    await (everywhere ? api.logoutAll() : api.logout());
  } finally {
    setToken(null);
    session.user = null;
    session.isSuperuser = false;
  }
}

export function forgetSession(): void {
  setToken(null);
  session.user = null;
  session.isSuperuser = false;
}
