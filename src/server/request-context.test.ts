import { noteTokensChanged } from '../common/request-scope';
import { newRequestId, operationScope, randomTraceId, runInOperationScope, runWithRequestId, takeTokensChanged } from './request-context';

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

describe('a change of tokens noted by a request', () => {
  it('is read once, by the request that noted it or through its operation scope', () => {
    expect(runWithRequestId('a', () => takeTokensChanged())).toBe(false);
    expect(runWithRequestId('b', () => (noteTokensChanged(), [takeTokensChanged(), takeTokensChanged()]))).toEqual([true, false]);
    const scope = operationScope('c');
    runInOperationScope(scope, () => noteTokensChanged());
    expect(runWithRequestId('d', () => takeTokensChanged())).toBe(false); // another request's scope
    expect([takeTokensChanged(scope), takeTokensChanged(scope)]).toEqual([true, false]);
  });

  it('is nothing outside a request', () => {
    noteTokensChanged();
    expect(takeTokensChanged()).toBe(false);
  });
});
