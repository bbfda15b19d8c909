/** Table shapes as Kysely sees them. Dates are ISO text (`YYYY-MM-DD`), instants ISO UTC text, booleans 0/1 — the same on SQLite and PostgreSQL. */

import type { Generated } from 'kysely';

export interface MigrationTable {
  name: string;
  checksum: string;
  applied_at: string;
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

export interface Database {
  harbour_migrations: MigrationTable;
  settings: SettingTable;
  org_units: OrgUnitTable;
  users: UserTable;
  role_grants: RoleGrantTable;
  sessions: SessionTable;
  audit_chains: AuditChainTable;
  audit_log: AuditLogTable;
  data_keys: DataKeyTable;
}

export type { Generated };
