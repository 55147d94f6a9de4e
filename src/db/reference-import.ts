import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** One run of a reference-data importer: which source, which version, what it counted. */
@Entity({ tableName: 'reference_import' })
export class ReferenceImport {
  [OptionalProps]?: 'importedAt';

  @PrimaryKey({ type: 'integer' })
  id!: number;

  /** ROME, TERRITORIES, NAF. */
  @Property({ type: 'string', length: 32 })
  source!: string;

  /** Version of the source (e.g. `v460` for ROME 4.0 files). */
  @Property({ type: 'text' })
  version!: string;

  @Property({ type: 'datetime', defaultRaw: 'now()' })
  importedAt: Date = new Date();

  /** Rows read and written, per table. */
  @Property({ type: 'json' })
  counts!: Record<string, number>;
}
