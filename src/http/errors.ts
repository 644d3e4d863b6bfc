// One error model: AppError(code, message, details?) → { code, message, details } with a fixed status map.
// Messages are bilingual; the handler picks English when the request asks for it (Accept-Language: en).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';

export const STATUS = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  TOO_LARGE: 413,
  UNSUPPORTED_MEDIA: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  STORAGE_FULL: 507,
} as const;
export type ErrorCode = keyof typeof STATUS;

export interface Text {
  zh: string;
  en: string;
}
export const text = (zh: string, en: string): Text => ({ zh, en });

export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    public readonly text: Text,
    public readonly details?: unknown,
    public readonly headers?: Record<string, string>,
  ) {
    super(text.en);
  }
  get status() {
    return STATUS[this.code];
  }
}

export const notFound = (what: Text = text('记录不存在', 'not found'), details?: unknown) =>
  new AppError('NOT_FOUND', what, details);

export const wantsEnglish = (req: FastifyRequest) => /^en\b/i.test(String(req.headers['accept-language'] ?? ''));

type Issue = { path: (string | number)[]; message: string };
const fieldList = (issues: Issue[]) => [...new Set(issues.map((i) => i.path.join('.') || '(body)'))].join(', ');

function validation(issues: Issue[], where: string): AppError {
  const fields = fieldList(issues);
  return new AppError('VALIDATION', text(`请求参数无效：${fields}`, `invalid ${where}: ${fields}`), {
    fields: issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}

export function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return validation(err.issues as Issue[], 'input');
  const fe = err as FastifyError & { validation?: unknown; validationContext?: string };
  if (hasZodFastifySchemaValidationErrors(fe)) {
    const issues = fe.validation.map((v) => ({
      path: String(v.instancePath || '').split('/').filter(Boolean),
      message: v.message ?? 'invalid',
    }));
    return validation(
      issues.map((i) => ({ ...i, path: [fe.validationContext ?? 'body', ...i.path] })),
      fe.validationContext ?? 'body',
    );
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_FILES_LIMIT':
      return new AppError('TOO_LARGE', text('上传内容过大', 'request body too large'));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('UNSUPPORTED_MEDIA', text('不支持的内容类型', 'unsupported content type'));
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('VALIDATION', text('请求体不是有效的 JSON', 'request body is not valid JSON'));
  }
  if (fe.statusCode === 400 && fe.message) return new AppError('VALIDATION', text('请求格式错误', fe.message));
  return undefined;
}

export function send(reply: FastifyReply, req: FastifyRequest, e: AppError) {
  if (e.headers) reply.headers(e.headers);
  const body: Record<string, unknown> = { code: e.code, message: wantsEnglish(req) ? e.text.en : e.text.zh };
  if (e.details !== undefined) body.details = e.details;
  return reply.status(e.status).send(body);
}

export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err, req, reply) => {
    const e = toAppError(err);
    if (e) return send(reply, req, e);
    req.log.error({ err }, 'unexpected error');
    return reply.status(500).send({
      code: 'INTERNAL',
      message: wantsEnglish(req) ? 'internal error' : '服务器内部错误',
      details: { requestId: req.id },
    });
  });
}

export const noRoute = (req: FastifyRequest) =>
  new AppError('NOT_FOUND', text('接口不存在', `no route ${req.method} ${req.url.split('?')[0]}`));
