import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123092245Initial } from './Migration20261123092245Initial';
import { Migration20261123093000Search } from './Migration20261123093000Search';
import { Migration20261123095000Mutations } from './Migration20261123095000Mutations';
import { Migration20261123100000Outbox } from './Migration20261123100000Outbox';
import { Migration20261123110000Audit } from './Migration20261123110000Audit';
import { Migration20261123130000NearSearch } from './Migration20261123130000NearSearch';
import { Migration20261123140000TokenChanges } from './Migration20261123140000TokenChanges';
import { Migration20261124093000HostConfirmation } from './Migration20261124093000HostConfirmation';
import { Migration20261124110000ErasableMotive } from './Migration20261124110000ErasableMotive';
import { Migration20261202135157NetworkJoining } from './Migration20261202135157NetworkJoining';
import { Migration20261202135200SessionCourse } from './Migration20261202135200SessionCourse';
import { Migration20261202135400ProgrammesSeries } from './Migration20261202135400ProgrammesSeries';
import { Migration20261202143900Webhooks } from './Migration20261202143900Webhooks';
import { Migration20261202180000RomeCompetences } from './Migration20261202180000RomeCompetences';
import { Migration20261202180010ImmersionEvaluations } from './Migration20261202180010ImmersionEvaluations';
import { Migration20261202180100Debriefs } from './Migration20261202180100Debriefs';
import { Migration20261202180200FollowUps } from './Migration20261202180200FollowUps';
import { Migration20261202180300Indicators } from './Migration20261202180300Indicators';
import { Migration20261203060100SearchUnaccent } from './Migration20261203060100SearchUnaccent';
import { Migration20261203060110PhoneE164 } from './Migration20261203060110PhoneE164';

/** Every migration, in order (`npm run migration:create` adds the one it writes). */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261123092245Initial', class: Migration20261123092245Initial },
  { name: 'Migration20261123093000Search', class: Migration20261123093000Search },
  { name: 'Migration20261123095000Mutations', class: Migration20261123095000Mutations },
  { name: 'Migration20261123100000Outbox', class: Migration20261123100000Outbox },
  { name: 'Migration20261123110000Audit', class: Migration20261123110000Audit },
  { name: 'Migration20261123130000NearSearch', class: Migration20261123130000NearSearch },
  { name: 'Migration20261123140000TokenChanges', class: Migration20261123140000TokenChanges },
  { name: 'Migration20261124093000HostConfirmation', class: Migration20261124093000HostConfirmation },
  { name: 'Migration20261124110000ErasableMotive', class: Migration20261124110000ErasableMotive },
  { name: 'Migration20261202135157NetworkJoining', class: Migration20261202135157NetworkJoining },
  { name: 'Migration20261202135200SessionCourse', class: Migration20261202135200SessionCourse },
  { name: 'Migration20261202135400ProgrammesSeries', class: Migration20261202135400ProgrammesSeries },
  { name: 'Migration20261202143900Webhooks', class: Migration20261202143900Webhooks },
  { name: 'Migration20261202180000RomeCompetences', class: Migration20261202180000RomeCompetences },
  { name: 'Migration20261202180010ImmersionEvaluations', class: Migration20261202180010ImmersionEvaluations },
  { name: 'Migration20261202180100Debriefs', class: Migration20261202180100Debriefs },
  { name: 'Migration20261202180200FollowUps', class: Migration20261202180200FollowUps },
  { name: 'Migration20261202180300Indicators', class: Migration20261202180300Indicators },
  { name: 'Migration20261203060100SearchUnaccent', class: Migration20261203060100SearchUnaccent },
  { name: 'Migration20261203060110PhoneE164', class: Migration20261203060110PhoneE164 },
];
