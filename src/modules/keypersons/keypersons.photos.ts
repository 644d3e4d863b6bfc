// Visit photos of a key person: uploaded before the visit is logged (the visit names them), stored sealed
// (AES/SM4 over the bytes, like every other personal datum) under <files>/keypersons/<id>/, read back audited.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { inScopePaths } from '../../http/scope.js';
import { notFound, text } from '../../http/errors.js';
import type { Upload } from '../../http/upload.js';
import { record, type Actor } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/auth.service.js';
import { fieldError } from '../registers/common.js';
import { once, type Answer, type IdemKey } from '../sync/idempotency.js';
import type { KeypersonCtx } from './keypersons.service.js';
import { visible } from '../registers/visible.js';

export const PHOTO_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp'];
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
const NAME = /^[0-9a-f-]{36}\.(jpg|jpeg|png|webp)$/;
const TYPES: Record<string, string> = { jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

export type PhotoCtx = KeypersonCtx & { filesDir: string };
const file = (ctx: PhotoCtx, id: number, name: string) => path.join(ctx.filesDir, 'keypersons', String(id), `${name}.sealed`);

/** 404 unless the key person lies in the caller's area. */
export async function visibleKeyperson(ctx: KeypersonCtx, user: SessionUser, id: number) {
  const r = await ctx.db.selectFrom('keypersons').innerJoin('regions', 'regions.id', 'keypersons.gridId').select('keypersons.id')
    .where('keypersons.id', '=', id).where(inScopePaths('regions.path', user.scopePaths)).where(visible('keypersons')).executeTakeFirst();
  if (!r) throw notFound(text('重点人员不存在', 'key person not found'));
}

/**
 * Store one photo. With an Idempotency-Key (the phone's offline queue) a replay answers with the first
 * upload's name and stores nothing: the key is claimed in the same transaction as the audit row, and the
 * file written for a request that does not commit is removed.
 */
export async function savePhoto(ctx: PhotoCtx, actor: Actor, id: number, upload: Upload, idem?: IdemKey): Promise<Answer<{ photo: string }>> {
  const name = `${randomUUID()}${upload.extension === '.jpeg' ? '.jpg' : upload.extension}`;
  const full = file(ctx, id, name);
  let wrote = false;
  try {
    return await ctx.db.transaction().execute((trx) =>
      once(trx, idem, async () => {
        await mkdir(path.dirname(full), { recursive: true });
        await writeFile(full, ctx.cipher.encrypt(upload.buffer.toString('base64')));
        wrote = true;
        await record(trx, actor, { action: 'keyperson.photo_upload', objectType: 'keyperson', objectId: id, details: { photo: name, bytes: upload.buffer.length } }, ctx.clock.now());
        return { status: 201, body: { photo: name } };
      }));
  } catch (e) {
    if (wrote) await rm(full, { force: true });
    throw e;
  }
}

/** The visit's photo names must be this key person's uploads. */
export function checkPhotos(ctx: PhotoCtx, id: number, photos: string[] | undefined) {
  for (const [i, p] of (photos ?? []).entries())
    if (!NAME.test(p) || !existsSync(file(ctx, id, p))) throw fieldError(`photos.${i}`, text('照片不存在，请重新上传', 'no such photo; upload it again'));
}

export async function readPhoto(ctx: PhotoCtx, user: SessionUser, actor: Actor, id: number, name: string) {
  await visibleKeyperson(ctx, user, id);
  if (!NAME.test(name) || !existsSync(file(ctx, id, name))) throw notFound(text('照片不存在', 'photo not found'));
  const body = Buffer.from(ctx.cipher.decrypt(await readFile(file(ctx, id, name), 'utf8')), 'base64');
  await record(ctx.db, actor, { action: 'keyperson.photo_read', objectType: 'keyperson', objectId: id, details: { photo: name } }, ctx.clock.now());
  return { body, type: TYPES[name.split('.').pop()!] };
}
