/**
 * User administration: create users with roles on org units; add and remove roles, edit, reset a
 * password, disable (after a confirmation) and enable — each message beside the user it is about.
 */

import { ROLES, SENSITIVE_ROLES } from '@harbour/core';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { UI_LOCALES, useI18n } from '../../i18n/i18n.js';
import { ApiError, get, patch, post } from '../../shared/api.js';
import type { Answer } from '../../shared/contract.js';
import { fieldErrors, localiseProblem } from '../../shared/errors.js';
import { OrgUnitSelect } from '../../shared/OrgUnitSelect.js';
import { Link } from '../../shared/router.js';
import { Field, Notice, OtpField, PageTitle, SelectField } from '../../shared/ui.js';
import type { OrgUnit } from './OrgPage.js';

/** Every role, from the one table the server checks: a new role is offered here at once. */
export const ROLE_CODES = ROLES;

/** A user as the server answers it (the contract), not a copy kept by hand. */
type User = Answer<'/api/v1/users'>[number];

export function UsersPage() {
  const { t } = useI18n();
  const [users, setUsers] = useState<User[]>([]);
  const [units, setUnits] = useState<OrgUnit[]>([]);
  /** A message, shown beside the user it is about (or above the table for a new user). */
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string; at?: string } | null>(null);
  const [granting, setGranting] = useState<User | null>(null);
  const [editing, setEditing] = useState<{ user: User; kind: 'edit' | 'password' } | null>(null);

  const load = useCallback(async () => {
    setUsers(await get('/users'));
    setUnits((await get('/org-units')).units);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (u: User, fn: () => Promise<unknown>, okText: string, confirmText?: string) => {
    if (confirmText && !window.confirm(confirmText)) return;
    try {
      await fn();
      setStatus({ kind: 'ok', text: okText, at: u.id });
      setEditing(null);
      await load();
    } catch (err) {
      setStatus({
        kind: 'error',
        text: err instanceof ApiError ? localiseProblem(t, err) : String(err),
        at: u.id,
      });
    }
  };

  return (
    <section>
      <PageTitle>{t('users.title')}</PageTitle>
      <p>
        <Link href="/console/roles">{t('roles.link')}</Link>
      </p>
      {status && !status.at && <Notice kind={status.kind}>{status.text}</Notice>}
      <table className="data">
        <caption className="visually-hidden">{t('users.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('users.username')}</th>
            <th scope="col">{t('users.displayName')}</th>
            <th scope="col">{t('users.roles')}</th>
            <th scope="col">{t('users.totp')}</th>
            <th scope="col">{t('users.status')}</th>
            <th scope="col">{t('users.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.username}</td>
              <td>
                {u.displayName}
                {u.staffCode ? <small> · {u.staffCode}</small> : null}
              </td>
              <td>
                <ul className="plain">
                  {u.grants.map((g) => (
                    <li key={`${g.role}-${g.orgUnitCode}`}>
                      {t(`role.${g.role}`)} — {g.orgUnitName} ({g.orgUnitCode}){' '}
                      {u.grants.length > 1 ? (
                        <button
                          type="button"
                          className="link"
                          onClick={() =>
                            void act(
                              u,
                              () =>
                                post(`/users/${u.id}/grants/revoke`, {
                                  role: g.role,
                                  orgUnitCode: g.orgUnitCode,
                                }),
                              t('users.roleRemoved', { name: u.username }),
                              t('users.confirmRemoveRole', {
                                role: t(`role.${g.role}`),
                                unit: g.orgUnitName,
                                name: u.username,
                              }),
                            )
                          }
                        >
                          {t('users.removeRole')}
                          <span className="visually-hidden">
                            {' '}
                            ({t(`role.${g.role}`)}, {g.orgUnitCode}, {u.username})
                          </span>
                        </button>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </td>
              <td>{u.totpEnabled ? t('common.yes') : t('common.no')}</td>
              <td>
                {u.disabled
                  ? t('users.disabled')
                  : u.lockedUntil && u.lockedUntil > new Date().toISOString()
                    ? t('users.locked')
                    : t('users.active')}
              </td>
              <td className="actions">
                {status?.at === u.id && <Notice kind={status.kind}>{status.text}</Notice>}
                {editing?.user.id === u.id ? (
                  editing.kind === 'edit' ? (
                    <EditUser
                      user={u}
                      onSave={(body) =>
                        act(u, () => patch(`/users/${u.id}`, body), t('users.savedMsg', { name: u.username }))
                      }
                      onCancel={() => setEditing(null)}
                    />
                  ) : (
                    <ResetPassword
                      user={u}
                      onSave={(password) =>
                        act(
                          u,
                          () => post(`/users/${u.id}/password`, { password }),
                          t('users.passwordSetMsg', { name: u.username }),
                        )
                      }
                      onCancel={() => setEditing(null)}
                    />
                  )
                ) : (
                  <>
                    {/* The visible words start the accessible name, so speech users can say what they see. */}
                    <button type="button" onClick={() => setGranting(u)}>
                      {t('users.addRole')}
                      <span className="visually-hidden"> ({u.username})</span>
                    </button>
                    <button type="button" onClick={() => setEditing({ user: u, kind: 'edit' })}>
                      {t('users.edit')}
                      <span className="visually-hidden"> ({u.username})</span>
                    </button>
                    <button type="button" onClick={() => setEditing({ user: u, kind: 'password' })}>
                      {t('users.resetPassword')}
                      <span className="visually-hidden"> ({u.username})</span>
                    </button>
                    {u.disabled ? (
                      <button
                        type="button"
                        onClick={() =>
                          void act(
                            u,
                            () => post(`/users/${u.id}/enable`),
                            t('users.enabledMsg', { name: u.username }),
                          )
                        }
                      >
                        {t('users.enable')}
                        <span className="visually-hidden"> ({u.username})</span>
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="danger"
                        onClick={() =>
                          void act(
                            u,
                            () => post(`/users/${u.id}/disable`),
                            t('users.disabledMsg', { name: u.username }),
                            t('users.confirmDisable', { name: u.username }),
                          )
                        }
                      >
                        {t('users.disable')}
                        <span className="visually-hidden"> ({u.username})</span>
                      </button>
                    )}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {granting && (
        <GrantRole
          user={granting}
          units={units}
          onDone={async (msg) => {
            setGranting(null);
            if (msg) setStatus({ kind: 'ok', text: msg, at: granting.id });
            await load();
          }}
        />
      )}
      <CreateUser
        units={units}
        onCreated={async (u) => {
          setStatus({ kind: 'ok', text: t('users.createdMsg', { name: u.username }) });
          await load();
        }}
      />
    </section>
  );
}

/** A user's display name, staff code and language, changed in their own row. */
function EditUser({
  user,
  onSave,
  onCancel,
}: {
  user: User;
  onSave: (body: { displayName: string; staffCode: string | null; locale: string }) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [f, setF] = useState({
    displayName: user.displayName,
    staffCode: user.staffCode ?? '',
    locale: user.locale,
  });
  return (
    <form
      className="inline-outcome"
      aria-label={t('users.editFor', { name: user.username })}
      onSubmit={(e) => {
        e.preventDefault();
        void onSave({ displayName: f.displayName, staffCode: f.staffCode.trim() || null, locale: f.locale });
      }}
    >
      <Field
        label={t('users.displayName')}
        value={f.displayName}
        onChange={(e) => setF({ ...f, displayName: e.target.value })}
      />
      <Field
        label={t('users.staffCode')}
        value={f.staffCode}
        onChange={(e) => setF({ ...f, staffCode: e.target.value })}
      />
      <SelectField
        label={t('app.language')}
        value={f.locale}
        onChange={(e) => setF({ ...f, locale: e.target.value })}
      >
        {UI_LOCALES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </SelectField>
      <button type="submit" className="primary">
        {t('users.save')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </form>
  );
}

/** A new password set by an administrator: it signs the user out everywhere. */
function ResetPassword({
  user,
  onSave,
  onCancel,
}: {
  user: User;
  onSave: (password: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  return (
    <form
      className="inline-outcome"
      aria-label={t('users.resetPasswordFor', { name: user.username })}
      onSubmit={(e) => {
        e.preventDefault();
        void onSave(password);
      }}
    >
      <Field
        label={t('users.newPassword')}
        hint={t('users.resetHint')}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button type="submit" className="primary">
        {t('users.setPassword')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('common.cancel')}
      </button>
    </form>
  );
}

/** Roles whose grant opens rights case narratives: the server asks the granting admin's second factor. */
const SENSITIVE_ROLE_CODES = new Set<string>(SENSITIVE_ROLES);

function RoleAndUnit({
  units,
  role,
  unit,
  otp,
  setRole,
  setUnit,
  setOtp,
  errors,
}: {
  units: OrgUnit[];
  role: string;
  unit: string;
  otp: string;
  setRole: (r: string) => void;
  setUnit: (u: string) => void;
  setOtp: (code: string) => void;
  errors: Record<string, string>;
}) {
  const { t } = useI18n();
  return (
    <>
      <SelectField
        label={t('users.role')}
        value={role}
        error={errors['grants.0.role'] ?? errors.role ?? errors.id}
        onChange={(e) => setRole(e.target.value)}
      >
        {ROLE_CODES.map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`)}
          </option>
        ))}
      </SelectField>
      <OrgUnitSelect
        label={t('users.orgUnit')}
        units={units}
        value={unit}
        error={errors['grants.0.orgUnitCode'] ?? errors.orgUnitCode ?? errors.grants}
        onChange={setUnit}
        first={<option value="">{t('users.chooseUnit')}</option>}
      />
      {SENSITIVE_ROLE_CODES.has(role) && (
        <OtpField
          label={t('users.stepUpCode')}
          hint={t('users.stepUpHint')}
          value={otp}
          error={errors.otp}
          onCode={setOtp}
        />
      )}
    </>
  );
}

function CreateUser({ units, onCreated }: { units: OrgUnit[]; onCreated: (u: User) => Promise<void> }) {
  const { t } = useI18n();
  const empty = {
    username: '',
    displayName: '',
    password: '',
    staffCode: '',
    locale: 'en',
    role: 'site_staff',
    orgUnitCode: '',
    otp: '',
  };
  const [f, setF] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      const u = await post('/users', {
        username: f.username.trim().toLowerCase(),
        displayName: f.displayName,
        password: f.password,
        locale: f.locale,
        staffCode: f.staffCode || null,
        grants: [{ role: f.role, orgUnitCode: f.orgUnitCode }],
        ...(SENSITIVE_ROLE_CODES.has(f.role) && f.otp ? { otp: f.otp } : {}),
      });
      setF(empty);
      await onCreated(u);
    } catch (err) {
      const fe = fieldErrors(t, err);
      setErrors(
        Object.keys(fe).length
          ? fe
          : { username: err instanceof ApiError ? localiseProblem(t, err) : String(err) },
      );
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="create-user-title">
      <h2 id="create-user-title">{t('users.createTitle')}</h2>
      <Field
        label={t('users.username')}
        hint={t('users.usernameHint')}
        autoCapitalize="none"
        value={f.username}
        error={errors.username}
        onChange={(e) => setF({ ...f, username: e.target.value })}
      />
      <Field
        label={t('users.displayName')}
        value={f.displayName}
        error={errors.displayName}
        onChange={(e) => setF({ ...f, displayName: e.target.value })}
      />
      <Field
        label={t('users.password')}
        hint={t('users.passwordHint')}
        type="password"
        autoComplete="new-password"
        value={f.password}
        error={errors.password}
        onChange={(e) => setF({ ...f, password: e.target.value })}
      />
      <Field
        label={t('users.staffCode')}
        value={f.staffCode}
        error={errors.staffCode}
        onChange={(e) => setF({ ...f, staffCode: e.target.value })}
      />
      <SelectField
        label={t('app.language')}
        value={f.locale}
        onChange={(e) => setF({ ...f, locale: e.target.value })}
      >
        {UI_LOCALES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </SelectField>
      <RoleAndUnit
        units={units}
        role={f.role}
        unit={f.orgUnitCode}
        otp={f.otp}
        setRole={(role) => setF({ ...f, role })}
        setUnit={(orgUnitCode) => setF({ ...f, orgUnitCode })}
        setOtp={(otp) => setF({ ...f, otp })}
        errors={errors}
      />
      <button type="submit" className="primary">
        {t('users.create')}
      </button>
    </form>
  );
}

function GrantRole({
  user,
  units,
  onDone,
}: {
  user: User;
  units: OrgUnit[];
  onDone: (msg?: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [role, setRole] = useState('site_staff');
  const [unit, setUnit] = useState('');
  const [otp, setOtp] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await post(`/users/${user.id}/grants`, {
        role,
        orgUnitCode: unit,
        ...(SENSITIVE_ROLE_CODES.has(role) && otp ? { otp } : {}),
      });
      await onDone(t('users.roleAdded', { name: user.username }));
    } catch (err) {
      const fe = fieldErrors(t, err);
      setErrors(
        Object.keys(fe).length
          ? fe
          : { orgUnitCode: err instanceof ApiError ? localiseProblem(t, err) : String(err) },
      );
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="grant-title">
      <h2 id="grant-title">{t('users.addRoleFor', { name: user.username })}</h2>
      <RoleAndUnit
        units={units}
        role={role}
        unit={unit}
        otp={otp}
        setRole={setRole}
        setUnit={setUnit}
        setOtp={setOtp}
        errors={errors}
      />
      <div className="actions">
        <button type="submit" className="primary">
          {t('users.addRole')}
        </button>
        <button type="button" onClick={() => void onDone()}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
