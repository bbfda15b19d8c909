/**
 * The advocate's half of Harbour: country profiles with what-ifs and briefs, the gap map, and the
 * evidence behind them. Loaded on first visit (its map shapes and charts are not part of the console's
 * first load).
 */

import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { Link, navigate, usePath } from '../../shared/router.js';
import { Notice, PageTitle, SelectField } from '../../shared/ui.js';
import { advocacyApi } from './advocacy-api.js';
import { FiguresView } from './FiguresView.js';
import { GapMapView } from './GapMapView.js';
import { ProfileView } from './ProfileView.js';
import './advocacy.css';

const BASE = '/console/advocacy';

export default function AdvocacyPage() {
  const { t } = useI18n();
  const path = usePath();
  const [keepers, setKeepers] = useState<{ code: string; name: string; mayEdit: boolean }[]>([]);
  const [keeper, setKeeper] = useState<string | undefined>(undefined);
  const [countries, setCountries] = useState<string[]>([]);
  const [open, setOpen] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    advocacyApi
      .keepers()
      .then((r) => {
        setKeepers(r.keepers);
        setKeeper((k) => k ?? r.keepers[0]?.code);
      })
      .catch((e) => setError(String(e)));
  }, []);
  const loadCountries = useCallback(() => {
    if (!keeper) return;
    // Every country with any evidence, up to this year.
    advocacyApi
      .overview(new Date().getFullYear(), 'pwid', keeper)
      .then((r) => setCountries(r.countries.map((c) => c.country).sort()))
      .catch(() => setCountries([]));
  }, [keeper]);
  useEffect(loadCountries, [loadCountries]);

  const mayEdit = keepers.find((k) => k.code === keeper)?.mayEdit ?? false;
  const tab = path.startsWith(`${BASE}/map`)
    ? 'map'
    : path.startsWith(`${BASE}/figures`)
      ? 'figures'
      : 'profile';
  const tabs = [
    { id: 'profile', href: BASE, label: t('advocacy.tabProfile') },
    { id: 'map', href: `${BASE}/map`, label: t('advocacy.tabMap') },
    { id: 'figures', href: `${BASE}/figures`, label: t('advocacy.tabFigures') },
  ];

  return (
    <section className="advocacy">
      <PageTitle>{t('advocacy.title')}</PageTitle>
      <p>{t('advocacy.intro')}</p>
      {keepers.length > 1 ? (
        <SelectField
          label={t('advocacy.keeper')}
          value={keeper ?? ''}
          onChange={(e) => setKeeper(e.target.value)}
        >
          {keepers.map((k) => (
            <option key={k.code} value={k.code}>
              {k.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      <nav aria-label={t('advocacy.sections')} className="subnav">
        <ul>
          {tabs.map((x) => (
            <li key={x.id}>
              <Link href={x.href}>{x.label}</Link>
            </li>
          ))}
        </ul>
      </nav>
      {keeper && countries.length === 0 && tab !== 'figures' ? (
        <Notice kind="info">{t('advocacy.empty')}</Notice>
      ) : null}
      {keeper && tab === 'profile' && countries.length > 0 ? (
        <ProfileView
          key={`${keeper}-${open ?? ''}`}
          countries={countries}
          keeper={keeper}
          mayEdit={mayEdit}
          initialCountry={open}
        />
      ) : null}
      {keeper && tab === 'map' ? (
        <GapMapView
          keeper={keeper}
          onOpen={(c) => {
            setOpen(c);
            navigate(BASE);
          }}
        />
      ) : null}
      {keeper && tab === 'figures' ? (
        <FiguresView countries={countries} keeper={keeper} mayEdit={mayEdit} onImported={loadCountries} />
      ) : null}
    </section>
  );
}
