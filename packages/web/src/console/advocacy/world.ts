/**
 * Country shapes for the gap map: Natural Earth 1:110m from the world-atlas package, bundled with the
 * console (nothing is fetched at run time) and loaded only when the map is opened. Each shape is named
 * by its ISO 3166-1 alpha-2 code; the smallest countries have no shape at this scale and appear in the
 * table only.
 */

import { countryFromNumeric } from '@harbour/core';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

export async function worldGeoJson(): Promise<unknown> {
  const { default: topology } = (await import('world-atlas/countries-110m.json')) as unknown as {
    default: Topology;
  };
  const countries = feature(topology, topology.objects.countries as GeometryCollection) as unknown as {
    type: 'FeatureCollection';
    features: { id?: string; properties: Record<string, unknown> }[];
  };
  // Antarctica (010) has no programmes and would take a fifth of the map.
  countries.features = countries.features.filter((f) => f.id !== '010');
  for (const f of countries.features)
    f.properties = { name: (f.id && countryFromNumeric(String(f.id))) || String(f.properties.name ?? '') };
  return countries;
}
