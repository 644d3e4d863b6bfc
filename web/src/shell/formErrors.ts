// Puts a VALIDATION/CONFLICT error's field problems on the form's fields. The server names fields by path
// ("idNumber", "body.idNumber", "roles.0.unitId"); a single field gets the localized top-level message.
import type { FormInstance } from 'antd';
import { ApiError } from '../api';

type NamePath = (string | number)[];

/** Returns the fields it marked; the caller shows the error above the form when none matched. */
export function applyFieldErrors(form: FormInstance, e: unknown, known: string[]): string[] {
  if (!(e instanceof ApiError)) return [];
  const fields = (e.details as { fields?: { path: string; message: string }[] } | undefined)?.fields;
  if (!Array.isArray(fields)) return [];
  const parsed = fields
    .map((f) => ({ name: f.path.replace(/^body\./, '').split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) as NamePath, message: f.message }))
    .filter((f) => known.includes(String(f.name[0])));
  if (!parsed.length) return [];
  form.setFields(parsed.map((f) => ({ name: f.name, errors: [parsed.length === 1 ? e.message : f.message] })));
  return parsed.map((f) => f.name.join('.'));
}

/** The form's values when its own rules pass, else null (the fields show why); never a rejected promise. */
export async function validValues<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}
