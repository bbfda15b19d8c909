/** Every table a backup carries, parents before children, with the key that pages through it in order. */

export interface BackupTable {
  name: string;
  /** Unique, ordered columns for keyset paging; the first ones also order parents before children. */
  key: string[];
}

export const BACKUP_TABLES: BackupTable[] = [
  { name: 'settings', key: ['org_id', 'key'] },
  { name: 'org_units', key: ['level', 'id'] },
  { name: 'users', key: ['id'] },
  { name: 'role_grants', key: ['id'] },
  { name: 'sessions', key: ['id'] },
  { name: 'audit_chains', key: ['chain'] },
  { name: 'audit_log', key: ['chain', 'seq'] },
  { name: 'data_keys', key: ['id'] },
];
