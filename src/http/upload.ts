// Reading one uploaded file from a multipart request, with size and type limits.
import type { FastifyRequest } from 'fastify';
import path from 'node:path';
import { AppError, text } from './errors.js';

export interface Upload {
  filename: string;
  extension: string;
  buffer: Buffer;
}

export async function readUpload(req: FastifyRequest, o: { maxBytes: number; extensions: string[] }): Promise<Upload> {
  if (!req.isMultipart())
    throw new AppError('UNSUPPORTED_MEDIA', text('请以 multipart/form-data 上传文件', 'upload the file as multipart/form-data'));
  const part = await req.file({ limits: { fileSize: o.maxBytes, files: 1 } });
  if (!part) throw new AppError('VALIDATION', text('缺少上传文件', 'no file uploaded'), { fields: [{ path: 'file', message: 'required' }] });
  const extension = path.extname(part.filename).toLowerCase();
  if (!o.extensions.includes(extension)) {
    part.file.resume();
    throw new AppError('UNSUPPORTED_MEDIA', text(`不支持的文件类型 ${extension || '(无扩展名)'}，请上传 ${o.extensions.join(' / ')}`, `unsupported file type ${extension || '(none)'}: upload ${o.extensions.join(' / ')}`));
  }
  const buffer = await part.toBuffer().catch((e: { code?: string }) => {
    if (e.code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AppError('TOO_LARGE', text(`文件超过 ${Math.round(o.maxBytes / 1048576)} MB 上限`, `file exceeds the ${Math.round(o.maxBytes / 1048576)} MB limit`));
    throw e;
  });
  return { filename: part.filename, extension, buffer };
}
