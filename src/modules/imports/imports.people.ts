// 实有人口 import: the same checks as POST /api/people (name, ID document with its checksum, phone, a grid in
// the importer's area, registered/floating), sealed before staging — no plaintext ID number or phone is ever
// written, not even to the staging table.
import { sql } from 'kysely';
import { AppError } from '../../http/errors.js';
import { pathInScope } from '../../http/scope.js';
import { GRID_LEVELS } from '../regions/regions.codes.js';
import { resolve } from '../regions/regions.service.js';
import { checkIdDocument, checkPersonName, checkPhone, normalizeIdNumber, ID_DOCUMENT_TYPES, type IdDocumentType } from '../personal/index.js';
import type { RegisterAdapter, RowProblem } from './imports.registers.js';

const ID_TYPES: Record<string, IdDocumentType> = {
  居民身份证: 'resident_id', 身份证: 'resident_id', 港澳台居民居住证: 'hmt_residence', 外国人永久居留身份证: 'foreign_permanent', 护照: 'passport', 其他: 'other',
};
const REGISTRATION: Record<string, 'registered' | 'floating'> = { 户籍: 'registered', 户籍人口: 'registered', 常住: 'registered', 流动: 'floating', 流动人口: 'floating', registered: 'registered', floating: 'floating' };

export const peopleImport: RegisterAdapter = {
  register: 'people',
  name: '实有人口',
  columns: [
    { key: 'name', header: '姓名', required: true, hint: '姓名，可含“·”', example: '其木格' },
    { key: 'idType', header: '证件类型', hint: `可空（默认居民身份证）；${Object.keys(ID_TYPES).join('、')}`, example: '居民身份证' },
    { key: 'idNumber', header: '证件号码', required: true, hint: '请以文本填写；身份证须校验位正确', example: '150826199001011234' },
    { key: 'phone', header: '联系电话', hint: '可空；手机 11 位或带区号的固话', example: '13904781234' },
    { key: 'gridCode', header: '网格编码', required: true, hint: '15/18/21 位网格编码，须在您的管辖范围内', example: '150826100001001' },
    { key: 'registration', header: '户籍类型', required: true, hint: '户籍 或 流动', example: '户籍' },
  ],
  validator(ctx, user) {
    const grids = new Map<string, { id: number; problem?: string }>();
    const now = ctx.clock.now();
    const grid = async (code: string) => {
      let g = grids.get(code);
      if (!g) {
        try {
          const { node } = await resolve(ctx.db, code);
          if (node.status !== 'active' || !GRID_LEVELS.includes(node.level)) g = { id: 0, problem: '不是有效的网格编码' };
          else if (!pathInScope(node.path, user.scopePaths)) g = { id: 0, problem: '该网格不在您的管辖范围内' };
          else g = { id: node.id };
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          g = { id: 0, problem: `未知的网格 ${code}` };
        }
        grids.set(code, g);
      }
      return g;
    };
    return {
      async row(c) {
        const problems: RowProblem[] = [];
        const name = checkPersonName(c.name ?? '');
        if (!name.ok) problems.push({ column: '姓名', message: name.problem.zh });
        const idType = c.idType ? (ID_TYPES[c.idType] ?? ((ID_DOCUMENT_TYPES as readonly string[]).includes(c.idType) ? (c.idType as IdDocumentType) : undefined)) : 'resident_id';
        if (!idType) problems.push({ column: '证件类型', message: `未知的证件类型 ${c.idType}` });
        let idNumber = '';
        if (!c.idNumber) problems.push({ column: '证件号码', message: '必填' });
        else if (idType) {
          const p = checkIdDocument({ type: idType, number: c.idNumber }, { now });
          if (p) problems.push({ column: '证件号码', message: p.zh });
          else idNumber = normalizeIdNumber(c.idNumber);
        }
        let phone: string | null = null;
        if (c.phone) {
          const p = checkPhone(c.phone);
          if (!p.ok) problems.push({ column: '联系电话', message: p.problem.zh });
          else phone = p.value;
        }
        let gridId = 0;
        if (!c.gridCode) problems.push({ column: '网格编码', message: '必填' });
        else {
          const g = await grid(c.gridCode);
          if (g.problem) problems.push({ column: '网格编码', message: g.problem });
          gridId = g.id;
        }
        const registration = REGISTRATION[c.registration ?? ''];
        if (!registration) problems.push({ column: '户籍类型', message: '请填写“户籍”或“流动”' });
        if (problems.length) return { ok: false, problems };
        const idNumberIndex = ctx.cipher.blindIndex('id_number', idNumber);
        return {
          ok: true,
          unique: idNumberIndex,
          value: {
            name: name.ok ? name.value : '', idType, idNumberSealed: ctx.cipher.encrypt(idNumber), idNumberIndex,
            phoneSealed: phone ? ctx.cipher.encrypt(phone) : null, phoneIndex: phone ? ctx.cipher.blindIndex('phone', phone) : null, gridId, registration,
          },
        };
      },
      async existing(keys) {
        if (keys.length === 0) return new Set();
        const rows = await ctx.db.selectFrom('people').select('idNumberIndex').where('idNumberIndex', 'in', keys).execute();
        return new Set(rows.map((r) => r.idNumberIndex));
      },
    };
  },
  async loadChunk(trx, { jobId, after, limit, user, at }) {
    // a key taken meanwhile (by a person registered by hand or another import) is skipped, and counted: the
    // framework compares written with staged
    const r = await sql<{ staged: number; inserted: number; last: number | null }>`
      with chunk as (
        select row_no, data from import_staging where job_id = ${jobId} and row_no > ${after}::int order by row_no limit ${limit}::int
      ), ins as (
        insert into people (name, id_type, id_number_sealed, id_number_index, phone_sealed, phone_index, grid_id, registration, created_by, created_at, updated_at, import_job_id)
        select data->>'name', data->>'idType', data->>'idNumberSealed', data->>'idNumberIndex', data->>'phoneSealed', data->>'phoneIndex',
               (data->>'gridId')::bigint, data->>'registration', ${user.id}::bigint, ${at}::timestamptz, ${at}::timestamptz, ${jobId}::bigint
        from chunk order by row_no
        on conflict (id_number_index) do nothing
        returning 1
      ) select (select count(*)::int from chunk) as staged, (select count(*)::int from ins) as inserted, (select max(row_no) from chunk) as last`.execute(trx);
    const x = r.rows[0];
    return { staged: Number(x.staged), inserted: Number(x.inserted), last: Number(x.last ?? after), refused: [] };
  },
};
