/**
 * Schematic boundaries for the demo's countries and regions: regular polygons around each place's
 * real centre, sized roughly to it. They are NOT real borders (Harbour bundles none of its own);
 * they exist so the demo's coverage map has shapes. A programme loads its own with `harbour org boundaries`.
 */

/** code, longitude, latitude of the centre, radius in degrees */
const PLACES: [string, number, number, number][] = [
  ['UA', 31.2, 48.9, 5],
  ['KZ', 67.0, 48.0, 9],
  ['ID', 113.0, -3.0, 8],
  ['UA-KYIV', 30.5, 50.45, 1.3],
  ['UA-ODESA', 30.7, 46.6, 1.3],
  ['KZ-ALMATY', 76.9, 43.25, 1.6],
  ['ID-JAKARTA', 106.85, -6.2, 0.5],
  ['ID-BALI', 115.2, -8.4, 0.6],
];

function polygon(lon: number, lat: number, r: number, sides = 8): [number, number][] {
  const ring: [number, number][] = [];
  for (let i = 0; i <= sides; i++) {
    const a = (2 * Math.PI * (i % sides)) / sides + Math.PI / sides;
    // Longitude degrees shrink towards the poles: widen them so the shape looks round.
    const x = lon + (r * Math.cos(a)) / Math.cos((lat * Math.PI) / 180);
    const y = lat + r * Math.sin(a);
    ring.push([Math.round(x * 1e4) / 1e4, Math.round(y * 1e4) / 1e4]);
  }
  return ring;
}

export function demoBoundaries() {
  return {
    type: 'FeatureCollection' as const,
    features: PLACES.map(([code, lon, lat, r]) => ({
      type: 'Feature' as const,
      properties: { code, note: 'schematic demo shape, not a real border' },
      geometry: { type: 'Polygon' as const, coordinates: [polygon(lon, lat, r)] },
    })),
  };
}
