// The phone app signs in with a device token (long-lived, revocable, narrow permissions), kept on the
// device, so a long offline stretch does not lose the sign-in. Every mobile call sends it as a Bearer token.
const TOKEN = 'fq.device.token';
const CONTEXT = 'fq.mobile.context';
const PHONE = 'fq.mobile.phone';

export interface MobileContext {
  user: { id: number; displayName: string; role: string; roleName: string };
  grids: { code: string; name: string }[];
  checklists: { id: number; code: string; name: string; items: { key: string; text: string }[] }[];
  day: string;
}

export const deviceToken = () => localStorage.getItem(TOKEN);
/** Signing the phone out also forgets the cached key-person list (masked, but still about people). */
export const setDeviceToken = (t: string | null) => {
  if (t) return localStorage.setItem(TOKEN, t);
  localStorage.removeItem(TOKEN);
  localStorage.removeItem('fq.mobile.keypersons');
};
export const cachedContext = (): MobileContext | null => {
  try {
    return JSON.parse(localStorage.getItem(CONTEXT) ?? 'null');
  } catch {
    return null;
  }
};
export const saveContext = (c: MobileContext) => localStorage.setItem(CONTEXT, JSON.stringify(c));
export const myPhone = () => localStorage.getItem(PHONE) ?? '';
export const setMyPhone = (p: string) => localStorage.setItem(PHONE, p);

export class MobileError extends Error {
  constructor(public status: number, message: string) {
    super(message);
  }
}

/**
 * How long a request may take before it counts as lost (status 0, tried again later with the same
 * Idempotency-Key): a phone on a weak signal, or a request caught as the network comes back, can hang
 * without ever failing, and the queue must not wait on it forever. Uploads get time for their size.
 */
export const timeoutFor = (o: { form?: FormData }) => {
  let bytes = 0;
  o.form?.forEach((v) => (bytes += typeof v === 'string' ? v.length : v.size));
  return 20_000 + Math.ceil(bytes / 50_000) * 1_000; // 20 s, plus 1 s per 50 kB
};

/** A request with the device token; status 0 = no network (or no answer in time). */
export async function mobileFetch(path: string, o: { method?: string; body?: unknown; form?: FormData; key?: string } = {}) {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = deviceToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (o.key) headers['idempotency-key'] = o.key;
  let body: BodyInit | undefined;
  if (o.form) body = o.form;
  else if (o.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.body);
  }
  let res: Response;
  let raw: string;
  try {
    const signal = AbortSignal.timeout(timeoutFor(o));
    res = await fetch(path, { method: o.method ?? (body ? 'POST' : 'GET'), headers, body, credentials: token ? 'omit' : 'same-origin', signal });
    raw = await res.text(); // the answer's body is covered by the same timeout
  } catch (e) {
    throw new MobileError(0, (e as Error).name === 'TimeoutError' ? '网络超时 timed out' : '无网络 offline');
  }
  let data: unknown = {};
  try {
    data = JSON.parse(raw);
  } catch {
    /* not JSON (a proxy's error page): the status says enough */
  }
  if (!res.ok) throw new MobileError(res.status, (data as { message?: string }).message ?? `HTTP ${res.status}`);
  return data;
}
