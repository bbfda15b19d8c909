/** The landing page: who you are, where your roles apply, and what you can open. */

import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { get } from '../../shared/api.js';
import { Link } from '../../shared/router.js';
import { PageTitle } from '../../shared/ui.js';
import { useSession } from '../session.js';
import { AccountPanel } from './AccountPanel.js';

interface Unit {
  id: string;
  code: string;
  name: string;
}

export function HomePage({ onSignedOut }: { onSignedOut: () => void }) {
  const { t } = useI18n();
  const { me, can } = useSession();
  const [units, setUnits] = useState<Unit[]>([]);
  useEffect(() => {
    void get('/org-units')
      .then((r) => setUnits(r.units))
      .catch(() => undefined);
  }, []);
  const unitName = (id: string) => units.find((u) => u.id === id);
  return (
    <section>
      <PageTitle>{t('home.title', { name: me.displayName })}</PageTitle>
      <h2>{t('home.roles')}</h2>
      <ul className="roles">
        {me.grants.map((g) => {
          const u = unitName(g.orgUnitId);
          return (
            <li key={`${g.role}-${g.orgUnitId}`}>
              <strong>{t(`role.${g.role}`)}</strong> — {u ? `${u.name} (${u.code})` : '…'}
            </li>
          );
        })}
      </ul>
      <h2>{t('home.shortcuts')}</h2>
      <ul className="shortcuts">
        {can('org.read') && (
          <li>
            <Link href="/console/org">{t('nav.org')}</Link>
          </li>
        )}
        {can('user.manage') && (
          <li>
            <Link href="/console/users">{t('nav.users')}</Link>
          </li>
        )}
        {can('audit.read') && (
          <li>
            <Link href="/console/audit">{t('nav.audit')}</Link>
          </li>
        )}
      </ul>
      <AccountPanel onSignedOut={onSignedOut} />
    </section>
  );
}
