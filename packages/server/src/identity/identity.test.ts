import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { DEMO_PASSWORD } from '../demo/demo-tree.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { systemActor, userActor } from './actor.js';
import {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  resolveSession,
  SIGN_IN_FAILED,
  signIn,
  signOutEverywhere,
  verifySessionTotp,
} from './sessions.js';
import { totpNow } from './totp.js';
import {
  addGrant,
  createUser,
  listUsers,
  loadGrants,
  removeGrant,
  setUserDisabled,
  setUserPassword,
} from './users.js';

for (const dialect of DIALECTS) {
  describe(`identity and access on ${dialect}`, () => {
    let h: TestHarbour;
    beforeEach(async () => {
      h = await createTestHarbour(dialect, { lockoutAttempts: 3, lockoutMinutes: 10 });
      await createDemo(h, { clients: 0 });
    });
    afterEach(async () => h.dispose());

    const actorOf = async (username: string) => {
      const row = await h.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      return userActor(row.id, username, await loadGrants(h.db, row.id));
    };

    it('stores only an argon2id hash of the password', async () => {
      const row = await h.db
        .selectFrom('users')
        .select('password_hash')
        .where('username', '=', 'staff')
        .executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$/);
      expect(row.password_hash).not.toContain(DEMO_PASSWORD);
    });

    it('signs in, resolves the session, and ends every session on request', async () => {
      const a = await signIn(h, h.config, 'staff', DEMO_PASSWORD);
      const b = await signIn(h, h.config, 'STAFF ', DEMO_PASSWORD);
      expect(a.mfaRequired).toBe(false);
      const session = await resolveSession(h, h.config, a.token);
      expect(session?.actor.label).toBe('staff');
      expect(session?.actor.grants.map((g) => g.role)).toEqual(['site_staff']);
      const stored = await h.db.selectFrom('sessions').select('id').execute();
      expect(stored.map((s) => s.id)).not.toContain(a.token);
      expect(await signOutEverywhere(h, session!.actor)).toBe(2);
      expect(await resolveSession(h, h.config, a.token)).toBeNull();
      expect(await resolveSession(h, h.config, b.token)).toBeNull();
    });

    it('says the same thing for an unknown user and a wrong password, and locks after repeated failures', async () => {
      await expect(signIn(h, h.config, 'nobody', 'whatever-password')).rejects.toThrow(SIGN_IN_FAILED);
      for (let i = 0; i < 3; i++)
        await expect(signIn(h, h.config, 'staff', 'wrong-password')).rejects.toThrow(SIGN_IN_FAILED);
      await expect(signIn(h, h.config, 'staff', DEMO_PASSWORD)).rejects.toMatchObject({
        status: 429,
        message: expect.stringContaining('locked until'),
      });
      h.setNow(new Date(h.now().getTime() + 11 * 60_000));
      await expect(signIn(h, h.config, 'staff', DEMO_PASSWORD)).resolves.toMatchObject({
        mfaRequired: false,
      });
      const actions = (await h.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
      expect(actions).toContain('user.locked');
      expect(actions).toContain('session.sign_in_failed');
    });

    it('expires sessions after the idle limit and refuses disabled users', async () => {
      const s = await signIn(h, h.config, 'staff', DEMO_PASSWORD);
      h.setNow(new Date(h.now().getTime() + (h.config.sessionIdleMinutes + 1) * 60_000));
      expect(await resolveSession(h, h.config, s.token)).toBeNull();
      const again = await signIn(h, h.config, 'staff', DEMO_PASSWORD);
      const admin = await actorOf('admin');
      const staffId = (
        await h.db.selectFrom('users').select('id').where('username', '=', 'staff').executeTakeFirstOrThrow()
      ).id;
      await setUserDisabled(h, admin, staffId, true);
      expect(await resolveSession(h, h.config, again.token)).toBeNull();
      await expect(signIn(h, h.config, 'staff', DEMO_PASSWORD)).rejects.toThrow(SIGN_IN_FAILED);
    });

    it('requires TOTP for admins when configured, and refuses a replayed code', async () => {
      const strict = { ...h.config, requireAdminTotp: true };
      const first = await signIn(h, strict, 'admin', DEMO_PASSWORD);
      expect(first).toMatchObject({ mfaRequired: true, mfaEnrolmentRequired: true });
      let session = (await resolveSession(h, strict, first.token))!;
      expect(session.mfaOk).toBe(false);
      const { secret } = await beginTotpEnrolment(h, session.actor);
      const sealed = await h.db
        .selectFrom('users')
        .select('totp_secret')
        .where('username', '=', 'admin')
        .executeTakeFirstOrThrow();
      expect(sealed.totp_secret).not.toContain(secret);
      await expect(confirmTotpEnrolment(h, session.actor, session.sessionId, '000000')).rejects.toThrow(
        /code is wrong/,
      );
      const code = totpNow(secret, h.now());
      await confirmTotpEnrolment(h, session.actor, session.sessionId, code);
      expect((await resolveSession(h, strict, first.token))!.mfaOk).toBe(true);

      const second = await signIn(h, strict, 'admin', DEMO_PASSWORD);
      expect(second).toMatchObject({ mfaRequired: true, mfaEnrolmentRequired: false });
      session = (await resolveSession(h, strict, second.token))!;
      await expect(verifySessionTotp(h, session, code)).rejects.toThrow(/already used/);
      h.setNow(new Date(h.now().getTime() + 30_000));
      await verifySessionTotp(h, session, totpNow(secret, h.now()));
      expect((await resolveSession(h, strict, second.token))!.mfaOk).toBe(true);
    });

    it('lets an organisation admin manage only users inside their subtree', async () => {
      const cli = systemActor();
      await createUser(h, cli, {
        username: 'sln-admin',
        displayName: 'SLN admin',
        password: 'a-long-password',
        grants: [{ role: 'admin', orgUnitCode: 'SLN' }],
      });
      const slnAdmin = await actorOf('sln-admin');
      const names = (await listUsers(h, slnAdmin)).map((u) => u.username);
      expect(names).toContain('staff');
      expect(names).not.toContain('jakarta');
      expect(names).not.toContain('admin');
      await expect(
        createUser(h, slnAdmin, {
          username: 'x-user',
          displayName: 'X',
          password: 'a-long-password',
          grants: [{ role: 'site_staff', orgUnitCode: 'JKT-DIC' }],
        }),
      ).rejects.toThrow(/part of the tree you manage/);
      const jakartaId = (
        await h.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', 'jakarta')
          .executeTakeFirstOrThrow()
      ).id;
      await expect(setUserDisabled(h, slnAdmin, jakartaId, true)).rejects.toMatchObject({ status: 404 });
      const rootAdminId = (
        await h.db.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()
      ).id;
      await expect(setUserPassword(h, slnAdmin, rootAdminId, 'take-over-password')).rejects.toMatchObject({
        status: 404,
      });
      const staffId = (
        await h.db.selectFrom('users').select('id').where('username', '=', 'staff').executeTakeFirstOrThrow()
      ).id;
      const withGrant = await addGrant(h, slnAdmin, staffId, { role: 'site_staff', orgUnitCode: 'KYIV-OST' });
      expect(withGrant.grants.map((g) => g.orgUnitCode).sort()).toEqual(['KYIV-DIC', 'KYIV-OST']);
      const without = await removeGrant(h, slnAdmin, staffId, {
        role: 'site_staff',
        orgUnitCode: 'KYIV-DIC',
      });
      expect(without.grants.map((g) => g.orgUnitCode)).toEqual(['KYIV-OST']);
      await expect(
        removeGrant(h, slnAdmin, staffId, { role: 'site_staff', orgUnitCode: 'KYIV-OST' }),
      ).rejects.toThrow(/at least one role/);
    });

    it('refuses weak passwords and taken usernames with the field named', async () => {
      const cli = systemActor();
      await expect(
        createUser(h, cli, {
          username: 'new-user',
          displayName: 'N',
          password: 'short',
          grants: [{ role: 'site_staff', orgUnitCode: 'KYIV-DIC' }],
        }),
      ).rejects.toMatchObject({
        issues: [expect.objectContaining({ field: 'password' })],
      });
      await expect(
        createUser(h, cli, {
          username: 'staff',
          displayName: 'N',
          password: 'a-long-password',
          grants: [{ role: 'site_staff', orgUnitCode: 'KYIV-DIC' }],
        }),
      ).rejects.toMatchObject({
        status: 409,
        issues: [expect.objectContaining({ field: 'username', rule: 'unique' })],
      });
    });
  });
}
