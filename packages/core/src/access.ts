/** Roles and the one permission table every route checks. A role is granted on an org unit and applies to its subtree. */

export const ROLES = [
  'outreach_worker',
  'site_staff',
  'site_manager',
  'me_officer',
  'programme_manager',
  'rights_responder',
  'advocate',
  'donor_viewer',
  'grants_officer',
  'community_expert',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'org.read',
  'org.manage',
  'user.manage',
  'audit.read',
  'settings.manage',
  'keys.manage',
  'client.read',
  'client.write',
  'client.merge',
  'contact.write',
  'contact.correct',
  'referral.manage',
  'ost.dispense',
  'stock.manage',
  'register.import',
  'report.read',
  'report.read.suppressed',
  'estimates.manage',
  'targets.manage',
  'dhis2.manage',
  'caseload.read',
  'device.manage',
  'device.enrol',
  'sync',
  'rights.capture',
  'rights.case',
  'rights.trends',
  'rights.trends.suppressed',
  'advocacy.read',
  'advocacy.manage',
  'project.read',
  'project.manage',
  'network.read',
  'network.manage',
  'grants.read',
  'grants.manage',
  'grants.review',
  'experts.manage',
  'scorecard.read',
  'scorecard.manage',
  'scorecard.visit',
  'scorecard.act',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * Who may do what. Record-level client data is for the people who serve clients; managers and
 * M&E officers see exact aggregates; advocates and donors only suppressed aggregates. Admins run
 * the system (users, tree, keys, audit) but do not read client records or rights cases.
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  outreach_worker: [
    'org.read',
    'client.read',
    'client.write',
    'contact.write',
    'referral.manage',
    'device.enrol',
    'sync',
    'rights.capture',
  ],
  site_staff: [
    'org.read',
    'client.read',
    'client.write',
    'contact.write',
    'contact.correct',
    'referral.manage',
    'ost.dispense',
    'stock.manage',
    'sync',
  ],
  site_manager: [
    'org.read',
    'scorecard.read',
    'scorecard.act',
    'client.read',
    'client.write',
    'client.merge',
    'contact.write',
    'contact.correct',
    'referral.manage',
    'ost.dispense',
    'stock.manage',
    'register.import',
    'report.read',
    'caseload.read',
    'device.manage',
  ],
  me_officer: [
    'org.read',
    'client.read',
    'client.write',
    'client.merge',
    'contact.write',
    'contact.correct',
    'register.import',
    'report.read',
    'estimates.manage',
    'targets.manage',
    'dhis2.manage',
    'caseload.read',
    'advocacy.read',
    'project.read',
    'scorecard.read',
  ],
  programme_manager: [
    'org.read',
    'report.read',
    'estimates.manage',
    'targets.manage',
    'caseload.read',
    'rights.trends',
    'advocacy.read',
    'advocacy.manage',
    'project.read',
    'project.manage',
    'network.read',
    'network.manage',
    'grants.read',
    'experts.manage',
    'scorecard.read',
    'scorecard.manage',
    'scorecard.act',
  ],
  rights_responder: ['org.read', 'rights.capture', 'rights.case', 'rights.trends', 'network.read'],
  advocate: [
    'org.read',
    'report.read.suppressed',
    'rights.trends.suppressed',
    'advocacy.read',
    'advocacy.manage',
    'project.read',
    'network.read',
    'network.manage',
  ],
  donor_viewer: [
    'org.read',
    'report.read.suppressed',
    'rights.trends.suppressed',
    'advocacy.read',
    'project.read',
  ],
  // Runs small-grants calls: applications with the contacts groups chose, screening, reviewers, decisions, grants.
  // Also invites community experts to the pool, with the contact each chose.
  grants_officer: ['org.read', 'grants.read', 'grants.manage', 'network.read', 'experts.manage'],
  // A person with lived experience who reviews what they are assigned: applications (never the group's
  // contact) and site visits for the community scorecard.
  community_expert: ['org.read', 'grants.review', 'scorecard.visit'],
  // Field phones (revoke and wipe a lost one) are run by admins too: the list holds no client data.
  admin: [
    'org.read',
    'org.manage',
    'user.manage',
    'audit.read',
    'settings.manage',
    'keys.manage',
    'device.manage',
  ],
};

/**
 * Roles whose grant opens what even administrators must not reach alone: rights case narratives.
 * Granting one needs the granting administrator's current second-factor code (or the command line on
 * the server), and is audited as its own action.
 */
export const SENSITIVE_ROLES: readonly Role[] = ['rights_responder'];

export function isSensitiveRole(role: Role): boolean {
  return SENSITIVE_ROLES.includes(role);
}

export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** A role held on an org unit; `orgUnitPath` is the materialised path of that unit ("/id/id/"). */
export interface RoleGrant {
  role: Role;
  orgUnitId: string;
  orgUnitPath: string;
}

/** The org-unit paths under which a user holds `permission`, collapsed so no path is inside another. */
export function scopeFor(grants: readonly RoleGrant[], permission: Permission): string[] {
  const paths = grants.filter((g) => roleAllows(g.role, permission)).map((g) => g.orgUnitPath);
  return collapsePaths(paths);
}

export function collapsePaths(paths: readonly string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const p of sorted) if (!kept.some((k) => p.startsWith(k))) kept.push(p);
  return kept;
}

/** True when the unit at `path` lies inside one of `scope`'s subtrees. */
export function pathInScope(path: string, scope: readonly string[]): boolean {
  return scope.some((root) => path.startsWith(root));
}
