// Who is acting. Every use case receives an Actor and checks it here, never in the HTTP layer.
import type { UserKind } from '../store/schema.js';
import { forbidden, AppError } from '../domain/errors.js';
import type { MembershipRef, Role } from '../domain/org.js';

export interface RequestMeta {
  ip: string | null;
  requestId: string | null;
}

export interface UserActor extends RequestMeta {
  kind: 'user';
  userId: number;
  username: string;
  fullName: string;
  userKind: UserKind;
  memberships: MembershipRef[];
  via: 'session' | 'token';
}

export interface AnonymousActor extends RequestMeta {
  kind: 'anonymous';
}

/** Command-line tools and background jobs act as the system, and are audited as such. */
export interface SystemActor extends RequestMeta {
  kind: 'system';
  label: string;
}

export type Actor = UserActor | AnonymousActor | SystemActor;

export const systemActor = (label: string): SystemActor => ({ kind: 'system', label, ip: null, requestId: null });

export function actorLabel(a: Actor): string {
  if (a.kind === 'user') return a.username;
  if (a.kind === 'system') return `system:${a.label}`;
  return 'anonymous';
}

export function requireUser(a: Actor): UserActor {
  if (a.kind !== 'user')
    throw new AppError('unauthenticated', 'unauthenticated', { vi: 'Bạn cần đăng nhập', en: 'You must sign in' });
  return a;
}

export function requireStaff(a: Actor): UserActor {
  const u = requireUser(a);
  if (u.userKind !== 'staff') throw forbidden();
  return u;
}

export function rolesOf(a: Actor): Set<Role> {
  return new Set(a.kind === 'user' ? a.memberships.map((m) => m.role) : []);
}
