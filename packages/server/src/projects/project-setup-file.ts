/**
 * A project set up from the finance officer's workbook in one go — the set-up and its results
 * framework — from the console's upload or `harbour project import`. The framework is checked on its
 * own first, so a bad target refuses the whole file and nothing is saved half.
 */

import {
  type FieldIssue,
  frameworkInput,
  frameworkIssues,
  InputError,
  type ProjectSummary,
  parseInput,
} from '@harbour/core';
import type { Services } from '../context.js';
import type { Actor } from '../identity/actor.js';
import { setFramework } from './project-results.js';
import { saveProject } from './project-service.js';
import { readProjectWorkbook } from './project-workbook.js';

/** The Framework sheet's row of indicator i (a header row, then one row per indicator). */
const onSheet = (issue: FieldIssue): FieldIssue => {
  const m = /^indicators\.(\d+)(.*)$/.exec(issue.field);
  return m
    ? { ...issue, field: `Framework row ${Number(m[1]) + 2}${m[2] ? ` (${m[2].slice(1)})` : ''}` }
    : issue;
};

export async function setUpFromWorkbook(
  s: Services,
  actor: Actor,
  bytes: Buffer,
  /** Replace the set-up of the project with the workbook's code (recorded spending stays). */
  options: { replace?: boolean } = {},
): Promise<ProjectSummary & { framework: boolean }> {
  const { project, framework } = await readProjectWorkbook(bytes);
  if (framework) {
    let issues: FieldIssue[];
    try {
      const parsed = parseInput(frameworkInput, framework);
      issues = frameworkIssues(parsed, { start: String(project.start), end: String(project.end) });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      issues = e.issues;
    }
    if (issues.length) throw new InputError(issues.map(onSheet));
  }
  const saved = await saveProject(
    s,
    actor,
    project,
    options.replace ? { replace: String(project.code) } : {},
  );
  if (framework) await setFramework(s, actor, saved.code, framework);
  return { ...saved, framework: framework !== null };
}
