/**
 * An application as a community group sends it through a call's public page: the group's chosen name,
 * a contact it chooses (no legal identity), where it works, the amount asked, a short summary, and the
 * answers to the call's own form. What a call refuses — after the deadline, outside the least and most
 * a grant may be, an unknown choice — is named field by field; a file is checked by its bytes.
 */

import { z } from 'zod';
import type { FieldIssue } from '../problems.js';
import { fromCents, toCents } from '../projects/money.js';
import { callPhase, type FileType, type GrantCallDefinition } from './call.js';

export const applicationInput = z
  .object({
    /** The group's name as it wants to be known (it need not be registered). */
    group: z.string().trim().min(1).max(200),
    /** How the officer may reach the group: a phone, an e-mail, a messenger handle — its choice. */
    contact: z.string().trim().min(3).max(300),
    country: z.string().trim().toUpperCase().length(2),
    amount: z.string().trim().min(1).max(20),
    /** What the group will do, in a few sentences. */
    summary: z.string().trim().min(1).max(4000),
    answers: z.record(z.string().max(40), z.union([z.string().max(10_000), z.number()])).default({}),
    /** The language the group writes in (the page's). */
    language: z.string().trim().min(2).max(5).default('en'),
  })
  .strict();
export type ApplicationInput = z.output<typeof applicationInput>;

/** What the call refuses in an application sent at `now`: each issue names its field. */
export function applicationIssues(call: GrantCallDefinition, a: ApplicationInput, now: Date): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const phase = callPhase(call, now);
  if (phase !== 'open')
    issues.push({
      field: 'call',
      rule: phase === 'upcoming' ? 'not_open' : 'deadline',
      message:
        phase === 'upcoming'
          ? `The call opens at ${call.opensAt}; applications are taken from then`
          : `The call closed at ${call.closesAt}; no application can be sent or changed after it`,
    });
  const cents = toCents(a.amount);
  const [min, max] = [toCents(call.minGrant)!, toCents(call.maxGrant)!];
  if (cents === null || cents <= 0n)
    issues.push({
      field: 'amount',
      value: a.amount,
      rule: 'format',
      message: 'An amount such as 1500 or 1500.50',
    });
  else if (cents < min || cents > max)
    issues.push({
      field: 'amount',
      value: a.amount,
      rule: 'range',
      message: `A grant of this call is from ${fromCents(min)} to ${fromCents(max)} ${call.currency}`,
    });
  if (call.countries.length > 0 && !call.countries.includes(a.country))
    issues.push({
      field: 'country',
      value: a.country,
      rule: 'enum',
      message: `This call is for groups working in ${call.countries.join(', ')}`,
    });
  const known = new Map(call.form.map((f) => [f.id, f]));
  for (const [id, value] of Object.entries(a.answers)) {
    const f = known.get(id);
    if (!f || f.kind === 'file') {
      issues.push({ field: `answers.${id}`, rule: 'unknown', message: 'The call has no such question' });
      continue;
    }
    const text = String(value).trim();
    if (text === '') continue;
    if (f.kind === 'text' && text.length > (f.maxLength ?? 4000))
      issues.push({
        field: `answers.${id}`,
        rule: 'max',
        message: `At most ${f.maxLength ?? 4000} characters (this has ${text.length})`,
      });
    if (f.kind === 'number' && !/^-?\d+(\.\d+)?$/.test(text))
      issues.push({ field: `answers.${id}`, value: text, rule: 'format', message: 'A number, e.g. 12' });
    if (f.kind === 'money' && toCents(text) === null)
      issues.push({
        field: `answers.${id}`,
        value: text,
        rule: 'format',
        message: 'An amount such as 1500 or 1500.50',
      });
    if (f.kind === 'choice' && !f.options?.some((o) => o.id === text))
      issues.push({
        field: `answers.${id}`,
        value: text,
        rule: 'enum',
        message: `One of: ${f.options?.map((o) => o.id).join(', ')}`,
      });
  }
  return issues;
}

/** The call's required questions an application has not answered yet (files included). */
export function missingAnswers(
  call: GrantCallDefinition,
  answers: Readonly<Record<string, string | number>>,
  fileFields: readonly string[],
): string[] {
  return call.form
    .filter((f) => f.required)
    .filter((f) =>
      f.kind === 'file' ? !fileFields.includes(f.id) : String(answers[f.id] ?? '').trim() === '',
    )
    .map((f) => f.id);
}

const EXTENSIONS: Record<FileType, readonly string[]> = {
  pdf: ['pdf'],
  png: ['png'],
  jpeg: ['jpg', 'jpeg'],
  docx: ['docx'],
  xlsx: ['xlsx'],
  odt: ['odt'],
  txt: ['txt'],
};
export const FILE_MEDIA_TYPES: Record<FileType, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  txt: 'text/plain',
};

const startsWith = (b: Uint8Array, sig: readonly number[]) => sig.every((x, i) => b[i] === x);
const ascii = (b: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...b.subarray(from, Math.min(to, b.length)));

/** What a file is, by its first bytes (its name may lie); null when it is none of the kinds a call takes. */
export function sniffFileType(bytes: Uint8Array): FileType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    // An OpenDocument file names its type first; Office files name their parts in the zip's directory.
    if (ascii(bytes, 30, 100).startsWith('mimetypeapplication/vnd.oasis.opendocument.text')) return 'odt';
    const head = ascii(bytes, 0, 64 * 1024);
    if (head.includes('word/')) return 'docx';
    if (head.includes('xl/')) return 'xlsx';
    return null;
  }
  // Plain text: UTF-8 without control characters other than tab and line ends.
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, 64 * 1024));
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 32 && c !== 9 && c !== 10 && c !== 13) return null;
    }
    return 'txt';
  } catch {
    return null;
  }
}

/** The file's kind, or why it is refused: too big, not a kind the call takes, or named as another kind. */
export function checkFile(
  name: string,
  bytes: Uint8Array,
  maxBytes: number,
): { ok: true; type: FileType } | { ok: false; issue: FieldIssue } {
  if (bytes.length === 0)
    return { ok: false, issue: { field: 'file', rule: 'required', message: 'The file is empty' } };
  if (bytes.length > maxBytes)
    return {
      ok: false,
      issue: {
        field: 'file',
        value: `${Math.ceil(bytes.length / 1024)} KB`,
        rule: 'max',
        message: `A file may be at most ${Math.floor(maxBytes / 1024 / 1024)} MB`,
      },
    };
  const type = sniffFileType(bytes);
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(name)?.[1]?.toLowerCase() ?? '';
  if (!type)
    return {
      ok: false,
      issue: {
        field: 'file',
        value: ext || name.slice(0, 40),
        rule: 'type',
        message: 'Send a PDF, a picture (PNG or JPEG), a Word, Excel or OpenDocument file, or plain text',
      },
    };
  if (!EXTENSIONS[type].includes(ext))
    return {
      ok: false,
      issue: {
        field: 'file',
        value: ext || '(none)',
        rule: 'mislabelled',
        message: `The file is a ${type.toUpperCase()} but its name ends in ".${ext}"; name it .${EXTENSIONS[type][0]}`,
      },
    };
  return { ok: true, type };
}
