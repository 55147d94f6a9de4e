import { isDatabaseUnavailable } from './availability';

describe('isDatabaseUnavailable', () => {
  it('recognises a database that is down, restarting, refusing connections, or a pool full past its deadline', () => {
    const unavailable = [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      Object.assign(new Error('database "relais" is not currently accepting connections'), { code: '55000' }),
      Object.assign(new Error('connection failure'), { code: '08006' }),
      new Error('Connection terminated unexpectedly'),
      Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' }),
      new Error('timeout exceeded when trying to connect'),
      // Wrapped, as the ORM and GraphQL do.
      Object.assign(new Error('query failed'), { cause: Object.assign(new Error('x'), { code: '57P01' }) }),
    ];
    for (const error of unavailable) expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('leaves the errors of a request alone', () => {
    const others = [
      Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }),
      Object.assign(new Error('could not serialize access'), { code: '40001' }),
      Object.assign(new Error('cannot drop the currently open database'), { code: '55000' }),
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
      new Error('something else'),
      null,
      'a string',
    ];
    for (const error of others) expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
