/**
 * Reading an ADX message (IHE QRPH Aggregate Data Exchange) a member's server sends into the values
 * of a data value set. The message is checked against the ADX schema first, so a malformed one is
 * refused as a whole with the schema's reasons; a document type declaration is refused outright
 * (ADX has none, and entities are how XML is made to read files or explode in memory).
 */

import { periodFromAdx, type SentValue } from '@harbour/core';
import { create } from 'xmlbuilder2';
import { validateAdx } from '../reports/exports/adx-export.js';

export type AdxRead = { ok: true; values: SentValue[] } | { ok: false; reason: string };

interface DomElement {
  localName: string;
  childNodes: ArrayLike<DomElement & { nodeType: number }>;
  attributes: ArrayLike<{ localName: string; value: string }>;
  getAttribute(name: string): string | null;
}

const children = (e: DomElement, name: string) =>
  Array.from(e.childNodes).filter((c) => c.nodeType === 1 && c.localName === name);

export async function readAdx(xml: string): Promise<AdxRead> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    return { ok: false, reason: 'ADX messages carry no document type declaration or entities' };
  const check = await validateAdx(xml);
  if (!check.valid)
    return {
      ok: false,
      reason: `Not a valid ADX message: ${check.errors.slice(0, 3).join('; ') || 'the schema refused it'}`,
    };
  let root: DomElement;
  try {
    root = create(xml).root().node as unknown as DomElement;
  } catch (e) {
    return { ok: false, reason: `Not readable XML: ${(e as Error).message.slice(0, 200)}` };
  }
  const values: SentValue[] = [];
  for (const group of children(root, 'group')) {
    const period = group.getAttribute('period') ?? '';
    const orgUnit = group.getAttribute('orgUnit') ?? '';
    for (const dv of children(group, 'dataValue')) {
      const categories: Record<string, string> = {};
      for (const a of Array.from(dv.attributes))
        if (a.localName !== 'dataElement' && a.localName !== 'value') categories[a.localName] = a.value;
      values.push({
        dataElement: dv.getAttribute('dataElement') ?? '',
        period: periodFromAdx(period) ?? period,
        orgUnit,
        value: dv.getAttribute('value') ?? '',
        categories,
      });
    }
  }
  return { ok: true, values };
}
