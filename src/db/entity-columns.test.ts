import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { createOrmConfig } from '../../mikro-orm.config';
import { entityColumns } from './entity-columns';
import { ImmersionOffer } from '../offers/entities/immersion-offer';
import { Session } from '../sessions/entities/session';

// The ORM's metadata only: discovery needs no database (connect: false).
let orm: MikroORM;
beforeAll(async () => {
  orm = await MikroORM.init({ ...createOrmConfig('postgresql://nobody@127.0.0.1:1/none'), connect: false });
});
afterAll(() => orm.close());

describe('entityColumns', () => {
  it('maps scalar properties to their columns and many-to-ones to their name and referenced key', () => {
    const columns = entityColumns(orm.em, ImmersionOffer, 'o', ['createdAt', 'updatedAt']);
    expect(columns).toMatchObject({
      id: 'o.id',
      title: 'o.title',
      maxPresenceDays: 'o.max_presence_days',
      publishedAt: 'o.published_at',
      companyId: 'o.company_id',
      metierCode: 'o.metier_code',
      appellationCode: 'o.appellation_code',
      // Inherited from Located; the commune relation references communes by code.
      postalCode: 'o.postal_code',
      communeCode: 'o.commune_code',
    });
    expect(columns).not.toHaveProperty('createdAt');
    expect(columns).not.toHaveProperty('company');
  });

  it('leaves out many-to-many collections (their rows live in a pivot table)', () => {
    const columns = entityColumns(orm.em, Session, 's');
    expect(columns).toMatchObject({ kind: 's.kind', organiserId: 's.organiser_id', startsAt: 's.starts_at' });
    expect(columns).not.toHaveProperty('metiers');
    expect(Object.keys(columns).filter((property) => property.startsWith('metier'))).toEqual([]);
  });
});
