// Row types as Kysely sees them (camelCase through CamelCasePlugin).
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export type RegionLevel = 'city' | 'county' | 'town' | 'village' | 'grid_big' | 'grid_small' | 'grid_micro';

export interface RegionsTable {
  id: Generated<number>;
  code: string;
  name: string;
  level: RegionLevel;
  parentId: number | null;
  path: string;
  depth: number;
  status: Generated<'active' | 'retired'>;
  successorId: number | null;
  geometry: ColumnType<unknown | null, string | null | undefined, string | null>;
  bbox: string | null;
  centerLat: number | null;
  centerLng: number | null;
  createdAt: Generated<Date>;
  updatedAt: Timestamp;
  retiredAt: Date | null;
  version: Generated<number>;
}

export interface RegionCodeHistoryTable {
  id: Generated<number>;
  regionId: number;
  code: string;
  replacedBy: string;
  changedAt: Timestamp;
  reason: string | null;
}

export interface UnitsTable {
  id: Generated<number>;
  name: string;
  kind: string;
  regionId: number;
  parentId: number | null;
  status: Generated<'active' | 'retired'>;
  createdAt: Generated<Date>;
}

export interface UnitJurisdictionsTable {
  unitId: number;
  regionId: number;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  displayName: string;
  passwordHash: string;
  homeRegionId: number;
  status: Generated<'active' | 'disabled'>;
  mustChangePassword: Generated<boolean>;
  passwordChangedAt: Generated<Date>;
  totpSecret: string | null;
  totpEnabled: Generated<boolean>;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  phoneSealed: Generated<string | null>;
}

export interface UserRolesTable {
  id: Generated<number>;
  userId: number;
  role: string;
  regionId: number | null;
  unitId: number | null;
}

export interface SessionsTable {
  id: string;
  userId: number;
  roleId: number;
  createdAt: Generated<Date>;
  lastSeenAt: Timestamp;
  expiresAt: Timestamp;
  ip: string | null;
}

export interface DeviceTokensTable {
  id: Generated<number>;
  userId: number;
  roleId: number;
  name: string;
  tokenHash: string;
  createdAt: Generated<Date>;
  lastUsedAt: Date | null;
  expiresAt: Timestamp;
  revokedAt: Date | null;
}

export interface LoginFailuresTable {
  username: string;
  failures: number;
  firstFailedAt: Timestamp;
  lockedUntil: Date | null;
}

export interface SettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updatedAt: Generated<Date>;
  updatedBy: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actorId: number | null;
  actorName: string | null;
  role: string | null;
  regionId: number | null;
  ip: string | null;
  requestId: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: 'success' | 'failure' | 'denied';
  details: ColumnType<unknown | null, string | null, never>;
}

export interface AuditSealsTable {
  seq: number;
  auditId: number;
  prevHash: string;
  hash: string;
  sealedAt: Generated<Date>;
}

export type GridDuty = 'grid_leader' | 'grid_worker' | 'police' | 'volunteer';

export interface GridMembersTable {
  regionId: number;
  userId: number;
  duty: GridDuty;
  addedAt: Generated<Date>;
}

