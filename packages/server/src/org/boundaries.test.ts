import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemo } from '../demo/demo.js';
import { demoBoundaries } from '../demo/demo-boundaries.js';
import { buildApp } from '../http/app.js';
import { systemActor } from '../identity/actor.js';
import { actorFor } from '../test-support/actors.js';
import { createTestHarbour, DIALECTS, type TestHarbour } from '../test-support/dialects.js';
import { signInAs } from '../test-support/http.js';
import { boundariesAt, importBoundaries, mapLevelFor } from './boundaries.js';

const square = (x: number, y: number) => [
  [
    [x, y],
    [x + 1, y],
    [x + 1, y + 1],
    [x, y + 1],
    [x, y],
  ],
];

for (const dialect of DIALECTS) {
  describe(`org-unit boundaries on ${dialect}`, () => {
    let h: TestHarbour;
    beforeAll(async () => {
      h = await createTestHarbour(dialect);
      await createDemo(h, { clients: 0 });
    });
    afterAll(async () => h.dispose());

    const unit = (code: string) =>
      h.db
        .selectFrom('org_units')
        .select(['path', 'level'])
        .where('code', '=', code)
        .executeTakeFirstOrThrow();

    it('loads the demo shapes and finds the level each map draws', async () => {
      const hrc = await unit('HRC');
      expect(await mapLevelFor(h, hrc.path, hrc.level)).toBe(3);
      const ua = await unit('UA');
      expect(await mapLevelFor(h, ua.path, ua.level)).toBe(4);
      const site = await unit('KYIV-DIC');
      expect(await mapLevelFor(h, site.path, site.level)).toBeNull();
      const regions = await boundariesAt(h, systemActor(), ua.path, 4);
      expect(regions.features.map((f) => f.properties.code)).toEqual(['UA-KYIV', 'UA-ODESA']);
      expect(regions.features[0]!.geometry.type).toBe('Polygon');
      expect(demoBoundaries().features).toHaveLength(8);
    });

    it('replaces a boundary, and refuses units the importer does not manage or that do not exist', async () => {
      const r = await importBoundaries(h, systemActor(), {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { code: 'UA-KYIV' },
            geometry: { type: 'Polygon', coordinates: square(30, 50) },
          },
          {
            type: 'Feature',
            properties: { code: 'NOWHERE' },
            geometry: { type: 'Polygon', coordinates: square(0, 0) },
          },
        ],
      });
      expect(r.saved).toBe(1);
      expect(r.errors).toEqual([expect.objectContaining({ value: 'NOWHERE', rule: 'exists' })]);
      const ua = await unit('UA');
      const kyiv = (await boundariesAt(h, systemActor(), ua.path, 4)).features[0]!;
      expect(kyiv.geometry.coordinates[0]![1]).toEqual([31, 50]);
      const manager = await actorFor(h.db, 'meofficer');
      const refused = await importBoundaries(h, manager, {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { code: 'UA' },
            geometry: { type: 'Polygon', coordinates: square(0, 0) },
          },
        ],
      });
      expect(refused.saved).toBe(0);
    });

    it('serves boundaries to anyone who may see the units, scoped to their part of the tree, over HTTP', async () => {
      const app = await buildApp(h, { webDist: '/nonexistent' });
      try {
        const donor = await signInAs(app, 'donor');
        const all = await donor.get('/api/v1/org-units/boundaries?within=HRC&level=3');
        expect(all.statusCode).toBe(200);
        expect(all.json().features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual([
          'ID',
          'KZ',
          'UA',
        ]);
        const manager = await signInAs(app, 'manager');
        expect((await manager.get('/api/v1/org-units/boundaries?within=HRC&level=3')).statusCode).toBe(404);
        const own = await manager.get('/api/v1/org-units/boundaries?within=UA-KYIV&level=4');
        expect(own.json().features).toHaveLength(1);
        const put = await manager.put('/api/v1/org-units/boundaries', {
          type: 'FeatureCollection',
          features: [],
        });
        expect(put.statusCode).toBe(403);
        const admin = await signInAs(app, 'admin');
        const bad = await admin.put('/api/v1/org-units/boundaries', {
          type: 'FeatureCollection',
          features: [{ type: 'Feature', properties: {}, geometry: null }],
        });
        expect(bad.statusCode).toBe(200);
        expect(bad.json()).toMatchObject({ saved: 0, errors: [{ field: 'features.0.properties.code' }] });
      } finally {
        await app.close();
      }
    });
  });
}
