// Who is logged in, and the server settings the app needs (GET /api/meta). One provider for both.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, get, onUnauthenticated, post } from '../../api';

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: string;
  roleName: string;
  roles: string[];
  regionId: number | null;
  permissions: string[];
  mustChangePassword: boolean;
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
  login: (username: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
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

  const login = useCallback(async (username: string, password: string) => {
    const r = await api<{ user: User }>('/api/auth/login', { method: 'POST', body: { username, password }, quiet401: true });
    setUser(r.user);
    return r.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await post('/api/auth/logout');
    } finally {
      setUser(null);
    }
  }, []);

  const value = useMemo<Session>(
    () => ({ user, meta, login, logout, can: (p) => Boolean(user?.permissions.includes(p)) }),
    [user, meta, login, logout],
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
