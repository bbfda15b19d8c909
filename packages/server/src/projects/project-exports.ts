/** A project's dashboard as a workbook for the finance officer: by member, by line, by cell, the entries, and what it is. */

import type { BudgetFigureView, ProjectDashboard, ProjectResults, ReportCalendar } from '@harbour/core';

const FIGURE_COLUMNS = [
  { header: 'Budget', key: 'budget' },
  { header: 'Spent', key: 'spent' },
  { header: 'Spent (share)', key: 'share' },
  { header: 'Left', key: 'remaining' },
  { header: 'Burn per month', key: 'burnPerMonth' },
  { header: 'At this pace by the end', key: 'projected' },
  { header: 'Pace', key: 'flag' },
] as const;

const FLAGS: Record<string, string> = {
  over: 'over budget',
  over_pace: 'spending too fast',
  under_pace: 'spending too slowly',
};

/** Money cells as numbers (exact to the cent as written), so a spreadsheet adds them up. */
const row = (f: BudgetFigureView) => ({
  budget: Number(f.budget),
  spent: Number(f.spent),
  share: f.share,
  remaining: Number(f.remaining),
  burnPerMonth: Number(f.burnPerMonth),
  projected: Number(f.projected),
  flag: f.flag ? FLAGS[f.flag] : '',
});

export async function projectToXlsx(
  d: ProjectDashboard,
  results?: ProjectResults,
  calendar?: ReportCalendar,
): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Harbour';
  const money = `#,##0.00 "${d.project.currency}"`;
  const sheet = (name: string, first: { header: string; key: string }[], rows: Record<string, unknown>[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = [...first, ...FIGURE_COLUMNS].map((c) => ({ ...c, width: c.key === 'flag' ? 20 : 18 }));
    ws.getRow(1).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    for (const key of ['budget', 'spent', 'remaining', 'burnPerMonth', 'projected'])
      ws.getColumn(key).numFmt = money;
    ws.getColumn('share').numFmt = '0%';
  };
  const memberName = new Map(d.members.map((m) => [m.code, m.name]));
  const lineName = new Map(d.lines.map((l) => [l.code, l.name]));
  sheet(
    'By member',
    [{ header: 'Member', key: 'member' }],
    [
      ...d.byMember.map((f) => ({ member: memberName.get(f.code) ?? f.code, ...row(f) })),
      { member: 'Total', ...row(d.total) },
    ],
  );
  sheet(
    'By line',
    [{ header: 'Budget line', key: 'line' }],
    [
      ...d.byLine.map((f) => ({ line: lineName.get(f.code) ?? f.code, ...row(f) })),
      { line: 'Total', ...row(d.total) },
    ],
  );
  if (d.cells.length)
    sheet(
      'By member and line',
      [
        { header: 'Member', key: 'member' },
        { header: 'Budget line', key: 'line' },
      ],
      d.cells.map((f) => ({
        member: memberName.get(f.member) ?? f.member,
        line: lineName.get(f.line) ?? f.line,
        ...row(f),
      })),
    );
  if (d.spending.length) {
    const ws = wb.addWorksheet('Spending');
    ws.columns = [
      { header: 'Period', key: 'period', width: 10 },
      { header: 'Member', key: 'member', width: 24 },
      { header: 'Budget line', key: 'line', width: 18 },
      { header: 'Amount as spent', key: 'amount', width: 16 },
      { header: 'Currency', key: 'currency', width: 10 },
      { header: 'Rate', key: 'rate', width: 12 },
      { header: `In ${d.project.currency}`, key: 'converted', width: 16 },
      { header: 'Recorded', key: 'recordedAt', width: 22 },
    ];
    ws.getRow(1).font = { bold: true };
    for (const e of d.spending)
      ws.addRow({
        ...e,
        member: memberName.get(e.member) ?? e.member,
        line: lineName.get(e.line) ?? e.line,
        amount: Number(e.amount),
        converted: Number(e.converted),
      });
  }
  if (results?.indicators.length) {
    // One row per indicator, period and member (and the members' total), values as numbers.
    const ws = wb.addWorksheet('Results', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = [
      { header: 'Objective', key: 'objective', width: 28 },
      { header: 'Expected result', key: 'result', width: 28 },
      { header: 'Indicator', key: 'name', width: 28 },
      { header: 'Harbour indicator', key: 'harbour', width: 16 },
      { header: 'Period', key: 'period', width: 10 },
      { header: 'Member', key: 'member', width: 24 },
      { header: 'Target', key: 'target', width: 10 },
      { header: 'Achieved', key: 'value', width: 10 },
      { header: 'Achieved (share)', key: 'share', width: 12 },
      { header: 'Source', key: 'source', width: 22 },
      { header: 'Evidence', key: 'evidence', width: 40 },
    ];
    ws.getRow(1).font = { bold: true };
    ws.getColumn('share').numFmt = '0.0%';
    for (const ind of results.indicators)
      for (const p of ind.periods) {
        const base = {
          objective: ind.objective,
          result: ind.result,
          name: ind.name,
          harbour: ind.harbour ?? '',
          period: p.period,
        };
        ws.addRow({
          ...base,
          member: ind.sumCountsPeopleTwice ? "All members (sum of members' counts)" : 'All members',
          target: p.target,
          value: p.achieved,
          share: p.share,
        });
        for (const b of p.byMember)
          ws.addRow({
            ...base,
            member: memberName.get(b.member) ?? b.member,
            value: b.value,
            source:
              b.source === 'received'
                ? `sent by its own server ${b.receivedAt?.slice(0, 10) ?? ''}`
                : b.source === 'computed'
                  ? 'computed here'
                  : 'entered',
            evidence: b.evidence ?? '',
          });
      }
  }
  if (calendar?.entries.length) {
    const ws = wb.addWorksheet('Reports');
    ws.columns = [
      { header: 'Period', key: 'period', width: 10 },
      { header: 'Due', key: 'due', width: 12 },
      { header: 'Member', key: 'member', width: 24 },
      { header: 'Stage', key: 'stage', width: 14 },
      { header: 'Late', key: 'late', width: 8 },
      { header: 'Submitted', key: 'submittedAt', width: 22 },
      { header: 'Reviewed', key: 'reviewedAt', width: 22 },
    ];
    ws.getRow(1).font = { bold: true };
    for (const e of calendar.entries)
      ws.addRow({
        ...e,
        due: calendar.periods.find((p) => p.period === e.period)?.due ?? '',
        member: memberName.get(e.member) ?? e.member,
        late: e.overdue ? 'late' : '',
      });
  }
  const about = wb.addWorksheet('About');
  about.columns = [{ width: 22 }, { width: 80 }];
  about.addRows([
    ['project', `${d.project.name} (${d.project.code})`],
    ['donor', d.project.donor],
    ['dates', `${d.project.start} to ${d.project.end}`],
    ['currency', d.project.currency],
    ['total budget', Number(d.project.totalBudget)],
    ['as of', d.asOf],
    ['time gone', d.elapsed],
    [
      'what you see',
      d.project.access === 'lead'
        ? 'everything'
        : d.project.access === 'member'
          ? "totals, and your organisation's details"
          : 'totals only',
    ],
    [
      'rules',
      'Burn per month = spent ÷ days gone × 30.4375; at this pace = spent × project days ÷ days gone; flags as in docs/projects.md',
    ],
    ...d.warnings.map((w) => ['warning', w]),
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
