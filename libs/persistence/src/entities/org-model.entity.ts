import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The org model with history (DOMAIN §4), one table per snapshot collection. `ordinal` keeps the imported
 * order, so an export reads back exactly what was imported and problem paths (`tenures[3]`) stay meaningful.
 * Rows are replaced wholesale by OrgRepository.replaceOrg after validation, never edited one by one.
 */
@Entity({ name: 'units' })
export class UnitEntity {
  @PrimaryColumn({ name: 'id', type: 'text', primaryKeyConstraintName: 'pk_units' })
  id!: string;

  @Column({ name: 'ordinal', type: 'integer' })
  ordinal!: number;

  @Column({ name: 'name', type: 'text' })
  name!: string;

  @Column({ name: 'parent_id', type: 'text', nullable: true })
  parentId!: string | null;

  @Column({ name: 'kind', type: 'text' })
  kind!: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;
}

@Entity({ name: 'bodies' })
export class BodyEntity {
  @PrimaryColumn({ name: 'id', type: 'text', primaryKeyConstraintName: 'pk_bodies' })
  id!: string;

  @Column({ name: 'ordinal', type: 'integer' })
  ordinal!: number;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ name: 'kind', type: 'text' })
  kind!: string;

  @Column({ name: 'name', type: 'text', nullable: true })
  name!: string | null;
}

@Entity({ name: 'positions' })
export class PositionEntity {
  @PrimaryColumn({ name: 'id', type: 'text', primaryKeyConstraintName: 'pk_positions' })
  id!: string;

  @Column({ name: 'ordinal', type: 'integer' })
  ordinal!: number;

  @Column({ name: 'body_id', type: 'text' })
  bodyId!: string;

  @Column({ name: 'role', type: 'text' })
  role!: string;

  @Column({ name: 'single_holder', type: 'boolean' })
  singleHolder!: boolean;

  @Column({ name: 'title', type: 'text', nullable: true })
  title!: string | null;
}

@Entity({ name: 'persons' })
export class PersonEntity {
  @PrimaryColumn({ name: 'id', type: 'text', primaryKeyConstraintName: 'pk_persons' })
  id!: string;

  @Column({ name: 'ordinal', type: 'integer' })
  ordinal!: number;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;
}

/** Tenures, portfolios, supervisions and management rows have no natural key: identical rows are legal. */
@Entity({ name: 'tenures' })
export class TenureEntity {
  @PrimaryColumn({ name: 'ordinal', type: 'integer', primaryKeyConstraintName: 'pk_tenures' })
  ordinal!: number;

  @Column({ name: 'person_id', type: 'text' })
  personId!: string;

  @Column({ name: 'position_id', type: 'text' })
  positionId!: string;

  @Column({ name: 'from_date', type: 'date' })
  from!: string;

  @Column({ name: 'to_date', type: 'date', nullable: true })
  to!: string | null;

  @Column({ name: 'acting', type: 'boolean' })
  acting!: boolean;
}

@Entity({ name: 'portfolios' })
export class PortfolioEntity {
  @PrimaryColumn({ name: 'ordinal', type: 'integer', primaryKeyConstraintName: 'pk_portfolios' })
  ordinal!: number;

  @Column({ name: 'person_id', type: 'text' })
  personId!: string;

  @Column({ name: 'body_id', type: 'text' })
  bodyId!: string;

  @Column({ name: 'domain', type: 'text' })
  domain!: string;

  @Column({ name: 'from_date', type: 'date' })
  from!: string;

  @Column({ name: 'to_date', type: 'date', nullable: true })
  to!: string | null;
}

@Entity({ name: 'supervisions' })
export class SupervisionEntity {
  @PrimaryColumn({ name: 'ordinal', type: 'integer', primaryKeyConstraintName: 'pk_supervisions' })
  ordinal!: number;

  @Column({ name: 'discipline_body_id', type: 'text' })
  disciplineBodyId!: string;

  @Column({ name: 'unit_id', type: 'text' })
  unitId!: string;

  @Column({ name: 'from_date', type: 'date' })
  from!: string;

  @Column({ name: 'to_date', type: 'date', nullable: true })
  to!: string | null;
}

@Entity({ name: 'managed_by' })
export class ManagedByEntity {
  @PrimaryColumn({ name: 'ordinal', type: 'integer', primaryKeyConstraintName: 'pk_managed_by' })
  ordinal!: number;

  @Column({ name: 'person_id', type: 'text' })
  personId!: string;

  @Column({ name: 'body_id', type: 'text' })
  bodyId!: string;

  @Column({ name: 'from_date', type: 'date' })
  from!: string;

  @Column({ name: 'to_date', type: 'date', nullable: true })
  to!: string | null;
}

@Entity({ name: 'meeting_decisions' })
export class MeetingDecisionEntity {
  @PrimaryColumn({ name: 'id', type: 'text', primaryKeyConstraintName: 'pk_meeting_decisions' })
  id!: string;

  @Column({ name: 'ordinal', type: 'integer' })
  ordinal!: number;

  @Column({ name: 'body_id', type: 'text' })
  bodyId!: string;

  @Column({ name: 'decided_on', type: 'date' })
  date!: string;

  @Column({ name: 'domain', type: 'text' })
  domain!: string;

  @Column({ name: 'attendees', type: 'text', array: true })
  attendees!: string[];

  @Column({ name: 'dissent', type: 'text', array: true })
  dissent!: string[];
}

/** Listed in dependency order: inserts go forwards, deletes backwards. */
export const ORG_MODEL_ENTITIES = [
  PersonEntity,
  UnitEntity,
  BodyEntity,
  PositionEntity,
  TenureEntity,
  PortfolioEntity,
  SupervisionEntity,
  ManagedByEntity,
  MeetingDecisionEntity,
] as const;
