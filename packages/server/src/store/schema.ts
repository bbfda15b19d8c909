/** Table shapes as Kysely sees them. Dates are ISO text (`YYYY-MM-DD`), instants ISO UTC text, booleans 0/1 — the same on SQLite and PostgreSQL. */

import type { Generated } from 'kysely';

export interface MigrationTable {
  name: string;
  checksum: string;
  applied_at: string;
}

/** An index a bulk load dropped, to be built at its end (store/deferred-indexes.ts). */
export interface DeferredIndexTable {
  name: string;
  /** The statement that makes it again, as the database itself gave it. */
  definition: string;
}

export interface SettingTable {
  /** '' for installation-wide settings, else the organisation's id. */
  org_id: string;
  key: string;
  /** JSON text. */
  value: string;
  updated_at: string;
}

export interface OrgUnitTable {
  id: string;
  /** The owning organisation (ancestor at the organisation level); null above that level. */
  org_id: string | null;
  code: string;
  name: string;
  parent_id: string | null;
  /** 1 for a root. */
  level: number;
  /** Materialised path of ids, "/root/…/self/", for subtree scoping. */
  path: string;
  /** ISO 3166-1 alpha-2 code of a country-level unit (advocacy: Harbour's own figures for the country). */
  country: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: string;
  org_id: string | null;
  username: string;
  display_name: string;
  password_hash: string;
  /** Staff code used in registers (`worker` column). */
  staff_code: string | null;
  locale: string;
  /** Envelope-encrypted TOTP secret, or null. */
  totp_secret: string | null;
  totp_enabled: number;
  /** The last accepted TOTP time step, so a code cannot be replayed. */
  totp_last_counter: number | null;
  disabled_at: string | null;
  failed_logins: number;
  /** Wrong second-factor codes since the last right one (counted apart from passwords). */
  failed_totp: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface RoleGrantTable {
  id: string;
  org_id: string | null;
  user_id: string;
  role: string;
  org_unit_id: string;
  created_at: string;
}

export interface SessionTable {
  /** SHA-256 of the session token; the token itself is only in the user's cookie. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  /** 1 once the second factor was given (or none is needed). */
  mfa_ok: number;
}

export interface AuditChainTable {
  chain: string;
  seq: number;
  head_hash: string;
}

export interface AuditLogTable {
  chain: string;
  seq: number;
  at: string;
  actor_id: string | null;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  org_unit_id: string | null;
  /** JSON text: ids, counts and field names only — never a sensitive value. */
  details: string;
  prev_hash: string;
  hash: string;
}

export interface DataKeyTable {
  id: string;
  /** '' for installation secrets (e.g. TOTP), else the organisation's id. */
  org_id: string;
  version: number;
  /** The data key wrapped (AES-256-GCM) by the master key. */
  wrapped_key: string;
  created_at: string;
  retired_at: string | null;
}

export interface ClientTable {
  id: string;
  org_id: string;
  /** HMAC-SHA256(programme key, normalised UIC): the raw code is never stored. */
  uic_hash: string;
  /** 0, or the number that tells apart two people who share a code. */
  uic_suffix: number;
  sex: string;
  birth_year: number | null;
  kp: string | null;
  enrol_site_id: string;
  first_contact_date: string | null;
  last_contact_date: string | null;
  /** Sealed alias, only when the programme turned aliases on. */
  alias: string | null;
  /** Set when this client was merged into another: reports count the survivor. */
  merged_into: string | null;
  /** JSON: hybrid logical clock per profile field, for offline edits (last writer wins per field). */
  profile_clock: string;
  created_at: string;
  created_by: string | null;
  updated_at: string;
}

/** A client whose code is still hashed with the installation's key while its organisation moves to its own (0023). */
export interface UicRekeyPendingTable {
  client_id: string;
  org_id: string;
}

export interface ClientUicPartialTable {
  client_id: string;
  org_id: string;
  part: number;
  hash: string;
}

export interface ClientSiteTable {
  client_id: string;
  site_id: string;
  org_id: string;
  first_contact_date: string | null;
  last_contact_date: string | null;
}

export interface ContactTable {
  id: string;
  org_id: string;
  client_id: string;
  site_id: string;
  contact_date: string;
  contact_time: string | null;
  place_type: string;
  worker_id: string | null;
  worker_code: string | null;
  /** JSON array of ContactItem. */
  items: string;
  syringes: number;
  needles: number;
  returned: number;
  condoms: number;
  naloxone: number;
  reversals: number;
  flags: number;
  /** 1 unless voided or superseded by a correction. */
  active: number;
  source: string;
  external_id: string | null;
  supersedes_id: string | null;
  superseded_by: string | null;
  voided_at: string | null;
  void_reason: string | null;
  device_id: string | null;
  created_at: string;
  created_by: string | null;
}

export interface ClientEventTable {
  id: string;
  org_id: string;
  client_id: string;
  contact_id: string;
  site_id: string;
  event_date: string;
  kind: string;
  value: string | null;
  detail: string | null;
  num: number | null;
}

export interface ReferralTable {
  id: string;
  org_id: string;
  client_id: string;
  contact_id: string;
  site_id: string;
  service: string;
  /** Where to, by name; null when not said. */
  provider: string | null;
  issued_date: string;
  due_date: string;
  status: string;
  /** The date of the outcome (completed, declined or lost). */
  completed_date: string | null;
  updated_at: string;
  updated_by: string | null;
}

export interface OverdoseEventTable {
  id: string;
  org_id: string;
  site_id: string;
  client_id: string | null;
  occurred_on: string;
  occurred_time: string | null;
  place: string;
  ambulance: number;
  doses: number;
  outcome: string;
  source: string;
  device_id: string | null;
  recorded_by: string | null;
  recorded_at: string;
  voided_at: string | null;
  void_reason: string | null;
}

export interface OstPrescriptionTable {
  id: string;
  org_id: string;
  client_id: string;
  site_id: string;
  medicine: string;
  mg: number;
  take_home_days: number;
  /** In force from this day until a newer prescription's. */
  valid_from: string;
  prescribed_by: string | null;
  created_at: string;
}

export interface OstEpisodeTable {
  id: string;
  org_id: string;
  client_id: string;
  site_id: string;
  start_date: string;
  stop_date: string | null;
  /** Why it ended: a reason from the stop, or `lost` (core ost.ts). */
  stop_reason: string | null;
  medicine: string | null;
  last_dose_date: string | null;
  last_dose_mg: number | null;
}

export interface ClientMonthTable {
  client_id: string;
  site_id: string;
  month: string;
  /** The person counted: the record this client was merged into, else the client itself. */
  person_id: string;
  org_id: string;
  contacts: number;
  syringes: number;
  needles: number;
  returned: number;
  condoms: number;
  naloxone: number;
  reversals: number;
  flags: number;
}

/** What a contact's row sums up (core `ContactSummary`), in the same columns of contacts and rollups. */
export const CONTACT_QUANTITIES = [
  'syringes',
  'needles',
  'returned',
  'condoms',
  'naloxone',
  'reversals',
] as const;

/** The summed quantities of the client × site × month and × quarter rollups (their flags are OR-ed). */
export const ROLLUP_QUANTITIES = ['contacts', ...CONTACT_QUANTITIES] as const;

/** The same sums over a calendar quarter: what quarterly reports read. */
export interface ClientQuarterTable {
  client_id: string;
  site_id: string;
  /** 2026Q3 */
  quarter: string;
  /** The person counted: the record this client was merged into, else the client itself. */
  person_id: string;
  org_id: string;
  contacts: number;
  syringes: number;
  needles: number;
  returned: number;
  condoms: number;
  naloxone: number;
  reversals: number;
  flags: number;
}

export interface StockMovementTable {
  id: string;
  org_id: string;
  site_id: string;
  commodity: string;
  movement_date: string;
  /** receipt, adjustment, transfer_out, transfer_in, loss, issued_to_worker, returned_by_worker */
  kind: string;
  /** Signed: receipts add, losses and transfers out subtract. Distribution to clients comes from contacts. */
  quantity: number;
  reason: string | null;
  created_at: string;
  created_by: string | null;
}

export interface StockDistributedTable {
  site_id: string;
  commodity: string;
  day: string;
  org_id: string;
  quantity: number;
}

export interface StockThresholdTable {
  site_id: string;
  commodity: string;
  org_id: string;
  minimum: number;
}

export interface DuplicatePairTable {
  id: string;
  org_id: string;
  client_a: string;
  client_b: string;
  reason: string;
  /** open, merged, distinct */
  status: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

export interface ClientMergeTable {
  id: string;
  org_id: string;
  survivor_id: string;
  merged_id: string;
  /** JSON array of client ids that pointed at the merged client and were re-pointed at the survivor. */
  moved_ids: string;
  merged_at: string;
  merged_by: string | null;
  undone_at: string | null;
  undone_by: string | null;
}

export interface SizeEstimateTable {
  org_unit_id: string;
  year: number;
  org_id: string | null;
  pwid: number;
  pwid_opioid: number | null;
  pwid_lower: number | null;
  pwid_upper: number | null;
  source: string | null;
  updated_at: string;
  updated_by: string | null;
}

export interface TargetTable {
  org_unit_id: string;
  indicator: string;
  period_start: string;
  period_end: string;
  period_id: string;
  org_id: string | null;
  value: number;
  updated_at: string;
  updated_by: string | null;
}

export interface ClientHivTable {
  client_id: string;
  org_id: string;
  first_result_date: string | null;
  first_positive_date: string | null;
  first_art_date: string | null;
}

export interface Database {
  harbour_migrations: MigrationTable;
  deferred_indexes: DeferredIndexTable;
  settings: SettingTable;
  org_units: OrgUnitTable;
  country_figures: CountryFigureTable;
  country_figure_versions: CountryFigureVersionTable;
  advocacy_scenarios: AdvocacyScenarioTable;
  users: UserTable;
  role_grants: RoleGrantTable;
  sessions: SessionTable;
  audit_chains: AuditChainTable;
  audit_log: AuditLogTable;
  data_keys: DataKeyTable;
  clients: ClientTable;
  client_uic_partials: ClientUicPartialTable;
  client_sites: ClientSiteTable;
  contacts: ContactTable;
  client_events: ClientEventTable;
  referrals: ReferralTable;
  ost_episodes: OstEpisodeTable;
  ost_prescriptions: OstPrescriptionTable;
  overdose_events: OverdoseEventTable;
  client_month: ClientMonthTable;
  client_quarter: ClientQuarterTable;
  stock_movements: StockMovementTable;
  stock_distributed: StockDistributedTable;
  stock_thresholds: StockThresholdTable;
  duplicate_pairs: DuplicatePairTable;
  client_merges: ClientMergeTable;
  size_estimates: SizeEstimateTable;
  targets: TargetTable;
  client_hiv: ClientHivTable;
  org_unit_boundaries: OrgUnitBoundaryTable;
  devices: DeviceTable;
  sync_items: SyncItemTable;
  client_aliases: ClientAliasTable;
  sync_changes: SyncChangeTable;
  rights_cases: RightsCaseTable;
  rights_case_keys: RightsCaseKeyTable;
  rights_acts: RightsActTable;
  rights_responses: RightsResponseTable;
  rights_followups: RightsFollowUpTable;
  rights_consents: RightsConsentTable;
  rights_capture_keys: RightsCaptureKeyTable;
  projects: ProjectTable;
  project_members: ProjectMemberTable;
  project_lines: ProjectLineTable;
  project_budgets: ProjectBudgetTable;
  project_spending: ProjectSpendingTable;
  project_indicators: ProjectIndicatorTable;
  project_targets: ProjectTargetTable;
  project_values: ProjectValueTable;
  receiving_tokens: ReceivingTokenTable;
  received_values: ReceivedValueTable;
  project_reports: ProjectReportTable;
  project_report_events: ProjectReportEventTable;
  community_groups: CommunityGroupTable;
  uic_rekey_pending: UicRekeyPendingTable;
  grant_calls: GrantCallTable;
  grant_applications: GrantApplicationTable;
  grant_files: GrantFileTable;
  grant_reviews: GrantReviewTable;
  grant_tranches: GrantTrancheTable;
  grant_reports: GrantReportTable;
  expert_profiles: ExpertProfileTable;
  expert_invitations: ExpertInvitationTable;
  review_checklists: ReviewChecklistTable;
  service_reviews: ServiceReviewTable;
  review_actions: ReviewActionTable;
}

/** Migration 0025: a community expert's profile (contact sealed; languages and expertise as JSON lists). */
export interface ExpertProfileTable {
  user_id: string;
  org_id: string;
  unit_id: string;
  country: string;
  languages: string;
  expertise: string;
  contact: string | null;
  created_at: string;
  updated_at: string;
}

/** Migration 0025: an invitation to the pool of experts (found by its token's hash; contact sealed). */
export interface ExpertInvitationTable {
  id: string;
  org_id: string;
  unit_id: string;
  token_hash: string;
  display_name: string;
  country: string;
  languages: string;
  expertise: string;
  contact: string | null;
  invited_by: string | null;
  expires_at: string;
  accepted_at: string | null;
  accepted_user_id: string | null;
  withdrawn_at: string | null;
  created_at: string;
}

/** Migration 0025: the checklist an org unit's sites are scored by (items as JSON). */
export interface ReviewChecklistTable {
  id: string;
  unit_id: string;
  org_id: string;
  name: string;
  items: string;
  created_at: string;
  updated_at: string;
}

/** Migration 0025: an expert's visit to a site (scores and feedback as JSON; notes and summary sealed). */
export interface ServiceReviewTable {
  id: string;
  checklist_id: string;
  site_id: string;
  org_id: string;
  expert_id: string;
  assigned_on: string;
  due_on: string;
  state: 'assigned' | 'submitted';
  visited_on: string | null;
  scores: string | null;
  notes: string | null;
  summary: string | null;
  feedback: string | null;
  submitted_at: string | null;
  created_at: string;
  updated_at: string;
}

/** Migration 0025: an action item a finding became (action, owner and note sealed). */
export interface ReviewActionTable {
  id: string;
  site_id: string;
  org_id: string;
  review_id: string | null;
  item: string | null;
  action: string;
  owner: string;
  due_on: string;
  status: 'open' | 'in_progress' | 'done' | 'dropped';
  note: string | null;
  created_at: string;
  updated_at: string;
}

/** Migration 0024: small-grants calls (definition as JSON). */
export interface GrantCallTable {
  id: string;
  unit_id: string;
  org_id: string;
  definition: string;
  opens_at: string;
  closes_at: string;
  created_at: string;
  updated_at: string;
}

/** Migration 0024: an application; group name, contact, summary, answers and reasons sealed. */
export interface GrantApplicationTable {
  id: string;
  call_id: string;
  org_id: string;
  token_hash: string;
  group_name: string;
  contact: string;
  country: string;
  amount: string;
  summary: string;
  answers: string;
  language: string;
  screening: 'pending' | 'eligible' | 'ineligible';
  screening_reason: string | null;
  screened_at: string | null;
  decision: 'pending' | 'awarded' | 'declined';
  awarded_amount: string | null;
  decision_reason: string | null;
  decided_at: string | null;
  grant_status: 'active' | 'reported' | 'closed' | 'suspended' | null;
  grant_status_reason: string | null;
  created_at: string;
  updated_at: string;
}

/** Migration 0024: a file attached to an application (name and content sealed). */
export interface GrantFileTable {
  id: string;
  application_id: string;
  org_id: string;
  field_id: string;
  name: string;
  file_type: string;
  size: number;
  content: string;
  created_at: string;
}

/** Migration 0024: a reviewer on an application (conflict reason and comments sealed). */
export interface GrantReviewTable {
  application_id: string;
  reviewer_id: string;
  call_id: string;
  org_id: string;
  state: 'assigned' | 'accepted' | 'conflict' | 'submitted';
  conflict_reason: string | null;
  scores: string | null;
  comments: string | null;
  assigned_at: string;
  declared_at: string | null;
  submitted_at: string | null;
}

/** Migration 0024: money paid to an awarded group in parts. */
export interface GrantTrancheTable {
  id: string;
  application_id: string;
  org_id: string;
  planned_on: string;
  amount: string;
  paid_on: string | null;
  created_at: string;
}

/** Migration 0024: a report an awarded group owes (narrative sealed). */
export interface GrantReportTable {
  id: string;
  application_id: string;
  org_id: string;
  kind: 'narrative' | 'financial';
  due_on: string;
  narrative: string | null;
  spent: string | null;
  submitted_at: string | null;
}

/** Migration 0022: the directory of drug-user groups and networks (contact and notes sealed). */
export interface CommunityGroupTable {
  id: string;
  keeper_id: string;
  org_id: string;
  name: string;
  country: string;
  region: string | null;
  kind: 'network' | 'group' | 'organisation';
  status: 'registered' | 'informal';
  founded: number | null;
  membership: 'under_10' | '10_49' | '50_199' | '200_plus' | null;
  languages: string;
  contact: string | null;
  listed_publicly: number;
  national_seat: 'member' | 'alternate' | 'observer' | 'none';
  ccm_seat: 'member' | 'alternate' | 'observer' | 'none';
  small_grant: number;
  /** Migration 0025: the awarded application of the small grant the group received, when linked. */
  grant_application_id: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
}

/** Migration 0021: members' periodic reports to the lead, and what happened to each. */
export interface ProjectReportTable {
  id: string;
  project_id: string;
  member_id: string;
  org_id: string;
  period: string;
  status: 'submitted' | 'returned' | 'accepted';
  narrative: string;
  submitted_at: string;
  reviewed_at: string | null;
  updated_at: string;
}

export interface ProjectReportEventTable {
  id: string;
  report_id: string;
  org_id: string;
  at: string;
  actor_id: string | null;
  actor: string;
  action: 'submitted' | 'returned' | 'accepted' | 'reopened';
  comment: string | null;
}

/** Migration 0020: tokens members' own servers send with, and the figures they sent. */
export interface ReceivingTokenTable {
  id: string;
  token_hash: string;
  project_id: string;
  member_id: string;
  org_id: string;
  label: string;
  data_elements: string;
  org_units: string;
  created_at: string;
  created_by: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface ReceivedValueTable {
  org_unit_id: string;
  indicator: string;
  period: string;
  cell: string;
  org_id: string;
  data_element: string;
  value: number;
  token_id: string;
  received_at: string;
  updated_at: string;
}

export interface ProjectIndicatorTable {
  project_id: string;
  code: string;
  position: number;
  objective: string;
  result: string;
  name: string;
  harbour: string | null;
  unit: string | null;
  baseline: number | null;
  split_yearly: number;
}

export interface ProjectTargetTable {
  project_id: string;
  indicator_code: string;
  period: string;
  value: number;
}

export interface ProjectValueTable {
  id: string;
  project_id: string;
  indicator_code: string;
  member_id: string;
  org_id: string;
  period: string;
  value: number;
  evidence: string;
  recorded_at: string;
  recorded_by: string | null;
}

/** Money is decimal text with two places; rates decimal text (migration 0018, core projects/money.ts). */
export interface ProjectTable {
  id: string;
  keeper_id: string;
  code: string;
  name: string;
  donor: string;
  currency: string;
  start_date: string;
  end_date: string;
  total_budget: string;
  created_at: string;
  created_by: string | null;
  updated_at: string;
  /** Migration 0021: how often members report, and how many days after a period ends it is due. */
  report_every: 'quarter' | 'sixmonth' | 'year';
  report_due_days: number;
}

export interface ProjectMemberTable {
  project_id: string;
  member_id: string;
  org_id: string;
}

export interface ProjectLineTable {
  project_id: string;
  code: string;
  name: string;
  position: number;
}

export interface ProjectBudgetTable {
  project_id: string;
  member_id: string;
  line_code: string;
  org_id: string;
  amount: string;
}

export interface ProjectSpendingTable {
  id: string;
  project_id: string;
  member_id: string;
  org_id: string;
  line_code: string;
  period: string;
  amount: string;
  currency: string;
  rate: string;
  converted: string;
  recorded_at: string;
  recorded_by: string | null;
}

export interface RightsCaptureKeyTable {
  org_id: string;
  /** SPKI, base64: what phones encrypt to. */
  public_key: string;
  private_sealed: string;
  created_at: string;
}

export interface RightsCaseTable {
  id: string;
  org_id: string;
  site_id: string;
  place_id: string;
  occurred_on: string;
  channel: string;
  sex: string;
  age_band: string;
  kp: string | null;
  hiv: string;
  tb: string;
  client_id: string | null;
  consent_advocacy: number;
  consent_contact: number;
  /** Sealed with the case's own key; null once consent is withdrawn. */
  narrative: string | null;
  status: string;
  outcome: string | null;
  closed_on: string | null;
  withdrawn_at: string | null;
  created_at: string;
  created_by: string | null;
  updated_at: string;
}

export interface RightsCaseKeyTable {
  case_id: string;
  org_id: string;
  wrapped: string;
}

export interface RightsActTable {
  id: string;
  case_id: string;
  org_id: string;
  violation: string;
  perpetrator: string;
}

export interface RightsResponseTable {
  id: string;
  case_id: string;
  org_id: string;
  action: string;
  by_referral: number;
  response_date: string;
  /** Sealed with the case key (case-keys.ts); null when none was written or consent was withdrawn. */
  note: string | null;
  created_at: string;
  created_by: string | null;
}

export interface RightsFollowUpTable {
  id: string;
  case_id: string;
  org_id: string;
  due_date: string;
  done_on: string | null;
  /** Set when the case was closed with this follow-up still to do. */
  cancelled_on: string | null;
  /** Sealed with the case key, like a response's note. */
  note: string | null;
  created_at: string;
  created_by: string | null;
}

export interface RightsConsentTable {
  id: string;
  case_id: string;
  org_id: string;
  record: number;
  advocacy: number;
  contact: number;
  at: string;
  by: string | null;
}

export interface DeviceTable {
  id: string;
  org_id: string;
  user_id: string;
  site_id: string;
  name: string;
  /** SHA-256 of the bearer token; the token lives only on the phone. */
  token_hash: string;
  app_version: string | null;
  enrolled_at: string;
  last_sync_at: string | null;
  pending: number;
  accepted: number;
  rejected: number;
  revoked_at: string | null;
  wipe_requested_at: string | null;
  wiped_at: string | null;
}

export interface SyncItemTable {
  id: string;
  device_id: string;
  org_id: string;
  kind: string;
  status: string;
  /** JSON ItemResult, answered again when the same item is pushed again. */
  result: string;
  received_at: string;
}

export interface ClientAliasTable {
  alias_id: string;
  client_id: string;
  org_id: string;
  created_at: string;
}

/** Maintained by triggers: each client's latest change number, for phones pulling by cursor. */
export interface SyncChangeTable {
  client_id: string;
  org_id: string;
  seq: number | string;
}

export interface OrgUnitBoundaryTable {
  org_unit_id: string;
  org_id: string | null;
  /** GeoJSON geometry (Polygon or MultiPolygon) as JSON text. */
  geometry: string;
  updated_at: string;
}

export interface CountryFigureTable {
  id: string;
  keeper_id: string;
  country: string;
  year: number;
  measure: string;
  value: string;
  unit: string | null;
  source: string;
  as_of: string | null;
  lower: string | null;
  upper: string | null;
  url: string | null;
  notes: string | null;
  version: number;
  updated_at: string;
  updated_by: string;
}

export interface CountryFigureVersionTable {
  figure_id: string;
  version: number;
  keeper_id: string;
  value: string;
  unit: string | null;
  source: string;
  as_of: string | null;
  lower: string | null;
  upper: string | null;
  url: string | null;
  notes: string | null;
  changed_at: string;
  changed_by: string;
}

export interface AdvocacyScenarioTable {
  id: string;
  keeper_id: string;
  country: string;
  year: number;
  name: string;
  what_if: string;
  created_at: string;
  created_by: string;
}

export type { Generated };
