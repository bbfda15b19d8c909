/**
 * For site managers: the field phones at their sites (last sync, items waiting, app version; revoke,
 * wipe) and the micro-planning view of each outreach worker's week.
 */

import type { CaseloadView, DeviceView } from '@harbour/core';
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { ApiError, get, post } from '../../shared/api.js';
import { localiseProblem } from '../../shared/errors.js';
import { Notice, PageTitle } from '../../shared/ui.js';
import { useSession } from '../session.js';
import { useWorkSite } from '../work-site.js';

type Device = DeviceView;
type Caseload = CaseloadView;

const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '—');

export function DevicesPage() {
  const { t } = useI18n();
  const { sites, site } = useWorkSite();
  const { can } = useSession();
  const manages = can('device.manage');
  const [devices, setDevices] = useState<Device[]>([]);
  const [siteCode, setSiteCode] = useState<string>('');
  const [caseload, setCaseload] = useState<Caseload | null>(null);
  // Shown in the row of the phone it is about.
  const [notice, setNotice] = useState<{ at: string; kind: 'ok' | 'error'; text: string } | null>(null);

  const load = useCallback(async () => {
    if (manages) setDevices((await get('/devices')).devices);
  }, [manages]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (!siteCode && site) setSiteCode(site.code);
  }, [site, siteCode]);
  useEffect(() => {
    if (!siteCode) return;
    void get(`/caseload?site=${encodeURIComponent(siteCode)}`)
      .then(setCaseload)
      .catch(() => setCaseload(null));
  }, [siteCode]);

  async function revoke(d: Device, wipe: boolean) {
    if (!confirm(t(wipe ? 'devices.confirmWipe' : 'devices.confirmRevoke', { name: d.name, user: d.user })))
      return;
    try {
      await post(`/devices/${d.id}/revoke`, { wipe });
      setNotice({
        at: d.id,
        kind: 'ok',
        text: t(wipe ? 'devices.wipeRequested' : 'devices.revoked', { name: d.name }),
      });
      await load();
    } catch (e) {
      setNotice({
        at: d.id,
        kind: 'error',
        text: e instanceof ApiError ? localiseProblem(t, e) : String(e),
      });
    }
  }

  const max = Math.max(1, ...(caseload?.workers.flatMap((w) => w.contactsPerWeek) ?? [1]));
  return (
    <section>
      <PageTitle>{t('devices.title')}</PageTitle>
      {manages ? <p>{t('devices.intro')}</p> : null}
      {manages ? (
        <table>
          <caption>{t('devices.caption', { count: devices.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('devices.name')}</th>
              <th scope="col">{t('devices.worker')}</th>
              <th scope="col">{t('devices.site')}</th>
              <th scope="col">{t('devices.lastSync')}</th>
              <th scope="col">{t('devices.pending')}</th>
              <th scope="col">{t('devices.rejected')}</th>
              <th scope="col">{t('devices.version')}</th>
              <th scope="col">{t('devices.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('devices.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id}>
                <td>{d.name}</td>
                <td>{d.user}</td>
                <td>{d.site.name}</td>
                <td>{when(d.lastSyncAt)}</td>
                <td>{d.pending}</td>
                <td>{d.rejected}</td>
                <td>{d.appVersion ?? '—'}</td>
                <td>{t(`devices.state.${d.status}`)}</td>
                <td>
                  {d.status === 'active' ? (
                    <button type="button" onClick={() => void revoke(d, false)}>
                      {t('devices.revoke')}
                    </button>
                  ) : null}{' '}
                  {d.status === 'active' || d.status === 'revoked' ? (
                    <button type="button" className="danger" onClick={() => void revoke(d, true)}>
                      {t('devices.wipe')}
                    </button>
                  ) : null}
                  {notice?.at === d.id && <Notice kind={notice.kind}>{notice.text}</Notice>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}

      <h2>{t('caseload.title')}</h2>
      <label>
        {t('caseload.site')}{' '}
        <select value={siteCode} onChange={(e) => setSiteCode(e.target.value)}>
          {sites
            .filter((s) => s.leaf)
            .map((s) => (
              <option key={s.code} value={s.code}>
                {s.name}
              </option>
            ))}
        </select>
      </label>
      {caseload ? (
        <>
          <dl className="key-figures">
            <div>
              <dt>{t('caseload.active')}</dt>
              <dd>{caseload.clients.active}</dd>
            </div>
            <div>
              <dt>{t('caseload.due')}</dt>
              <dd>{caseload.clients.due}</dd>
            </div>
            <div>
              <dt>{t('caseload.lost')}</dt>
              <dd>{caseload.clients.lost}</dd>
            </div>
            <div>
              <dt>{t('caseload.referralsOverdue')}</dt>
              <dd>{caseload.referralsOverdue}</dd>
            </div>
          </dl>
          <table className="caseload">
            <caption>{t('caseload.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('caseload.worker')}</th>
                {caseload.weeks.map((w) => (
                  <th scope="col" key={w}>
                    {w.slice(5)}
                  </th>
                ))}
                <th scope="col">{t('caseload.clients')}</th>
              </tr>
            </thead>
            <tbody>
              {caseload.workers.map((w) => (
                <tr key={w.worker}>
                  <th scope="row">{w.worker}</th>
                  {w.contactsPerWeek.map((n, i) => (
                    <td key={caseload.weeks[i]}>
                      <span
                        className="bar"
                        style={{ inlineSize: `${(100 * n) / max}%` }}
                        aria-hidden="true"
                      />
                      {n}
                    </td>
                  ))}
                  <td>{w.clients}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
