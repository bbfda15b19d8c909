/**
 * Rights violations documented the HURIDOCS way — an event, the acts in it (who did what), the
 * affected person, the response — with default lists a programme can extend (programme settings).
 */

export const VIOLATIONS = [
  'police_violence',
  'extortion',
  'arbitrary_arrest',
  'confiscation',
  'planting_evidence',
  'denial_of_health_care',
  'forced_testing',
  'forced_treatment',
  'breach_of_confidentiality',
  'eviction',
  'loss_of_child_custody',
  'discrimination_at_work',
  'sexual_violence',
  'other',
] as const;

export const PERPETRATORS = [
  'police',
  'other_law_enforcement',
  'prison_staff',
  'health_worker',
  'social_worker',
  'employer',
  'landlord',
  'family',
  'partner',
  'community_member',
  'other',
] as const;

export const CHANNELS = ['outreach', 'hotline', 'walk_in', 'online'] as const;

export const RESPONSE_ACTIONS = [
  'legal_aid',
  'medical',
  'psychosocial',
  'shelter',
  'complaint_documentation',
  'mediation',
  'advocacy',
] as const;

export const OUTCOMES = ['resolved', 'partly_resolved', 'unresolved', 'declined', 'lost_contact'] as const;

export const RIGHTS_AGE_BANDS = ['<18', '18-24', '25-34', '35-49', '50+', 'unknown'] as const;

export const STATUS_SAID = ['positive', 'negative', 'unknown', 'not_said'] as const;

export type Violation = (typeof VIOLATIONS)[number];
export type Perpetrator = (typeof PERPETRATORS)[number];
export type Outcome = (typeof OUTCOMES)[number];
