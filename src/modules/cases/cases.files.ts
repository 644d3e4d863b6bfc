// Attachments: photos and documents of a case, checked by extension and by their first bytes,
// kept under the data directory (files/attachments/<case>/<random>), listed and served within scope.
import { randomUUID, createHash } from 'node:crypto';
import { mkdir, writeFile, rm, readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, notFound, text } from '../../http/errors.js';
import type { Upload } from '../../http/upload.js';
import type { Actor } from '../audit/audit.service.js';
import { record } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import * as repo from './cases.repo.js';
import { visibleCase, type CasesCtx } from './cases.core.js';
import { TERMINAL, type CaseState } from './cases.workflow.js';
import { once, type Answer, type IdemKey } from '../sync/idempotency.js';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const TYPES: Record<string, { type: string; magic: (b: Buffer) => boolean }> = {
  '.jpg': { type: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  '.jpeg': { type: 'image/jpeg', magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  '.png': { type: 'image/png', magic: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  '.webp': { type: 'image/webp', magic: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  '.pdf': { type: 'application/pdf', magic: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  '.docx': { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: (b) => b.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')) },
  '.xlsx': { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: (b) => b.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')) },
};
export const ATTACHMENT_EXTENSIONS = Object.keys(TYPES);

export interface AttachmentRow { id: number; filename: string; contentType: string; size: number; createdAt: Date }

/**
 * Store a file for a case the uploader may see (citizens: their own, right after reporting). With an
 * Idempotency-Key (the phone's offline queue) a replay answers with the first upload's row and stores
 * nothing: the key is claimed in the same transaction as the row, and a file whose row does not commit is removed.
 */
export async function addAttachment(ctx: CasesCtx & { filesDir: string }, who: SessionUser | null, c: repo.CaseRow, file: Upload, actor: Actor, idem?: IdemKey): Promise<Answer<AttachmentRow>> {
  const kind = TYPES[file.extension];
  if (!kind || !kind.magic(file.buffer))
    throw new AppError('UNSUPPORTED_MEDIA', text(`文件内容与类型 ${file.extension} 不符`, `the file's content does not match ${file.extension}`));
  const key = path.join('attachments', String(c.id), `${randomUUID()}${file.extension}`);
  const full = path.join(ctx.filesDir, key);
  let wrote = false;
  try {
    return await ctx.db.transaction().execute((trx) =>
      once(trx, idem, async () => {
        if (TERMINAL.includes(c.status as CaseState) || c.status === 'closed')
          throw new AppError('CONFLICT', text('案件已结案，不能再添加附件', 'the case is closed: no more attachments'));
        await mkdir(path.dirname(full), { recursive: true });
        await writeFile(full, file.buffer);
        wrote = true;
        const row = await trx
          .insertInto('caseAttachments')
          .values({
            caseId: c.id, filename: file.filename.slice(0, 200), contentType: kind.type, size: file.buffer.length,
            sha256: createHash('sha256').update(file.buffer).digest('hex'), storageKey: key,
            uploadedBy: who?.id ?? null, uploadedByName: who?.displayName ?? '群众', createdAt: ctx.clock.now(),
          })
          .returning(['id', 'filename', 'contentType', 'size', 'createdAt'])
          .executeTakeFirstOrThrow();
        await record(trx, actor, { action: 'case.attach', objectType: 'case', objectId: c.id, details: { attachmentId: row.id, filename: row.filename, size: row.size } }, ctx.clock.now());
        return { status: 201, body: row };
      }));
  } catch (e) {
    if (wrote) await rm(full, { force: true });
    throw e;
  }
}

export async function listAttachments(ctx: CasesCtx, user: SessionUser, caseId: number) {
  await visibleCase(ctx.db, user, caseId);
  return ctx.db
    .selectFrom('caseAttachments')
    .select(['id', 'filename', 'contentType', 'size', 'uploadedByName', 'createdAt'])
    .where('caseId', '=', caseId)
    .orderBy('id')
    .execute();
}

export async function readAttachment(ctx: CasesCtx & { filesDir: string }, user: SessionUser, caseId: number, id: number) {
  await visibleCase(ctx.db, user, caseId);
  const a = await ctx.db.selectFrom('caseAttachments').selectAll().where('caseId', '=', caseId).where('id', '=', id).executeTakeFirst();
  if (!a) throw notFound(text('附件不存在', 'attachment not found'));
  return { ...a, body: await readFile(path.join(ctx.filesDir, a.storageKey)) };
}
