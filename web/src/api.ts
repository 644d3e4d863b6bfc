// One fetch wrapper: JSON in and out, the session cookie rides along, errors become ApiError.
// The server answers errors as { code, message, details } with the message in the asked language.
import { currentLang } from './i18n';

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called when any request (other than the session check itself) answers 401: the session ended. */
export function onUnauthenticated(l: Listener): () => void {
  unauthenticatedListeners.add(l);
  return () => unauthenticatedListeners.delete(l);
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  /** do not announce a 401 (the login and "who am I" calls expect it) */
  quiet401?: boolean;
  signal?: AbortSignal;
  /** extra request headers (e.g. Idempotency-Key) */
  headers?: Record<string, string>;
}

export async function api<T>(path: string, o: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': currentLang() === 'en' ? 'en' : 'zh-CN', ...o.headers };
  let body: BodyInit | undefined;
  if (o.body instanceof FormData) body = o.body;
  else if (o.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method: o.method ?? (body ? 'POST' : 'GET'), headers, body, credentials: 'same-origin', signal: o.signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', currentLang() === 'en' ? 'Cannot reach the server' : '无法连接服务器，请检查网络');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = text;
    }
  }
  if (!res.ok) {
    const err = (data && typeof data === 'object' ? data : {}) as { code?: string; message?: string; details?: unknown };
    if (res.status === 401 && !o.quiet401) unauthenticatedListeners.forEach((l) => l());
    throw new ApiError(res.status, err.code ?? `HTTP_${res.status}`, err.message ?? `${res.status} ${res.statusText}`, err.details);
  }
  return data as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => api<T>(path, { signal });
export const post = <T>(path: string, body?: unknown) => api<T>(path, { method: 'POST', body: body ?? {} });
export const patch = <T>(path: string, body: unknown) => api<T>(path, { method: 'PATCH', body });

/** Field problems from a VALIDATION error's details, as "path: message" lines. */
export function fieldProblems(e: unknown): string[] {
  if (!(e instanceof ApiError)) return [];
  const d = e.details as { fields?: { path: string; message: string }[] } | undefined;
  return Array.isArray(d?.fields) ? d.fields.map((f) => `${f.path}: ${f.message}`) : [];
}

/** `a=1&b=x` from the defined, non-empty values. */
export const queryString = (o: Record<string, string | number | undefined | null>) =>
  Object.entries(o)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

export const errorMessage = (e: unknown) => (e instanceof Error ? e.message : String(e));
