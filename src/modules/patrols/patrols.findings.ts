// Photos of a patrol (checked by extension and first bytes, kept under files/patrols/<id>/) and the one
// tap that turns a finding into a case: channel `grid`, the grid as the place, the finding's position, its
// photos copied to the case — through the case loop's own intake and attachment services.
import { publishCase } from '../live/bus.js';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, notFound, text } from '../../http/errors.js';
import type { Upload } from '../../http/upload.js';
import { record, type Actor } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import { intake, intakeAnswer } from '../cases/cases.intake.js';
import { addAttachment } from '../cases/cases.files.js';
import type { Category } from '../cases/cases.codes.js';
import * as casesRepo from '../cases/cases.repo.js';
import { once, sha256, type Answer, type IdemKey } from '../sync/idempotency.js';
import { patrolNotFound, type PatrolsCtx } from './patrols.service.js';

export const PHOTO_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp'];
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const KINDS: Record<string, { type: string; magic: (b: Buffer) => boolean }> = {
  '.jpg': { type: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  '.jpeg': { type: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  '.png': { type: 'image/png', magic: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  '.webp': { type: 'image/webp', magic: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
};

/** The worker's own patrol (only its author adds photos or makes cases from it). */
async function ownPatrol(ctx: PatrolsCtx, q: PatrolsCtx['db'], user: SessionUser, id: number) {
  const log = await q.selectFrom('patrolLogs').innerJoin('regions', 'regions.id', 'patrolLogs.gridId').select(['patrolLogs.id', 'patrolLogs.workerId', 'regions.code as gridCode', 'regions.name as gridName']).where('patrolLogs.id', '=', id).executeTakeFirst();
  if (!log || log.workerId !== user.id) throw patrolNotFound();
  return log;
}

export async function addPhoto(ctx: PatrolsCtx, user: SessionUser, patrolId: number, findingId: number | undefined, file: Upload, actor: Actor, idem?: IdemKey): Promise<Answer> {
  const kind = KINDS[file.extension];
  if (!kind || !kind.magic(file.buffer))
    throw new AppError('UNSUPPORTED_MEDIA', text(`文件内容与类型 ${file.extension} 不符`, `the file's content does not match ${file.extension}`));
  const key = path.join('patrols', String(patrolId), `${randomUUID()}${file.extension}`);
  const full = path.join(ctx.filesDir, key);
  let wrote = false;
  try {
    const a = await ctx.db.transaction().execute((trx) =>
      once(trx, idem, async () => {
        await ownPatrol(ctx, trx, user, patrolId);
        if (findingId !== undefined) {
          const f = await trx.selectFrom('patrolFindings').select('id').where('id', '=', findingId).where('patrolId', '=', patrolId).executeTakeFirst();
          if (!f) throw notFound(text('巡查发现不存在', 'finding not found'));
        }
        await mkdir(path.dirname(full), { recursive: true });
        await writeFile(full, file.buffer);
        wrote = true;
        const row = await trx
          .insertInto('patrolPhotos')
          .values({ patrolId, findingId: findingId ?? null, filename: file.filename.slice(0, 200), contentType: kind.type, size: file.buffer.length, sha256: sha256(file.buffer), storageKey: key, createdAt: ctx.clock.now() })
          .returning(['id', 'findingId', 'filename', 'contentType', 'size'])
          .executeTakeFirstOrThrow();
        await record(trx, actor, { action: 'patrol.photo', objectType: 'patrol', objectId: patrolId, details: { photoId: row.id, size: row.size } }, ctx.clock.now());
        return { status: 201, body: row };
      }));
    if (a.replayed && wrote) await rm(full, { force: true });
    return a;
  } catch (e) {
    if (wrote) await rm(full, { force: true });
    throw e;
  }
}

export async function readPhoto(ctx: PatrolsCtx, user: SessionUser, patrolId: number, photoId: number, visible: () => Promise<unknown>) {
  await visible();
  const p = await ctx.db.selectFrom('patrolPhotos').selectAll().where('id', '=', photoId).where('patrolId', '=', patrolId).executeTakeFirst();
  if (!p) throw notFound(text('照片不存在', 'photo not found'));
  return { ...p, body: await readFile(path.join(ctx.filesDir, p.storageKey)) };
}

export interface FindingCaseInput {
  title?: string;
  category?: Category;
  disputeType?: string;
  applicantName?: string;
  applicantPhone: string;
  address?: string;
  urgency?: 'normal' | 'urgent' | 'critical';
}

/** One tap: the finding becomes a case (once — a second tap or a replayed request answers with the same case). */
export async function findingToCase(ctx: PatrolsCtx, user: SessionUser, patrolId: number, findingId: number, input: FindingCaseInput, actor: Actor, idem?: IdemKey): Promise<Answer> {
  const made = await ctx.db.transaction().execute(async (trx) => {
    const log = await ownPatrol(ctx, trx, user, patrolId);
    // the row lock makes two taps at once wait for each other instead of making two cases
    const f = await trx.selectFrom('patrolFindings').selectAll().where('id', '=', findingId).where('patrolId', '=', patrolId).forUpdate().executeTakeFirst();
    if (!f) throw notFound(text('巡查发现不存在', 'finding not found'));
    if (f.caseId) {
      const c = await trx.selectFrom('cases').select(casesRepo.caseCols).where('id', '=', f.caseId).executeTakeFirstOrThrow();
      return { answer: { status: 200, body: intakeAnswer(c as casesRepo.CaseRow), replayed: true } as Answer, created: null };
    }
    const name = (input.applicantName ?? user.displayName).replace(/[（(].*?[)）]/g, '').trim();
    const r = await intake(
      ctx, user,
      {
        title: (input.title?.trim() || `网格巡查发现：${f.description.slice(0, 40)}`).slice(0, 100),
        description: `${f.description}\n（来自${log.gridName}巡查日志 #${log.id}）`,
        category: input.category ?? 'hazard',
        disputeType: input.disputeType,
        channel: 'grid',
        urgency: input.urgency,
        regionCode: log.gridCode,
        applicant: { name, phone: input.applicantPhone },
        address: input.address,
        lat: f.lat ?? undefined,
        lng: f.lng ?? undefined,
      },
      actor, idem ? { ...idem, scope: `patrol-case:${idem.scope}` } : undefined, trx,
    );
    if (r.replay) return { answer: { status: r.replay.status, body: r.replay.body, replayed: true } as Answer, created: null };
    await trx.updateTable('patrolFindings').set({ caseId: r.created.id }).where('id', '=', f.id).execute();
    return { answer: { status: 201, body: intakeAnswer(r.created) } as Answer, created: r.created };
  });
  if (made.created) {
    // the finding's photos (or, when none is tied to it, the patrol's untied ones) go with the case
    const photos = await ctx.db.selectFrom('patrolPhotos').selectAll().where('patrolId', '=', patrolId).orderBy('id').execute();
    const tied = photos.filter((p) => p.findingId === findingId);
    for (const p of tied.length ? tied : photos.filter((x) => x.findingId === null)) {
      const buffer = await readFile(path.join(ctx.filesDir, p.storageKey));
      await addAttachment(ctx, user, made.created, { filename: p.filename, extension: path.extname(p.storageKey), buffer }, actor);
    }
    publishCase(made.created, 'report', made.created.createdAt); // the command dashboard hears it like any new case
  }
  return made.answer;
}
