import { newRequestId, randomTraceId } from './request-context';

describe('request ids', () => {
  it('draws 32 hex digits each time, all different across refills of the pool (256 ids per draw)', () => {
    const ids = Array.from({ length: 1000 }, () => randomTraceId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(1000);
  });

  it('takes a valid traceparent trace id, and a random one when it is invalid or all zeros', () => {
    expect(newRequestId('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(newRequestId('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toMatch(/^[0-9a-f]{32}$/);
    expect(newRequestId('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).not.toBe('00000000000000000000000000000000');
    expect(newRequestId('garbage')).toMatch(/^[0-9a-f]{32}$/);
  });
});
