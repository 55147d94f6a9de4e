import { ServiceError } from '../../common/errors';
import { MAX_RADIUS_KM, validateNear } from './location-filter';

function problem(near: { latitude: number; longitude: number; radiusKm: number }): string | null {
  try {
    validateNear(near);
    return null;
  } catch (error) {
    expect((error as ServiceError).code).toBe('BAD_USER_INPUT');
    return (error as ServiceError).field ?? null;
  }
}

describe('validateNear', () => {
  it('accepts a point on Earth and a radius up to the maximum', () => {
    expect(problem({ latitude: 48.85, longitude: 2.35, radiusKm: 10 })).toBeNull();
    expect(problem({ latitude: -90, longitude: 180, radiusKm: MAX_RADIUS_KM })).toBeNull();
  });

  it('refuses a latitude or longitude off the globe, and NaN, naming the field', () => {
    expect(problem({ latitude: 90.0001, longitude: 0, radiusKm: 1 })).toBe('filter.near.latitude');
    expect(problem({ latitude: Number.NaN, longitude: 0, radiusKm: 1 })).toBe('filter.near.latitude');
    expect(problem({ latitude: 0, longitude: -180.5, radiusKm: 1 })).toBe('filter.near.longitude');
    expect(problem({ latitude: 0, longitude: Number.NaN, radiusKm: 1 })).toBe('filter.near.longitude');
  });

  it('refuses a radius of zero, negative, or beyond the maximum', () => {
    for (const radiusKm of [0, -1, MAX_RADIUS_KM + 0.1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(problem({ latitude: 0, longitude: 0, radiusKm })).toBe('filter.near.radiusKm');
    }
  });
});
