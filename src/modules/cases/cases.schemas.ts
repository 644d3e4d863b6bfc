import { z } from 'zod';
import { ID_DOCUMENT_TYPES } from '../personal/index.js';
import { CATEGORIES, CHANNELS, SATISFACTION, RATING_METHODS } from './cases.codes.js';
import { ACTIONS } from './cases.workflow.js';

const keys = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

export const Party = z.object({
  name: z.string().trim().min(1).max(60),
  kind: z.enum(['person', 'organisation']).optional(),
  phone: z.string().max(30).optional(),
  idNumber: z.string().max(40).optional(),
  idType: z.enum(ID_DOCUMENT_TYPES).optional(),
});

export const IntakeBody = z.object({
  title: z.string().trim().min(2).max(100),
  description: z.string().trim().min(2).max(5000),
  category: z.enum(keys(CATEGORIES)).default('dispute'),
  channel: z.enum(keys(CHANNELS)),
  disputeType: z.string().max(4).optional(),
  scale: z.enum(['01', '02', '03']).optional(),
  urgency: z.enum(['normal', 'urgent', 'critical']).optional(),
  regionCode: z.string().min(1).max(32),
  applicant: Party.extend({ phone: z.string().min(1).max(30) }),
  coApplicants: z.array(Party).max(50).optional(),
  agent: Party.optional(),
  respondents: z.array(Party).max(50).optional(),
  address: z.string().max(200).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
  confidential: z.boolean().optional(),
  avoidUnitIds: z.array(z.number().int().positive()).max(20).optional(),
  resolvedOnSite: z.boolean().optional(),
  result: z.string().max(2000).optional(),
});

export const PublicIntakeBody = IntakeBody.omit({ channel: true, confidential: true, avoidUnitIds: true, resolvedOnSite: true, result: true, coApplicants: true, agent: true, scale: true, urgency: true });

export const ActionBody = z.object({
  action: z.enum(ACTIONS),
  version: z.number().int(),
  note: z.string().max(2000).optional(),
  reason: z.string().max(2000).optional(),
  unitId: z.number().int().positive().optional(),
  userId: z.number().int().positive().optional(),
  coUnitIds: z.array(z.number().int().positive()).max(10).optional(),
  primaryId: z.number().int().positive().optional(),
  result: z.string().max(2000).optional(),
  disposition: z.string().max(20).optional(),
  passed: z.boolean().optional(),
  satisfaction: z.enum(keys(SATISFACTION)).optional(),
  method: z.enum(keys(RATING_METHODS)).optional(),
  grade: z.enum(['normal', 'yellow', 'red']).optional(),
  replyDueAt: z.coerce.date().optional(),
  days: z.number().int().optional(),
  approve: z.boolean().optional(),
  unitIds: z.array(z.number().int().positive()).max(20).optional(),
  dueAt: z.coerce.date().optional(),
});

export const ListQuery = z.object({
  status: z.string().max(200).optional(),
  level: z.enum(['village', 'town', 'county', 'city']).optional(),
  region: z.string().max(32).optional(),
  category: z.enum(keys(CATEGORIES)).optional(),
  type: z.string().max(4).optional(),
  channel: z.enum(keys(CHANNELS)).optional(),
  unit: z.coerce.number().int().positive().optional(),
  q: z.string().max(50).optional(),
  mine: z.enum(['todo', 'office', 'unit']).optional(),
  campaign: z.coerce.number().int().positive().optional(),
  due: z.enum(['yellow', 'red', 'overdue', 'ok']).optional(),
  /** `open`: cases with a supervision order (督办) not yet replied to, as the workbench's 督办中 count */
  supervised: z.enum(['open']).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  cursor: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const TrackBody = z.object({ trackingCode: z.string().trim().min(4).max(20), phone4: z.string().regex(/^\d{4}$/, '手机号后四位 (last four digits)') });
export const RateBody = TrackBody.extend({ satisfaction: z.enum(keys(SATISFACTION)), comment: z.string().max(500).optional() });
