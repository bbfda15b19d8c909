/**
 * Reviewers for a call's applications: each application gets the call's number of reviewers, the
 * least loaded first (ties by id, so the result is the same every time), never one who declared a
 * conflict with it or who already reviews it. What the pool cannot cover is said, not hidden.
 */

export interface Assignment {
  application: string;
  reviewer: string;
  /** The reviewer declared a conflict of interest: they are off this application for good. */
  conflict: boolean;
}

export interface AssignmentPlan {
  /** New pairs to add. */
  add: { application: string; reviewer: string }[];
  /** Applications that still lack reviewers after the plan, and how many. */
  short: { application: string; missing: number }[];
}

export function assignReviewers(
  applications: readonly string[],
  reviewers: readonly string[],
  perApplication: number,
  existing: readonly Assignment[],
): AssignmentPlan {
  const load = new Map(reviewers.map((r) => [r, 0]));
  const taken = new Map<string, Set<string>>();
  for (const a of existing) {
    const set = taken.get(a.application) ?? new Set<string>();
    set.add(a.reviewer);
    taken.set(a.application, set);
    if (!a.conflict && load.has(a.reviewer)) load.set(a.reviewer, load.get(a.reviewer)! + 1);
  }
  const add: AssignmentPlan['add'] = [];
  const short: AssignmentPlan['short'] = [];
  for (const application of [...applications].sort()) {
    const already = existing.filter((a) => a.application === application && !a.conflict).length;
    let need = perApplication - already;
    const set = taken.get(application) ?? new Set<string>();
    const free = reviewers
      .filter((r) => !set.has(r))
      .sort((a, b) => load.get(a)! - load.get(b)! || a.localeCompare(b));
    for (const r of free) {
      if (need <= 0) break;
      add.push({ application, reviewer: r });
      load.set(r, load.get(r)! + 1);
      need--;
    }
    if (need > 0) short.push({ application, missing: need });
  }
  return { add, short };
}
