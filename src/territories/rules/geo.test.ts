import { boundingBox, distanceKm, EARTH_RADIUS_KM, type GeoPoint } from './geo';

const PARIS: GeoPoint = { latitude: 48.8566, longitude: 2.3522 };
const LYON: GeoPoint = { latitude: 45.764, longitude: 4.8357 };

/** The point `km` away from `from` heading `bearing` degrees (great circle). */
function destination(from: GeoPoint, km: number, bearing: number): GeoPoint {
  const rad = Math.PI / 180;
  const d = km / EARTH_RADIUS_KM;
  const lat1 = from.latitude * rad;
  const lon1 = from.longitude * rad;
  const b = bearing * rad;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lon2 = lon1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return { latitude: lat2 / rad, longitude: lon2 / rad };
}

describe('distanceKm', () => {
  it('measures Paris to Lyon as about 392 km, the same both ways', () => {
    expect(distanceKm(PARIS, LYON)).toBeCloseTo(391.5, 0);
    expect(distanceKm(LYON, PARIS)).toBe(distanceKm(PARIS, LYON));
  });

  it('is 0 from a point to itself', () => {
    expect(distanceKm(PARIS, PARIS)).toBe(0);
  });

  it('is half the circumference between antipodes, without NaN from rounding', () => {
    const d = distanceKm({ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 });
    expect(d).toBeCloseTo(Math.PI * EARTH_RADIUS_KM, 6);
  });

  it('measures one degree of latitude as about 111 km', () => {
    expect(distanceKm({ latitude: 45, longitude: 3 }, { latitude: 46, longitude: 3 })).toBeCloseTo(111.2, 1);
  });
});

describe('boundingBox', () => {
  it('contains every point of the disc', () => {
    for (const centre of [PARIS, LYON, { latitude: -21.1, longitude: 55.5 } /* La Réunion */]) {
      for (const radius of [1, 30, 500]) {
        const box = boundingBox(centre, radius);
        for (let bearing = 0; bearing < 360; bearing += 15) {
          const p = destination(centre, radius * 0.999, bearing);
          expect(p.latitude).toBeGreaterThanOrEqual(box.minLatitude);
          expect(p.latitude).toBeLessThanOrEqual(box.maxLatitude);
          expect(p.longitude).toBeGreaterThanOrEqual(box.minLongitude);
          expect(p.longitude).toBeLessThanOrEqual(box.maxLongitude);
        }
      }
    }
  });

  it('leaves out a point beyond the radius due north', () => {
    const box = boundingBox(PARIS, 30);
    expect(destination(PARIS, 31, 0).latitude).toBeGreaterThan(box.maxLatitude);
  });

  it('spans every longitude at a pole instead of dividing by zero', () => {
    const box = boundingBox({ latitude: 90, longitude: 0 }, 10);
    expect([box.minLongitude, box.maxLongitude]).toEqual([-180, 180]);
  });
});
