import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../../http/auth.js';
import { readUpload } from '../../http/upload.js';
import { actorOf } from '../audit/audit.service.js';
import type { ImportCtx } from './imports.registers.js';
import { ADAPTERS, adapterFor, checkXlsx, commitValid, createJob, getJob, listJobs, MAX_IMPORT_BYTES, runJob, template } from './imports.service.js';

const Register = z.object({ register: z.string().regex(/^[a-z_]{2,30}$/) });
const JobId = z.object({ id: z.coerce.number().int().positive() });

export const importsRoutes = (ctx: ImportCtx): FastifyPluginAsyncZod => async (app) => {
  const tags = ['imports Excel 导入'];
  app.get('/api/imports/registers', { config: { permission: 'import.run' }, schema: { tags, summary: '可导入的台账 importable registers and their columns' } }, async () =>
    Object.values(ADAPTERS).map((a) => ({ register: a.register, name: a.name, columns: a.columns })));

  app.get('/api/imports/:register/template.xlsx', {
    config: { permission: 'import.run' },
    schema: { tags, summary: '导入模板 the template of a register', params: Register },
  }, async (req, reply) => {
    const a = adapterFor(req.params.register);
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${a.name}导入模板.xlsx`)}`)
      .send(await template(a.register));
  });

  app.post('/api/imports/:register', {
    config: { permission: 'import.run' },
    schema: {
      tags, summary: '上传 .xlsx 开始导入（≤ 50 MB；先整体校验；validOnly=true 仅导入有效行）start an import: 202 with the job to poll',
      params: Register, querystring: z.object({ validOnly: z.enum(['true', 'false']).optional() }),
    },
  }, async (req, reply) => {
    const user = currentUser(req);
    adapterFor(req.params.register);
    const file = await readUpload(req, { maxBytes: MAX_IMPORT_BYTES, extensions: ['.xlsx'] });
    checkXlsx(file.filename, file.buffer);
    const id = await createJob(ctx, user, req.params.register, file.filename, req.query.validOnly === 'true', actorOf(req));
    void runJob(ctx, user, id, file.buffer, actorOf(req));
    return reply.status(202).send({ id, status: 'queued' });
  });

  app.get('/api/imports', { config: { permission: 'import.run' }, schema: { tags, summary: '我的导入任务 my import jobs' } }, async (req) => listJobs(ctx, currentUser(req)));

  app.get('/api/imports/jobs/:id', {
    config: { permission: 'import.run' },
    schema: { tags, summary: '导入进度与逐行错误 progress and the row-level report (row, column, message)', params: JobId },
  }, async (req) => getJob(ctx, currentUser(req), req.params.id));

  app.post('/api/imports/jobs/:id/commit', {
    config: { permission: 'import.run' },
    schema: { tags, summary: '仅导入有效行 import the valid rows of a job that had errors', params: JobId },
  }, async (req) => commitValid(ctx, currentUser(req), req.params.id, actorOf(req)));
};
