/**
 * Every rule an error may name (FieldIssue.rule): the console says each in the user's language under
 * `errors.<rule>`, so a rule not listed here does not compile, and one listed without its sentence fails
 * the web's type check and catalogue test.
 */
export const RULES = [
  // Shape of a value
  'required',
  'format',
  'enum',
  'type',
  'number',
  'percent',
  'year',
  'length',
  'max_length',
  'min',
  'max',
  'range',
  'bounds',
  'no_bounds',
  'sum',
  'distinct',
  'url',
  'iso3166',
  'iso4217',
  'no_unit',
  'suffix',
  'control_character',
  'json',
  'depth',
  'invalid',
  'unexpected',
  'unknown',
  // What a validator found (the request's schema)
  'invalid_type',
  'invalid_format',
  'invalid_value',
  'too_small',
  'too_big',
  // Dates and periods
  'future',
  'past',
  'too_old',
  'order',
  'period',
  'standard_period',
  'coarse',
  // Other records
  'exists',
  'not_found',
  'unique',
  'duplicate',
  // Files and their columns
  'file',
  'csv',
  'empty',
  'columns',
  'missing_column',
  'unknown_column',
  'mislabelled',
  // The org tree
  'cycle',
  'level',
  'organisation',
  'move',
  'scope',
  // People and sign-in
  'password',
  'match',
  'self',
  'last',
  'second_factor',
  'totp',
  'enabled',
  'disabled',
  'inactive',
  // The state of a record
  'state',
  'closed',
  'locked',
  'retry',
  'conflict',
  'error',
  // Services
  'not_on_ost',
  'confirm',
  'open_follow_ups',
  // DHIS2
  'mapping',
  'unreachable',
  'refused',
  'not_a_data_set',
  // Projects
  'project_dates',
  'member',
  'member_unit',
  'line',
  'has_spending',
  'has_values',
  'computed',
  'reporting_period',
  'period_open',
  'under_review',
  'accepted',
  // Small grants
  'deadline',
  'not_open',
  'still_open',
  'declared',
  'undeclared',
  'decided',
  'not_eligible',
  'not_awarded',
  'paid',
  // Country figures
  'measure',
  'whole_number',
  'rate',
  'custom_value',
  'usd_rate',
  // Service reviews
  'before_assignment',
  'submitted',
] as const;

export type Rule = (typeof RULES)[number];

/**
 * The rule for a schema validator's issue code (zod's, or Ajv's keyword): its own name where the
 * console has a sentence for it, `unknown` for a field the schema does not have, else `invalid`.
 */
export function validatorRule(code: string | undefined): Rule {
  switch (code) {
    case 'invalid_type':
    case 'invalid_format':
    case 'invalid_value':
    case 'too_small':
    case 'too_big':
      return code;
    case 'unrecognized_keys':
      return 'unknown';
    default:
      return 'invalid';
  }
}
