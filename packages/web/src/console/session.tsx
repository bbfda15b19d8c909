/** Who is signed in, and what they may do; pages ask `can('org.manage')` rather than checking roles. */

import { createContext, useContext } from 'react';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  locale: string;
  mfaOk: boolean;
  mfaEnrolmentRequired: boolean;
  permissions: string[];
  grants: { role: string; orgUnitId: string }[];
}

export interface Session {
  me: Me;
  can(permission: string): boolean;
  refresh(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in page');
  return s;
}
