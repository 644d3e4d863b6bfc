// Housing, units (实有单位) and key persons plug into the import framework through their registers' own
// validateRow (shape, without the database) and insertMany (inside each chunk's transaction, rows tagged with the job). A validated
// row is staged sealed as a whole (it may hold an owner's ID number or a contact phone); at switch-over each
// row goes in under its own savepoint, so a row the register refuses (outside the area, an address that
// already has a house, an unregistered owner…) becomes a row in the report instead of a failed import.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { FieldProblem, RegisterCtx, RowCheck, WriteActor } from '../registers/common.js';
import * as housing from '../housing/housing.service.js';
import * as establishments from '../establishments/establishments.service.js';
import * as keypersons from '../keypersons/keypersons.service.js';
import type { ImportColumn, ImportCtx, RegisterAdapter } from './imports.registers.js';

interface Spec<T> {
  register: string;
  name: string;
  columns: ImportColumn[];
  validateRow(input: Record<string, unknown>): RowCheck<T>;
  insertMany(ctx: ImportCtx, trx: Kysely<DB>, actor: WriteActor, rows: T[]): Promise<unknown>;
}

function adapter<T>(spec: Spec<T>): RegisterAdapter {
  const header = (key: string) => spec.columns.find((c) => c.key === key)?.header ?? key;
  const problems = (errors: FieldProblem[]) => errors.map((e) => ({ column: header(e.column), message: e.message }));
  let cipherOf: ImportCtx['cipher'] | null = null;
  let ctxOf: ImportCtx | null = null;
  return {
    register: spec.register,
    name: spec.name,
    columns: spec.columns,
    checksAtSwitch: true,
    validator(ctx) {
      cipherOf = ctx.cipher;
      ctxOf = ctx;
      return {
        async row(cells) {
          const r = spec.validateRow(cells);
          if (!r.ok) return { ok: false, problems: problems(r.errors) };
          return { ok: true, value: { sealed: ctx.cipher.encrypt(JSON.stringify(r.value)) } };
        },
        existing: async () => new Set(),
      };
    },
    async loadChunk(trx, { jobId, after, limit, user, actor, ctx }) {
      const c = ctx ?? ctxOf!;
      const cipher = cipherOf ?? c.cipher;
      const staged = await trx.selectFrom('importStaging').select(['rowNo', 'data']).where('jobId', '=', jobId).where('rowNo', '>', after).orderBy('rowNo').limit(limit).execute();
      const refused: { row: number; column: string; message: string }[] = [];
      let inserted = 0;
      const inner = c; // the registers take the transaction as an argument and check `q === ctx.db` themselves
      for (const s of staged) {
        const value = JSON.parse(cipher.decrypt((s.data as { sealed: string }).sealed)) as T;
        await sql`savepoint fq_import_row`.execute(trx);
        try {
          await spec.insertMany(inner, trx, { user, audit: actor, importJobId: jobId }, [value]);
          await sql`release savepoint fq_import_row`.execute(trx);
          inserted++;
        } catch (e) {
          await sql`rollback to savepoint fq_import_row`.execute(trx);
          if (!(e instanceof AppError)) throw e;
          const d = e.details as ({ fields?: { path: string }[]; column?: string } & Record<string, unknown>) | undefined;
          const named = Object.keys(d ?? {}).find((k) => spec.columns.some((col) => col.key === k)); // e.g. { gridCode } on a 403
          refused.push({ row: s.rowNo, column: header(d?.fields?.[0]?.path ?? d?.column ?? named ?? '-'), message: e.text.zh });
        }
      }
      return { staged: staged.length, inserted, last: staged.length ? staged[staged.length - 1].rowNo : after, refused };
    },
  };
}

const grid: ImportColumn = { key: 'gridCode', header: '网格编码', required: true, hint: '15/18/21 位网格编码，须在您的管辖范围内', example: '150826100001001' };
const address: ImportColumn = { key: 'address', header: '地址', hint: '小区/楼栋/单元/户室，用“/”分隔', example: '西环小区/3号楼/2单元/301' };

export const housingImport = adapter({
  register: 'housing',
  name: '实有房屋',
  columns: [
    grid, { ...address, required: true },
    { key: 'use', header: '用途', required: true, hint: Object.values(housing.USE_NAMES).join(' / '), example: '自住' },
    { key: 'rented', header: '是否出租', hint: '是 / 否', example: '否' },
    { key: 'ownerIdNumber', header: '房主证件号码', hint: '可空；须已登记为实有人口', example: '' },
    { key: 'area', header: '面积', hint: '平方米，可空', example: '86.5' },
    { key: 'note', header: '备注', hint: '可空', example: '' },
  ],
  validateRow: housing.validateRow,
  insertMany: (ctx, trx, actor, rows) => housing.insertMany(ctx as RegisterCtx, trx, actor, rows),
});

export const establishmentsImport = adapter({
  register: 'establishments',
  name: '实有单位',
  columns: [
    { key: 'name', header: '单位名称', required: true, hint: '2–100 字', example: '西环便民超市' },
    { key: 'kind', header: '单位类别', required: true, hint: Object.values(establishments.KIND_NAMES).join(' / '), example: '商铺' },
    { key: 'creditCode', header: '统一社会信用代码', hint: '18 位，可空', example: '' },
    grid, address,
    { key: 'contactName', header: '联系人', hint: '可空', example: '高娃' },
    { key: 'contactPhone', header: '联系电话', hint: '可空', example: '13904781234' },
    { key: 'employees', header: '从业人数', hint: '可空', example: '3' },
    { key: 'note', header: '备注', hint: '可空', example: '' },
  ],
  validateRow: establishments.validateRow,
  insertMany: (ctx, trx, actor, rows) => establishments.insertMany(ctx as RegisterCtx, trx, actor, rows),
});

export const keypersonsImport = adapter({
  register: 'keypersons',
  name: '重点人员',
  columns: [
    { key: 'idNumber', header: '证件号码', required: true, hint: '须已登记为实有人口', example: '150826199001011234' },
    { key: 'categoryCode', header: '类别编码', required: true, hint: '重点人员类别编码（见“重点人员”类别设置）', example: 'released' },
    { key: 'risk', header: '风险等级', required: true, hint: '绿 / 黄 / 红', example: '黄' },
  ],
  validateRow: keypersons.validateRow,
  insertMany: (ctx, trx, actor, rows) => keypersons.insertMany(ctx, trx, actor, rows),
});
