import { describe, expect, it } from 'vitest';
import { applicationIssues, checkFile, missingAnswers, sniffFileType } from './application.js';
import { callPhase, type GrantCallDefinition, grantCallInput } from './call.js';
import { reportSchedule, reportState, trancheIssues } from './grant.js';

const call: GrantCallDefinition = grantCallInput.parse({
  unit: 'CONS',
  title: { en: 'Community voices 2027', ru: 'Голоса сообщества 2027' },
  description: { en: 'Small grants for groups of people who use drugs', ru: 'Малые гранты' },
  eligibility: { en: 'Led by people who use drugs', ru: 'Под руководством ЛУН' },
  countries: ['UA', 'KZ'],
  currency: 'USD',
  envelope: '20000',
  minGrant: '1000',
  maxGrant: '5000',
  criteria: [{ id: 'need', label: { en: 'Need' }, weight: 1 }],
  opensAt: '2027-01-10T00:00:00Z',
  closesAt: '2027-02-10T18:00:00Z',
  decisionBy: '2027-03-01',
  form: [
    { id: 'members', kind: 'number', label: { en: 'Members' }, required: true },
    {
      id: 'focus',
      kind: 'choice',
      label: { en: 'Focus' },
      options: [
        { id: 'rights', label: { en: 'Rights' } },
        { id: 'services', label: { en: 'Services' } },
      ],
    },
    { id: 'budget', kind: 'file', label: { en: 'Budget' }, required: true },
  ],
  reports: [
    { kind: 'financial', dueDays: 180 },
    { kind: 'narrative', dueDays: 90 },
  ],
});

const good = {
  group: 'Sunrise',
  contact: 'signal: @sunrise',
  country: 'UA',
  amount: '3000',
  summary: 'Legal literacy evenings',
  answers: { members: 12, focus: 'rights' },
  language: 'en',
};
const open = new Date('2027-01-20T12:00:00Z');

describe('an application against its call', () => {
  it('is taken while the call is open and within its rules', () => {
    expect(applicationIssues(call, good, open)).toEqual([]);
    expect(callPhase(call, new Date('2027-01-09T23:59:59Z'))).toBe('upcoming');
    expect(callPhase(call, new Date('2027-02-10T18:00:00Z'))).toBe('closed');
  });

  it('refuses after the deadline, over the most, outside its countries, an unknown choice — each by field', () => {
    const issues = applicationIssues(
      call,
      {
        ...good,
        amount: '5000.01',
        country: 'GE',
        answers: { members: 'many', focus: 'parties', nope: 'x' },
      },
      new Date('2027-02-10T18:00:00Z'),
    );
    expect(issues.map((i) => `${i.field}:${i.rule}`)).toEqual([
      'call:deadline',
      'amount:range',
      'country:enum',
      'answers.members:format',
      'answers.focus:enum',
      'answers.nope:unknown',
    ]);
    expect(issues[1]!.message).toBe('A grant of this call is from 1000.00 to 5000.00 USD');
  });

  it('says which required questions are still unanswered, files included', () => {
    expect(missingAnswers(call, { focus: 'rights' }, [])).toEqual(['members', 'budget']);
    expect(missingAnswers(call, { members: 3 }, ['budget'])).toEqual([]);
  });

  it('refuses a call whose least grant is more than its most, or that closes before it opens', () => {
    const r = grantCallInput.safeParse({ ...call, minGrant: '6000', closesAt: '2027-01-01T00:00:00Z' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['minGrant', 'closesAt']);
  });
});

describe('files, by their bytes', () => {
  const pdf = new TextEncoder().encode('%PDF-1.4\n...');
  const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03]);
  it('knows a PDF, a PNG, a JPEG and plain text, and nothing else', () => {
    expect(sniffFileType(pdf)).toBe('pdf');
    expect(sniffFileType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(sniffFileType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffFileType(new TextEncoder().encode('Budget: 3000\n'))).toBe('txt');
    expect(sniffFileType(exe)).toBeNull();
  });
  it('refuses a mislabelled, oversized, empty or unknown file, saying why', () => {
    expect(checkFile('budget.pdf', pdf, 1000)).toEqual({ ok: true, type: 'pdf' });
    const mislabelled = checkFile('budget.docx', pdf, 1000);
    expect(mislabelled.ok || mislabelled.issue.rule).toBe('mislabelled');
    const big = checkFile('budget.pdf', pdf, 5);
    expect(big.ok || big.issue.rule).toBe('max');
    const unknown = checkFile('setup.pdf', exe, 1000);
    expect(unknown.ok || unknown.issue.rule).toBe('type');
    const empty = checkFile('a.txt', new Uint8Array(), 1000);
    expect(empty.ok || empty.issue.rule).toBe('required');
  });
});

describe('an awarded grant', () => {
  it('owes its reports so many days after the award, shown as due two weeks ahead and late after', () => {
    expect(reportSchedule('2027-03-01', call.reports)).toEqual([
      { kind: 'narrative', dueOn: '2027-05-30' },
      { kind: 'financial', dueOn: '2027-08-28' },
    ]);
    expect(reportState('2027-05-30', null, '2027-05-15')).toBe('upcoming');
    expect(reportState('2027-05-30', null, '2027-05-16')).toBe('due');
    expect(reportState('2027-05-30', null, '2027-05-31')).toBe('late');
    expect(reportState('2027-05-30', '2027-06-02T10:00:00Z', '2027-06-03')).toBe('submitted');
  });
  it('never pays more in tranches than the award', () => {
    expect(trancheIssues(3000_00n, 2000_00n, 1000_00n)).toEqual([]);
    expect(trancheIssues(3000_00n, 2000_00n, 1000_01n)[0]?.message).toBe(
      'The tranches would come to 3000.01, more than the award of 3000.00',
    );
  });
});