export interface PeopleTable {
  id: Generated<number>;
  name: string;
  idType: string;
  idNumberSealed: string;
  idNumberIndex: string;
  phoneSealed: string | null;
  phoneIndex: string | null;
  gridId: number;
  registration: 'registered' | 'floating';
  addressId: number | null;
  householdNo: string | null;
  householdRelation: string | null;
  searchVector: ColumnType<string, never, never>;
  createdBy: number | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  version: Generated<number>;
  /** the import job that wrote the row: invisible until that job is done (registers/visible.ts) */
  importJobId: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface CasesTable {
  id: Generated<number>;
  caseNumber: string;
  trackingCode: string;
  title: string;
  description: string;
  category: string;
  disputeType: string | null;
  scale: Generated<string>;
  urgency: Generated<string>;
  channel: string;
  placeRegionId: number;
  placePath: string;
  address: string | null;
  lat: number | null;
  lng: number | null;
  level: 'village' | 'town' | 'county' | 'city';
  officeUnitId: number;
  officeRegionId: number;
  officePath: string;
  assignedUnitId: number | null;
  assignedUserId: number | null;
  coUnitIds: Generated<number[]>;
  firstLevel: string;
  highestLevel: string;
  status: string;
  version: Generated<number>;
  confidential: Generated<boolean>;
  avoidUnitIds: Generated<number[]>;
  resolvedOnSite: Generated<boolean>;
  disposition: string | null;
  result: string | null;
  satisfaction: string | null;
  ratingMethod: string | null;
  ratedAt: Date | null;
  reworkCount: Generated<number>;
  reopened: Generated<boolean>;
  mergedIntoId: number | null;
  applicantPhone4: string | null;
  applicantPhoneIndex: string | null;
  applicantIdIndex: string | null;
  stage: string | null;
  stageDueAt: Date | null;
  createdBy: number | null;
  businessDate: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  filedAt: Date | null;
  closedAt: Date | null;
  archivedAt: Date | null;
  campaignId: number | null;
  stageSeq: Generated<number>;
  stageStartedAt: Date | null;
  stageDueProvisional: Generated<boolean>;
  handleDueAt: Date | null;
  searchVector: ColumnType<string, never, never>;
}

export interface CaseAttachmentsTable {
  id: Generated<number>;
  caseId: number;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  storageKey: string;
  uploadedBy: number | null;
  uploadedByName: string | null;
  createdAt: Timestamp;
}

export interface CampaignsTable {
  id: Generated<number>;
  name: string;
  source: string | null;
  channel: string;
  officeUnitId: number | null;
  regionPath: string;
  createdBy: number | null;
  createdAt: Timestamp;
  total: Generated<number>;
}

export interface CasePartiesTable {
  id: Generated<number>;
  caseId: number;
  role: 'applicant' | 'respondent' | 'agent';
  isRepresentative: Generated<boolean>;
  kind: Generated<'person' | 'organisation'>;
  name: string;
  idType: string | null;
  idNumberSealed: string | null;
  idNumberIndex: string | null;
  phoneSealed: string | null;
  phoneIndex: string | null;
}

export interface CaseActionsTable {
  id: Generated<number>;
  caseId: number;
  at: Timestamp;
  actorId: number | null;
  actorName: string | null;
  role: string | null;
  unitId: number | null;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  note: string | null;
  data: ColumnType<unknown | null, string | null, never>;
  public: Generated<boolean>;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  requestHash: string;
  status: number;
  response: ColumnType<unknown, string, string>;
  createdAt: Generated<Date>;
}

export interface CaseStatDeltasTable {
  id: Generated<number>;
  businessDate: string;
  metric: string;
  delta: number;
  regionPath: string;
  category: string;
  disputeType: string | null;
  channel: string;
  level: string;
  unitId: number | null;
  caseId: number | null;
  firstLevel: string | null;
  highestLevel: string | null;
  days: number | null;
  /** the writing transaction's id (compaction horizon), set by the database */
  tx: Generated<number>;
}

export interface CaseStatRollupTable {
  grain: 'day' | 'month';
  businessDate: string;
  metric: string;
  regionPath: string;
  category: string;
  disputeType: string | null;
  channel: string;
  level: string;
  unitId: number | null;
  days: number | null;
  delta: number;
}

export interface CaseStatCompactionTable {
  id: Generated<number>;
  upto: number;
  folded: Generated<number>;
  compactedAt: Generated<Date>;
}

export interface CalendarYearsTable {
  year: number;
  enteredAt: Generated<Date>;
  note: string | null;
}
export interface CalendarDaysTable {
  day: string;
  kind: 'holiday' | 'workday';
}
export interface DeadlineRulesTable {
  id: Generated<number>;
  stage: 'accept' | 'handle' | 'verify' | 'rate' | 'review_request' | 'review' | 'rereview_request' | 'rereview';
  category: string | null;
  urgency: string | null;
  amount: number;
  unit: 'working_days' | 'calendar_days' | 'hours';
}
export interface CaseDeadlineMarksTable {
  caseId: number;
  stageSeq: number;
  kind: 'yellow' | 'red' | 'auto_close';
  firedAt: Timestamp;
}
export interface NotificationsTable {
  id: Generated<number>;
  unitId: number | null;
  userId: number | null;
  caseId: number | null;
  keypersonId: number | null;
  kind: string;
  title: string;
  body: string | null;
  createdAt: Timestamp;
  readAt: Date | null;
}
export interface SmsOutboxTable {
  id: Generated<number>;
  phoneSealed: string;
  body: string;
  createdAt: Timestamp;
  sentAt: Date | null;
  kind: Generated<string>;
  recipient: Generated<string>;
  phoneMasked: Generated<string>;
  caseId: number | null;
  notificationId: number | null;
}
export interface CaseReviewsTable {
  id: Generated<number>;
  caseId: number;
  kind: 'review' | 'rereview';
  requestedAt: Timestamp;
  requestedBy: number | null;
  reason: string;
  decideDueAt: Timestamp;
  decideDueProvisional: Generated<boolean>;
  decidedAt: Date | null;
  decidedBy: number | null;
  result: string | null;
  lapsedAt: Date | null;
}

export interface CaseSupervisionsTable {
  id: Generated<number>;
  caseId: number;
  grade: 'normal' | 'yellow' | 'red';
  note: string | null;
  replyDueAt: Timestamp;
  issuedBy: number | null;
  issuedAt: Timestamp;
  reply: string | null;
  repliedAt: Date | null;
  repliedBy: number | null;
  lapsedAt: Date | null;
}
export interface CaseExtensionsTable {
  id: Generated<number>;
  caseId: number;
  days: number;
  reason: string;
  requestedBy: number | null;
  requestedAt: Timestamp;
  approved: boolean | null;
  decidedBy: number | null;
  decidedAt: Date | null;
  note: string | null;
}
export interface CaseSummonsTable {
  id: Generated<number>;
  caseId: number;
  unitId: number;
  reason: string;
  dueAt: Timestamp;
  summonedAt: Timestamp;
  reportedAt: Date | null;
  note: string | null;
  lapsedAt: Date | null;
}

export interface PatrolChecklistsTable {
  id: Generated<number>;
  code: string;
  name: string;
  items: ColumnType<{ key: string; text: string }[], string, string>;
  regionId: number | null;
  regionPath: string | null;
  active: Generated<boolean>;
  sort: Generated<number>;
  updatedBy: number | null;
  updatedAt: Generated<Date>;
  version: Generated<number>;
}

export interface PatrolLogsTable {
  id: Generated<number>;
  gridId: number;
  gridPath: string;
  workerId: number;
  workerRole: string;
  startedAt: Timestamp;
  endedAt: Timestamp | null;
  businessDate: string;
  routeSealed: string | null;
  routePoints: Generated<number>;
  answers: ColumnType<unknown, string | undefined, string>;
  notes: string | null;
  createdAt: Generated<Date>;
}

export interface PatrolFindingsTable {
  id: Generated<number>;
  patrolId: number;
  description: string;
  lat: number | null;
  lng: number | null;
  caseId: number | null;
  createdAt: Generated<Date>;
}

export interface PatrolPhotosTable {
  id: Generated<number>;
  patrolId: number;
  findingId: number | null;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  storageKey: string;
  createdAt: Generated<Date>;
}

export interface ImportJobsTable {
  id: Generated<number>;
  register: string;
  filename: string;
  status: 'queued' | 'validating' | 'invalid' | 'loading' | 'done' | 'failed';
  validOnly: Generated<boolean>;
  totalRows: Generated<number>;
  validRows: Generated<number>;
  errorRows: Generated<number>;
  insertedRows: Generated<number>;
  errors: ColumnType<{ row: number; column: string; message: string }[], string | undefined, string>;
  message: string | null;
  createdBy: number | null;
  createdAt: Generated<Date>;
  finishedAt: Date | null;
  heartbeatAt: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface ImportStagingTable {
  jobId: number;
  rowNo: number;
  data: ColumnType<Record<string, unknown>, string, string>;
}

export interface WarningRulesTable {
  rule: string;
  enabled: Generated<boolean>;
  params: ColumnType<Record<string, number>, string, string>;
  updatedBy: number | null;
  updatedAt: Date | null;
}
export interface WarningsTable {
  id: Generated<number>;
  rule: string;
  episodeKey: string;
  title: string;
  severity: Generated<'yellow' | 'red'>;
  regionId: number;
  regionPath: string;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  caseIds: ColumnType<number[], number[] | undefined, number[]>;
  status: Generated<'open' | 'acknowledged' | 'closed'>;
  firedAt: Timestamp;
  lastSeenAt: Timestamp;
  clearedAt: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: number | null;
  closedAt: Date | null;
  closedBy: number | null;
  note: string | null;
}
export type AddressKind = 'place' | 'building' | 'unit' | 'room';
export interface AddressesTable {
  id: Generated<number>;
  parentId: number | null;
  kind: AddressKind;
  name: string;
  fullName: string;
  path: Generated<string>;
  gridId: number;
  createdBy: number | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  version: Generated<number>;
  searchVector: ColumnType<string, never, never>;
  /** the import job that wrote the row: invisible until that job is done (registers/visible.ts) */
  importJobId: ColumnType<number | null, number | null | undefined, number | null>;
}
export interface HousingTable {
  id: Generated<number>;
  addressId: number;
  gridId: number;
  use: string;
  ownerPersonId: number | null;
  rented: Generated<boolean>;
  area: string | number | null;
  note: string | null;
  createdBy: number | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  version: Generated<number>;
  /** the import job that wrote the row: invisible until that job is done (registers/visible.ts) */
  importJobId: ColumnType<number | null, number | null | undefined, number | null>;
}
export interface HousingTenantsTable {
  housingId: number;
  personId: number;
  since: string | null;
}
export interface EstablishmentsTable {
  id: Generated<number>;
  name: string;
  kind: string;
  creditCode: string | null;
  addressId: number | null;
  gridId: number;
  contactName: string | null;
  contactPhoneSealed: string | null;
  contactPhoneIndex: string | null;
  employees: number | null;
  note: string | null;
  createdBy: number | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  version: Generated<number>;
  searchVector: ColumnType<string, never, never>;
  /** the import job that wrote the row: invisible until that job is done (registers/visible.ts) */
  importJobId: ColumnType<number | null, number | null | undefined, number | null>;
}
export interface RegisterChangesTable {
  id: Generated<number>;
  entity: string;
  entityId: number;
  action: string;
  changes: ColumnType<Record<string, unknown>, string, string>;
  actorId: number | null;
  actorName: string | null;
  at: Timestamp;
}
export interface KeypersonCategoriesTable {
  code: string;
  name: string;
  grp: string;
  fields: ColumnType<unknown[], string, string>;
  visitDays: ColumnType<Record<string, number>, string, string>;
  sort: Generated<number>;
  active: Generated<boolean>;
}
export interface KeypersonsTable {
  id: Generated<number>;
  personId: number;
  categoryCode: string;
  gridId: number;
  risk: 'green' | 'yellow' | 'red';
  attributes: ColumnType<Record<string, unknown>, string, string>;
  factsSealed: string | null;
  status: Generated<'active' | 'closed'>;
  lastVisitOn: string | null;
  nextDueOn: string;
  createdBy: number | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  version: Generated<number>;
  /** the import job that wrote the row: invisible until that job is done (registers/visible.ts) */
  importJobId: ColumnType<number | null, number | null | undefined, number | null>;
}
export interface KeypersonCadresTable {
  keypersonId: number;
  userId: number;
}
export interface KeypersonVisitsTable {
  id: Generated<number>;
  keypersonId: number;
  visitedOn: string;
  visitorId: number;
  findingsSealed: string;
  photos: ColumnType<string[], string, string>;
  createdAt: Timestamp;
}
export interface KeypersonDueMarksTable {
  keypersonId: number;
  dueOn: string;
  kind: 'yellow' | 'red';
  at: Timestamp;
}

export interface DB {
  patrolChecklists: PatrolChecklistsTable;
  patrolLogs: PatrolLogsTable;
  patrolFindings: PatrolFindingsTable;
  patrolPhotos: PatrolPhotosTable;
  importJobs: ImportJobsTable;
  importStaging: ImportStagingTable;
  warningRules: WarningRulesTable;
  warnings: WarningsTable;
  addresses: AddressesTable;
  housing: HousingTable;
  housingTenants: HousingTenantsTable;
  establishments: EstablishmentsTable;
  registerChanges: RegisterChangesTable;
  keypersonCategories: KeypersonCategoriesTable;
  keypersons: KeypersonsTable;
  keypersonCadres: KeypersonCadresTable;
  keypersonVisits: KeypersonVisitsTable;
  keypersonDueMarks: KeypersonDueMarksTable;
  caseReviews: CaseReviewsTable;
  caseSupervisions: CaseSupervisionsTable;
  caseExtensions: CaseExtensionsTable;
  caseSummons: CaseSummonsTable;
  calendarYears: CalendarYearsTable;
  calendarDays: CalendarDaysTable;
  deadlineRules: DeadlineRulesTable;
  caseDeadlineMarks: CaseDeadlineMarksTable;
  notifications: NotificationsTable;
  smsOutbox: SmsOutboxTable;
  cases: CasesTable;
  caseAttachments: CaseAttachmentsTable;
  campaigns: CampaignsTable;
  caseParties: CasePartiesTable;
  caseActions: CaseActionsTable;
  idempotencyKeys: IdempotencyKeysTable;
  caseStatDeltas: CaseStatDeltasTable;
  caseStatRollup: CaseStatRollupTable;
  caseStatCompaction: CaseStatCompactionTable;
  people: PeopleTable;
  gridMembers: GridMembersTable;
  units: UnitsTable;
  unitJurisdictions: UnitJurisdictionsTable;
  userRoles: UserRolesTable;
  deviceTokens: DeviceTokensTable;
  loginFailures: LoginFailuresTable;
  settings: SettingsTable;
  auditLog: AuditLogTable;
  auditSeals: AuditSealsTable;
  regions: RegionsTable;
  regionCodeHistory: RegionCodeHistoryTable;
  users: UsersTable;
  sessions: SessionsTable;
}
