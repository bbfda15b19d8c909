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
  { name: 'clients', key: ['id'] },
  { name: 'client_uic_partials', key: ['client_id', 'part'] },
  { name: 'client_sites', key: ['client_id', 'site_id'] },
  { name: 'contacts', key: ['id'] },
  { name: 'client_events', key: ['id'] },
  { name: 'referrals', key: ['id'] },
  { name: 'ost_episodes', key: ['id'] },
  { name: 'ost_prescriptions', key: ['id'] },
  { name: 'overdose_events', key: ['id'] },
  { name: 'client_month', key: ['client_id', 'site_id', 'month'] },
  { name: 'client_quarter', key: ['client_id', 'site_id', 'quarter'] },
  { name: 'stock_movements', key: ['id'] },
  { name: 'stock_distributed', key: ['site_id', 'commodity', 'day'] },
  { name: 'stock_thresholds', key: ['site_id', 'commodity'] },
  { name: 'duplicate_pairs', key: ['id'] },
  { name: 'client_merges', key: ['id'] },
  { name: 'size_estimates', key: ['org_unit_id', 'year'] },
  { name: 'targets', key: ['org_unit_id', 'indicator', 'period_start', 'period_end'] },
  { name: 'client_hiv', key: ['client_id'] },
  { name: 'org_unit_boundaries', key: ['org_unit_id'] },
  { name: 'devices', key: ['id'] },
  { name: 'sync_items', key: ['id'] },
  { name: 'client_aliases', key: ['alias_id'] },
  { name: 'rights_cases', key: ['id'] },
  { name: 'rights_case_keys', key: ['case_id'] },
  { name: 'rights_acts', key: ['id'] },
  { name: 'rights_responses', key: ['id'] },
  { name: 'rights_followups', key: ['id'] },
  { name: 'rights_consents', key: ['id'] },
  { name: 'rights_capture_keys', key: ['org_id'] },
  { name: 'country_figures', key: ['id'] },
  { name: 'country_figure_versions', key: ['figure_id', 'version'] },
  { name: 'advocacy_scenarios', key: ['id'] },
  { name: 'projects', key: ['id'] },
  { name: 'project_members', key: ['project_id', 'member_id'] },
  { name: 'project_lines', key: ['project_id', 'code'] },
  { name: 'project_budgets', key: ['project_id', 'member_id', 'line_code'] },
  { name: 'project_spending', key: ['id'] },
  { name: 'project_indicators', key: ['project_id', 'code'] },
  { name: 'project_targets', key: ['project_id', 'indicator_code', 'period'] },
  { name: 'project_values', key: ['id'] },
  { name: 'receiving_tokens', key: ['id'] },
  { name: 'received_values', key: ['org_unit_id', 'indicator', 'period', 'cell'] },
  { name: 'project_reports', key: ['id'] },
  { name: 'project_report_events', key: ['id'] },
  { name: 'community_groups', key: ['id'] },
  { name: 'grant_calls', key: ['id'] },
  { name: 'grant_applications', key: ['id'] },
  { name: 'grant_files', key: ['id'] },
  { name: 'grant_reviews', key: ['application_id', 'reviewer_id'] },
  { name: 'grant_tranches', key: ['id'] },
  { name: 'grant_reports', key: ['id'] },
  { name: 'expert_profiles', key: ['user_id'] },
  { name: 'expert_invitations', key: ['id'] },
  { name: 'review_checklists', key: ['id'] },
  { name: 'service_reviews', key: ['id'] },
  { name: 'review_actions', key: ['id'] },
  { name: 'uic_rekey_pending', key: ['client_id'] },
];

/**
 * Tables a backup leaves out because triggers rebuild them while the rows above are restored
 * (each client's place in the phones' change sequence).
 */
export const DERIVED_TABLES = ['sync_changes'];

/**
 * Tables about the store itself rather than the programme, which a backup never carries: the log of
 * migrations applied (a restore builds the schema its own way) and the indexes a bulk load has yet to
 * build (a restored database has them all).
 */
export const STORE_TABLES = ['harbour_migrations', 'deferred_indexes'];
