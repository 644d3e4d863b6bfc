// A category's field definitions (stored in keyperson_categories.fields) turned into a zod schema at write time,
// and a record's values split into plain attributes and sensitive facts (sealed at rest). Pure.
import { z } from 'zod';

export const FIELD_TYPES = ['text', 'date', 'int', 'enum', 'bool'] as const;
export const FieldDef = z.object({
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/),
  label: z.string().min(1).max(40),
  type: z.enum(FIELD_TYPES),
  options: z.array(z.string().min(1).max(40)).max(50).optional(),
  min: z.number().int().optional(),
  max: z.number().int().optional(),
  required: z.boolean().optional(),
  sensitive: z.boolean().optional(),
}).refine((f) => f.type !== 'enum' || (f.options?.length ?? 0) > 0, { message: 'an enum field needs options', path: ['options'] });
export type FieldDef = z.infer<typeof FieldDef>;
export const FieldDefs = z.array(FieldDef).max(40).refine((fs) => new Set(fs.map((f) => f.key)).size === fs.length, { message: 'field keys must be unique' });

export const RISKS = ['green', 'yellow', 'red'] as const;
export type Risk = (typeof RISKS)[number];
export const VisitDays = z.object({ green: z.number().int().min(1).max(365), yellow: z.number().int().min(1).max(365), red: z.number().int().min(1).max(365) });

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

function fieldSchema(f: FieldDef): z.ZodType {
  switch (f.type) {
    case 'text':
      return z.string().trim().min(1).max(500);
    case 'date':
      return z.string().refine(isDate, { message: '应为日期 YYYY-MM-DD' });
    case 'int': {
      let s = z.number().int();
      if (f.min !== undefined) s = s.min(f.min);
      if (f.max !== undefined) s = s.max(f.max);
      return z.union([s, z.string().regex(/^-?\d+$/).transform(Number).pipe(s)]);
    }
    case 'enum':
      return z.enum(f.options as [string, ...string[]]);
    case 'bool':
      return z.boolean();
  }
}

/** The zod schema for a category's values: known keys only, required ones present. */
export function valuesSchema(defs: FieldDef[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const f of defs) shape[f.key] = f.required ? fieldSchema(f) : fieldSchema(f).optional().nullable();
  return z.strictObject(shape);
}

/** Validate and split: { attributes (plain), facts (to seal) } or the problems as {column, message}. */
export function checkValues(defs: FieldDef[], input: unknown):
  | { ok: true; attributes: Record<string, unknown>; facts: Record<string, unknown> }
  | { ok: false; errors: { column: string; message: string }[] } {
  const r = valuesSchema(defs).safeParse(input ?? {});
  if (!r.success)
    return { ok: false, errors: r.error.issues.map((i) => ({ column: ['fields', ...i.path.map(String)].join('.') + (i.code === 'unrecognized_keys' ? `.${(i as { keys: string[] }).keys.join(',')}` : ''), message: i.message })) };
  const attributes: Record<string, unknown> = {};
  const facts: Record<string, unknown> = {};
  for (const f of defs) {
    const v = (r.data as Record<string, unknown>)[f.key];
    if (v === undefined || v === null) continue;
    (f.sensitive ? facts : attributes)[f.key] = v;
  }
  return { ok: true, attributes, facts };
}

/** Next visit due: the last visit (or the day of registration) plus the frequency for the risk level. */
export function nextDue(lastVisitOrStart: string, visitDays: Record<string, number>, risk: Risk): string {
  const days = visitDays[risk] ?? 30;
  const d = new Date(`${lastVisitOrStart}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Days from a to b (dates). */
export const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** A missed visit's colour: red for a red-risk person or when a whole further period has passed; yellow otherwise. */
export function overdueKind(nextDueOn: string, today: string, risk: Risk, visitDays: Record<string, number>): 'yellow' | 'red' | null {
  const late = daysBetween(nextDueOn, today);
  if (late <= 0) return null;
  return risk === 'red' || late >= (visitDays[risk] ?? 30) ? 'red' : 'yellow';
}
