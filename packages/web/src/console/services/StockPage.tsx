/** Stock at a site: on hand, days left at the current rate, alerts; record receipts, counts and losses. */

import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, post, put } from '../../shared/api.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { Field, Notice, PageTitle, SelectField } from '../../shared/ui.js';
import { SitePicker, useSiteFor } from '../work-site.js';
import { today } from './programme.js';

interface Line {
  commodity: string;
  onHand: number;
  distributedLast30Days: number;
  daysLeft: number | null;
  minimum: number | null;
  belowMinimum: boolean;
  lastCount: { date: string; quantity: number } | null;
}

const COMMODITIES = [
  'syringes',
  'needles',
  'injecting_equipment',
  'condoms',
  'lubricant',
  'naloxone',
  'hiv_self_test',
];
const KINDS = ['receipt', 'count', 'adjustment', 'transfer_in', 'transfer_out', 'expired', 'lost'];

export function StockPage() {
  const { t, locale } = useI18n();
  const site = useSiteFor('stock.manage');
  const [lines, setLines] = useState<Line[]>([]);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [form, setForm] = useState({ commodity: 'syringes', kind: 'receipt', quantity: '', date: today() });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const num = new Intl.NumberFormat(locale);
  const load = useCallback(async () => {
    if (site) setLines(await get(`/stock?siteCode=${encodeURIComponent(site.code)}`));
  }, [site]);
  useEffect(() => {
    void load();
  }, [load]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      await post('/stock/movements', {
        siteCode: site!.code,
        commodity: form.commodity,
        kind: form.kind,
        quantity: Number(form.quantity),
        date: form.date,
      });
      setNotice({ kind: 'ok', text: t('stock.recorded') });
      setForm({ ...form, quantity: '' });
      await load();
    } catch (err) {
      setErrors(fieldErrors(t, err));
    }
  };
  const setMinimum = async (commodity: string, value: string) => {
    try {
      await put('/stock/thresholds', {
        siteCode: site!.code,
        commodity,
        minimum: value === '' ? null : Number(value),
      });
      await load();
    } catch (err) {
      setNotice({ kind: 'error', text: err instanceof ApiError ? localiseProblem(t, err) : String(err) });
    }
  };
  const alerts = lines.filter((l) => l.belowMinimum);
  return (
    <section>
      <PageTitle>{t('stock.title')}</PageTitle>
      <SitePicker permission="stock.manage" />
      {alerts.length > 0 && (
        <Notice kind="error">
          {t('stock.alert', { items: alerts.map((a) => t(`item.${a.commodity}`)).join(', ') })}
        </Notice>
      )}
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t('stock.commodity')}</th>
            <th scope="col">{t('stock.onHand')}</th>
            <th scope="col">{t('stock.last30')}</th>
            <th scope="col">{t('stock.daysLeft')}</th>
            <th scope="col">{t('stock.minimum')}</th>
            <th scope="col">{t('stock.lastCount')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={l.commodity} className={l.belowMinimum ? 'overdue' : undefined}>
              <td>{t(`item.${l.commodity}`)}</td>
              <td>{num.format(l.onHand)}</td>
              <td>{num.format(l.distributedLast30Days)}</td>
              <td>{l.daysLeft === null ? '—' : num.format(l.daysLeft)}</td>
              <td>
                <label className="visually-hidden" htmlFor={`min-${l.commodity}`}>
                  {t('stock.minimumFor', { item: t(`item.${l.commodity}`) })}
                </label>
                <input
                  id={`min-${l.commodity}`}
                  className="mg"
                  inputMode="numeric"
                  defaultValue={l.minimum ?? ''}
                  onBlur={(e) =>
                    e.target.value !== String(l.minimum ?? '') && void setMinimum(l.commodity, e.target.value)
                  }
                />
              </td>
              <td>{l.lastCount ? `${l.lastCount.date}: ${num.format(l.lastCount.quantity)}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="movement-title">
        <h2 id="movement-title">{t('stock.recordTitle')}</h2>
        <SelectField
          label={t('stock.commodity')}
          value={form.commodity}
          error={errors.commodity}
          onChange={(e) => setForm({ ...form, commodity: e.target.value })}
        >
          {COMMODITIES.map((c) => (
            <option key={c} value={c}>
              {t(`item.${c}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('stock.kind')}
          value={form.kind}
          error={errors.kind}
          onChange={(e) => setForm({ ...form, kind: e.target.value })}
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`movement.${k}`)}
            </option>
          ))}
        </SelectField>
        <Field
          label={t('stock.quantity')}
          inputMode="numeric"
          value={form.quantity}
          error={errors.quantity}
          onChange={(e) => setForm({ ...form, quantity: e.target.value.replace(/[^\d-]/g, '') })}
        />
        <Field
          label={t('contact.date')}
          type="date"
          value={form.date}
          error={errors.date}
          max={today()}
          onChange={(e) => setForm({ ...form, date: e.target.value })}
        />
        <button type="submit" className="primary" disabled={!site}>
          {t('stock.record')}
        </button>
      </form>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
    </section>
  );
}
