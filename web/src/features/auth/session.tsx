// Who is logged in, and the server settings the app needs (GET /api/meta). One provider for both.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, get, onUnauthenticated, post } from '../../api';

export interface Assignment {
  id: number;
  role: string;
  roleName: string;
  regionId: number | null;
  regionCode: string | null;
  regionName: string | null;
  unitId: number | null;
  unitName: string | null;
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: string;
  roleId?: number;
  roleName: string;
  roles: string[];
  regionId: number | null;
  regionCode?: string | null;
  assignments?: Assignment[];
  permissions: string[];
  mustChangePassword: boolean;
  totpEnabled?: boolean;
  /** why the account may only look after itself right now */
  restricted?: null | 'password_change' | 'totp_setup';
}

export interface LevelInfo {
  level: string;
  zh: string;
  en: string;
  codeLength: number;
}

export interface Meta {
  version: string;
  demo: boolean;
  database: string;
  mapTileUrl: string | null;
  levels: LevelInfo[];
}

interface Session {
  /** undefined while the first check runs, null when nobody is logged in */
  user: User | null | undefined;
  meta: Meta | null;
  login: (username: string, password: string, otp?: string) => Promise<User>;
  logout: () => Promise<void>;
  switchRole: (roleId: number) => Promise<User>;
  refresh: () => Promise<void>;
  can: (permission: string) => boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [meta, setMeta] = useState<Meta | null>(null);

  useEffect(() => {
    get<Meta>('/api/meta').then(setMeta, () => setMeta(null));
    api<{ user: User }>('/api/auth/me', { quiet401: true }).then(
      (r) => setUser(r.user),
      () => setUser(null), // 401: nobody logged in; anything else: the login page says what is wrong

    );
    return onUnauthenticated(() => setUser(null));
  }, []);

  const login = useCallback(async (username: string, password: string, otp?: string) => {
    const r = await api<{ user: User }>('/api/auth/login', { method: 'POST', body: { username, password, ...(otp ? { otp } : {}) }, quiet401: true });
    setUser(r.user);
    return r.user;
  }, []);

  const switchRole = useCallback(async (roleId: number) => {
    const r = await post<{ user: User }>('/api/auth/role', { roleId });
    setUser(r.user);
    return r.user;
  }, []);

  const refresh = useCallback(async () => {
    const r = await api<{ user: User }>('/api/auth/me', { quiet401: true }).catch(() => null);
    setUser(r ? r.user : null);
  }, []);

  const logout = useCallback(async () => {
    try {
      await post('/api/auth/logout');
    } finally {
      setUser(null);
    }
  }, []);

  const value = useMemo<Session>(
    () => ({ user, meta, login, logout, switchRole, refresh, can: (p) => Boolean(user?.permissions.includes(p)) }),
    [user, meta, login, logout, switchRole, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The user, for pages behind RequireAuth (which guarantees one). */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a logged-in user');
  return user;
}
