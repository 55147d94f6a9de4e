import { Migration } from '@mikro-orm/migrations';

export class Migration20261123092245Initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "rome_grand_domaine" ("code" varchar(1) not null, "label" text not null, constraint "rome_grand_domaine_pkey" primary key ("code"));`);

    this.addSql(`create table "rome_domaine" ("code" varchar(3) not null, "label" text not null, "grand_domaine_code" varchar(1) not null, constraint "rome_domaine_pkey" primary key ("code"));`);
    this.addSql(`create index "rome_domaine_grand_domaine_code_index" on "rome_domaine" ("grand_domaine_code");`);

    this.addSql(`create table "metier" ("code" varchar(5) not null, "label" text not null, "ogr_code" int not null, "domaine_code" varchar(3) not null, "rome_v3code" varchar(5) null, "transition_eco" text null, "regulated" boolean not null default false, "search_text" text not null default '', "executive" boolean not null default false, constraint "metier_pkey" primary key ("code"));`);
    this.addSql(`create index "metier_domaine_code_index" on "metier" ("domaine_code");`);

    this.addSql(`create table "appellation" ("code" int not null, "label" text not null, "short_label" text not null, "metier_code" varchar(5) not null, "principal" boolean not null default false, "rarely_used" boolean not null default false, constraint "appellation_pkey" primary key ("code"));`);
    this.addSql(`create index "appellation_metier_code_index" on "appellation" ("metier_code");`);

    this.addSql(`create table "naf_activity" ("code" varchar(6) not null, "label" text not null, "level" varchar(10) not null, "parent_code" varchar(6) null, constraint "naf_activity_pkey" primary key ("code"));`);
    this.addSql(`create index "naf_activity_parent_code_index" on "naf_activity" ("parent_code");`);

    this.addSql(`create table "reference_import" ("id" serial primary key, "source" varchar(32) not null, "version" text not null, "imported_at" timestamptz not null default now(), "counts" jsonb not null);`);

    this.addSql(`create table "region" ("code" varchar(3) not null, "name" text not null, constraint "region_pkey" primary key ("code"));`);

    this.addSql(`create table "departement" ("code" varchar(3) not null, "name" text not null, "region_code" varchar(3) not null, constraint "departement_pkey" primary key ("code"));`);
    this.addSql(`create index "departement_region_code_index" on "departement" ("region_code");`);

    this.addSql(`create table "commune" ("code" varchar(5) not null, "name" text not null, "departement_code" varchar(3) not null, "postal_codes" text[] not null default '{}', "population" int null, "latitude" double precision null, "longitude" double precision null, constraint "commune_pkey" primary key ("code"));`);
    this.addSql(`create index "commune_departement_code_index" on "commune" ("departement_code");`);
    this.addSql(`create index "commune_latitude_longitude_index" on "commune" ("latitude", "longitude");`);

    this.addSql(`create table "company" ("id" serial primary key, "address" text null, "postal_code" varchar(5) null, "commune_code" varchar(5) null, "departement_code" varchar(3) null, "latitude" double precision null, "longitude" double precision null, "siret" varchar(14) not null, "name" text not null, "naf_code" varchar(6) null, "size_band" text check ("size_band" in ('MICRO', 'SMALL', 'MEDIUM', 'LARGE')) null, "website" text null, "description" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "company_commune_code_index" on "company" ("commune_code");`);
    this.addSql(`create index "company_departement_code_index" on "company" ("departement_code");`);
    this.addSql(`alter table "company" add constraint "company_siret_unique" unique ("siret");`);
    this.addSql(`create index "company_name_index" on "company" ("name");`);
    this.addSql(`create index "company_naf_code_index" on "company" ("naf_code");`);
    this.addSql(`create index "company_latitude_longitude_index" on "company" ("latitude", "longitude");`);

    this.addSql(`create table "immersion_offer" ("id" serial primary key, "address" text null, "postal_code" varchar(5) null, "commune_code" varchar(5) null, "departement_code" varchar(3) null, "latitude" double precision null, "longitude" double precision null, "company_id" int not null, "metier_code" varchar(5) not null, "appellation_code" int null, "objective" text check ("objective" in ('DISCOVER_METIER', 'CONFIRM_PROJECT', 'START_RECRUITMENT')) not null, "title" text not null, "description" text null, "available_from" date not null, "available_until" date not null, "max_presence_days" smallint not null, "positions" int not null, "status" text check ("status" in ('DRAFT', 'PUBLISHED', 'CLOSED')) not null default 'DRAFT', "published_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint immersion_offer_positions check (positions >= 1), constraint immersion_offer_presence check (max_presence_days between 1 and 30), constraint immersion_offer_window check (available_until >= available_from));`);
    this.addSql(`create index "immersion_offer_commune_code_index" on "immersion_offer" ("commune_code");`);
    this.addSql(`create index "immersion_offer_departement_code_index" on "immersion_offer" ("departement_code");`);
    this.addSql(`create index "immersion_offer_company_id_index" on "immersion_offer" ("company_id");`);
    this.addSql(`create index "immersion_offer_metier_code_index" on "immersion_offer" ("metier_code");`);
    this.addSql(`create index "immersion_offer_appellation_code_index" on "immersion_offer" ("appellation_code");`);
    this.addSql(`create index "immersion_offer_objective_index" on "immersion_offer" ("objective");`);
    this.addSql(`create index "immersion_offer_status_available_from_index" on "immersion_offer" ("status", "available_from");`);
    this.addSql(`create index "immersion_offer_latitude_longitude_index" on "immersion_offer" ("latitude", "longitude");`);

    this.addSql(`create table "structure" ("id" serial primary key, "address" text null, "postal_code" varchar(5) null, "commune_code" varchar(5) null, "departement_code" varchar(3) null, "latitude" double precision null, "longitude" double precision null, "name" text not null, "kind" text check ("kind" in ('ACI', 'ACIPHC', 'AFPA', 'AI', 'ASE', 'ASSO', 'ASSO_CHOMEUR', 'AVIP', 'Autre', 'BIB', 'CAARUD', 'CADA', 'CAF', 'CAP_EMPLOI', 'CAVA', 'CC', 'CCAS', 'CCONS', 'CD', 'CDAS', 'CFP', 'CHRS', 'CHU', 'CIAS', 'CIDFF', 'CITMET', 'CMP', 'CMS', 'CPAM', 'CPH', 'CS', 'CSAPA', 'CSC', 'DEETS', 'DEPT', 'DIPLP', 'E2C', 'EA', 'EATT', 'EI', 'EITI', 'ENM', 'EPCI', 'EPI', 'EPIDE', 'EPN', 'ES', 'ESS', 'ETABL_PRI', 'ETABL_PUB', 'ETAT', 'ETTI', 'EVS', 'FABLAB', 'FAIS', 'FT', 'GEIQ', 'HUDA', 'LA_POSTE', 'MDA', 'MDE', 'MDEF', 'MDPH', 'MDS', 'MJC', 'ML', 'MQ', 'MSA', 'MSAP', 'MUNI', 'OACAS', 'ODC', 'OF', 'OIL', 'OPCS', 'PAD', 'PENSION', 'PI', 'PIJ_BIJ', 'PIMMS', 'PJJ', 'PLIE', 'PREF', 'PREVENTION', 'REG', 'RESSOURCERIE', 'RFS', 'RS_FJT', 'SCP', 'SPIP', 'TIERS_LIEUX', 'UDAF', 'CREPI', 'MFR')) not null, "can_prescribe" boolean not null, "siret" varchar(14) null, "email" text null, "phone" text null, "website" text null, "description" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`);
    this.addSql(`create index "structure_commune_code_index" on "structure" ("commune_code");`);
    this.addSql(`create index "structure_departement_code_index" on "structure" ("departement_code");`);
    this.addSql(`create index "structure_name_index" on "structure" ("name");`);
    this.addSql(`create index "structure_kind_index" on "structure" ("kind");`);
    this.addSql(`create index "structure_can_prescribe_index" on "structure" ("can_prescribe");`);
    this.addSql(`create index "structure_latitude_longitude_index" on "structure" ("latitude", "longitude");`);

    this.addSql(`create table "session" ("id" serial primary key, "address" text null, "postal_code" varchar(5) null, "commune_code" varchar(5) null, "departement_code" varchar(3) null, "latitude" double precision null, "longitude" double precision null, "kind" text check ("kind" in ('AMBASSADEURS_DES_METIERS', 'COMPANY_VISIT', 'RALLYE', 'JOB_DATING', 'INFORMATION_MEETING', 'WORKSHOP')) not null, "title" text not null, "description" text null, "organiser_id" int not null, "host_company_id" int null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "capacity" int not null, "seats_taken" int not null default 0, "minimum_age" smallint not null default 16, "status" text check ("status" in ('DRAFT', 'PUBLISHED', 'FULL', 'COMPLETED', 'CANCELLED')) not null default 'DRAFT', "published_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint session_dates check (ends_at > starts_at), constraint session_seats check (seats_taken between 0 and capacity), constraint session_capacity check (capacity >= 1));`);
    this.addSql(`create index "session_commune_code_index" on "session" ("commune_code");`);
    this.addSql(`create index "session_departement_code_index" on "session" ("departement_code");`);
    this.addSql(`create index "session_kind_index" on "session" ("kind");`);
    this.addSql(`create index "session_organiser_id_index" on "session" ("organiser_id");`);
    this.addSql(`create index "session_host_company_id_index" on "session" ("host_company_id");`);
    this.addSql(`create index "session_starts_at_index" on "session" ("starts_at");`);
    this.addSql(`create index "session_status_starts_at_index" on "session" ("status", "starts_at");`);
    this.addSql(`create index "session_departement_code_starts_at_index" on "session" ("departement_code", "starts_at");`);
    this.addSql(`create index "session_latitude_longitude_index" on "session" ("latitude", "longitude");`);

    this.addSql(`create table "session_metier" ("session_id" int not null, "metier_code" varchar(5) not null, constraint "session_metier_pkey" primary key ("session_id", "metier_code"));`);

    this.addSql(`create table "company_membership" ("id" serial primary key, "company_id" int not null, "structure_id" int not null, "since" date null);`);
    this.addSql(`create index "company_membership_company_id_index" on "company_membership" ("company_id");`);
    this.addSql(`create index "company_membership_structure_id_index" on "company_membership" ("structure_id");`);
    this.addSql(`alter table "company_membership" add constraint "company_membership_company_id_structure_id_unique" unique ("company_id", "structure_id");`);

    this.addSql(`create table "commitment" ("id" serial primary key, "company_id" int not null, "animator_id" int null, "axis" text check ("axis" in ('SENSIBILISER', 'FORMER', 'RECRUTER', 'ACHETER')) not null, "pledge" text not null, "measure" text check ("measure" in ('SESSIONS_HOSTED', 'IMMERSIONS_OFFERED', 'APPRENTICES', 'HIRES', 'EUROS_PURCHASED', 'OTHER')) not null, "target" int not null, "declared_progress" int not null default 0, "period_start" date not null, "period_end" date not null, "status" text check ("status" in ('PROPOSED', 'SIGNED', 'FULFILLED', 'LAPSED', 'WITHDRAWN')) not null default 'PROPOSED', "signed_at" timestamptz null, "public_partners" text[] not null default '{}', "convention_signed_on" date null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint commitment_progress check (declared_progress >= 0), constraint commitment_target check (target >= 1), constraint commitment_period check (period_end >= period_start));`);
    this.addSql(`create index "commitment_company_id_index" on "commitment" ("company_id");`);
    this.addSql(`create index "commitment_animator_id_index" on "commitment" ("animator_id");`);
    this.addSql(`create index "commitment_axis_index" on "commitment" ("axis");`);
    this.addSql(`create index "commitment_status_index" on "commitment" ("status");`);
    this.addSql(`create index "commitment_period_start_period_end_index" on "commitment" ("period_start", "period_end");`);

    this.addSql(`create table "account" ("id" serial primary key, "email" text not null, "display_name" text not null, "role" text check ("role" in ('NETWORK_ADMIN', 'STRUCTURE_ADMIN', 'STRUCTURE_STAFF', 'COMPANY_ADMIN', 'COMPANY_STAFF', 'PARTICIPANT', 'PARTNER_INTEGRATION')) not null, "structure_id" int null, "company_id" int null, "participant_id" int null, "created_at" timestamptz not null default now(), "disabled_at" timestamptz null);`);
    this.addSql(`alter table "account" add constraint "account_email_unique" unique ("email");`);
    this.addSql(`create index "account_structure_id_index" on "account" ("structure_id");`);
    this.addSql(`create index "account_company_id_index" on "account" ("company_id");`);
    this.addSql(`create index "account_participant_id_index" on "account" ("participant_id");`);

    this.addSql(`create table "participant" ("id" serial primary key, "referent_structure_id" int not null, "referent_account_id" int null, "age_band" varchar(8) null, "departement_code" varchar(3) null, "created_at" timestamptz not null default now(), "last_activity_at" timestamptz not null default now(), "erased_at" timestamptz null);`);
    this.addSql(`create index "participant_referent_structure_id_index" on "participant" ("referent_structure_id");`);
    this.addSql(`create index "participant_referent_account_id_index" on "participant" ("referent_account_id");`);
    this.addSql(`create index "participant_departement_code_index" on "participant" ("departement_code");`);

    this.addSql(`create table "referral" ("id" serial primary key, "participant_id" int not null, "prescriber_structure_id" int not null, "prescriber_account_id" int null, "session_id" int null, "immersion_offer_id" int null, "motive" text not null, "status" text check ("status" in ('PENDING', 'ACCEPTED', 'WAITLISTED', 'REFUSED', 'CANCELLED', 'ATTENDED', 'NO_SHOW', 'COMPLETED')) not null default 'PENDING', "refusal_reason" text check ("refusal_reason" in ('NO_SEAT', 'NOT_ELIGIBLE', 'NOT_MOBILE', 'LACKING_SKILLS', 'INCOMPATIBLE_DATES', 'DUPLICATE', 'OTHER')) null, "refusal_detail" text null, "refusal_shared_with_participant" boolean null, "no_show_party" text check ("no_show_party" in ('PARTICIPANT', 'HOST')) null, "outcome" text check ("outcome" in ('INTERESTED', 'NOT_INTERESTED', 'IMMERSION_REQUESTED', 'TRAINING', 'HIRED')) null, "contract_type" text check ("contract_type" in ('CDI', 'CDD', 'INTERIM', 'CDDI', 'APPRENTICESHIP', 'PROFESSIONALISATION', 'OTHER')) null, "outcome_note" text null, "waitlisted_at" timestamptz null, "answered_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint referral_one_target check ((session_id is null) <> (immersion_offer_id is null)));`);
    this.addSql(`create index "referral_participant_id_index" on "referral" ("participant_id");`);
    this.addSql(`create index "referral_prescriber_structure_id_index" on "referral" ("prescriber_structure_id");`);
    this.addSql(`create index "referral_prescriber_account_id_index" on "referral" ("prescriber_account_id");`);
    this.addSql(`create index "referral_session_id_index" on "referral" ("session_id");`);
    this.addSql(`create index "referral_immersion_offer_id_index" on "referral" ("immersion_offer_id");`);
    this.addSql(`create index "referral_status_index" on "referral" ("status");`);
    this.addSql(`create index "referral_status_created_at_index" on "referral" ("status", "created_at");`);
    this.addSql(`create index "referral_session_id_status_index" on "referral" ("session_id", "status");`);

    this.addSql(`create table "referral_transition" ("id" serial primary key, "referral_id" int not null, "from_status" text check ("from_status" in ('PENDING', 'ACCEPTED', 'WAITLISTED', 'REFUSED', 'CANCELLED', 'ATTENDED', 'NO_SHOW', 'COMPLETED')) null, "to_status" text check ("to_status" in ('PENDING', 'ACCEPTED', 'WAITLISTED', 'REFUSED', 'CANCELLED', 'ATTENDED', 'NO_SHOW', 'COMPLETED')) not null, "actor_id" int null, "reason" text null, "at" timestamptz not null default now());`);
    this.addSql(`create index "referral_transition_referral_id_index" on "referral_transition" ("referral_id");`);
    this.addSql(`create index "referral_transition_actor_id_index" on "referral_transition" ("actor_id");`);

    this.addSql(`create table "participant_personal_data" ("participant_id" int not null, "first_name" text not null, "last_name" text not null, "birth_date" date null, "email" text null, "phone" text null, "address" text null, "postal_code" varchar(5) null, "commune_code" varchar(5) null, "notes" text null, "rqth" boolean not null default false, constraint "participant_personal_data_pkey" primary key ("participant_id"));`);

    this.addSql(`create table "api_token" ("id" serial primary key, "account_id" int not null, "token_hash" varchar(64) not null, "prefix" varchar(16) not null, "label" text null, "created_at" timestamptz not null default now(), "expires_at" timestamptz null, "revoked_at" timestamptz null, "last_used_at" timestamptz null);`);
    this.addSql(`create index "api_token_account_id_index" on "api_token" ("account_id");`);
    this.addSql(`alter table "api_token" add constraint "api_token_token_hash_unique" unique ("token_hash");`);

    this.addSql(`alter table "rome_domaine" add constraint "rome_domaine_grand_domaine_code_foreign" foreign key ("grand_domaine_code") references "rome_grand_domaine" ("code") on update cascade;`);

    this.addSql(`alter table "metier" add constraint "metier_domaine_code_foreign" foreign key ("domaine_code") references "rome_domaine" ("code") on update cascade;`);

    this.addSql(`alter table "appellation" add constraint "appellation_metier_code_foreign" foreign key ("metier_code") references "metier" ("code") on update cascade;`);

    this.addSql(`alter table "departement" add constraint "departement_region_code_foreign" foreign key ("region_code") references "region" ("code") on update cascade;`);

    this.addSql(`alter table "commune" add constraint "commune_departement_code_foreign" foreign key ("departement_code") references "departement" ("code") on update cascade;`);

    this.addSql(`alter table "company" add constraint "company_commune_code_foreign" foreign key ("commune_code") references "commune" ("code") on update cascade on delete set null;`);

    this.addSql(`alter table "immersion_offer" add constraint "immersion_offer_commune_code_foreign" foreign key ("commune_code") references "commune" ("code") on update cascade on delete set null;`);
    this.addSql(`alter table "immersion_offer" add constraint "immersion_offer_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade;`);
    this.addSql(`alter table "immersion_offer" add constraint "immersion_offer_metier_code_foreign" foreign key ("metier_code") references "metier" ("code") on update cascade;`);
    this.addSql(`alter table "immersion_offer" add constraint "immersion_offer_appellation_code_foreign" foreign key ("appellation_code") references "appellation" ("code") on update cascade on delete set null;`);

    this.addSql(`alter table "structure" add constraint "structure_commune_code_foreign" foreign key ("commune_code") references "commune" ("code") on update cascade on delete set null;`);

    this.addSql(`alter table "session" add constraint "session_commune_code_foreign" foreign key ("commune_code") references "commune" ("code") on update cascade on delete set null;`);
    this.addSql(`alter table "session" add constraint "session_organiser_id_foreign" foreign key ("organiser_id") references "structure" ("id") on update cascade;`);
    this.addSql(`alter table "session" add constraint "session_host_company_id_foreign" foreign key ("host_company_id") references "company" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "session_metier" add constraint "session_metier_session_id_foreign" foreign key ("session_id") references "session" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "session_metier" add constraint "session_metier_metier_code_foreign" foreign key ("metier_code") references "metier" ("code") on update cascade on delete cascade;`);

    this.addSql(`alter table "company_membership" add constraint "company_membership_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "company_membership" add constraint "company_membership_structure_id_foreign" foreign key ("structure_id") references "structure" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "commitment" add constraint "commitment_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade;`);
    this.addSql(`alter table "commitment" add constraint "commitment_animator_id_foreign" foreign key ("animator_id") references "structure" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "account" add constraint "account_structure_id_foreign" foreign key ("structure_id") references "structure" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "account" add constraint "account_company_id_foreign" foreign key ("company_id") references "company" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "account" add constraint "account_participant_id_foreign" foreign key ("participant_id") references "participant" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "participant" add constraint "participant_referent_structure_id_foreign" foreign key ("referent_structure_id") references "structure" ("id") on update cascade;`);
    this.addSql(`alter table "participant" add constraint "participant_referent_account_id_foreign" foreign key ("referent_account_id") references "account" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "referral" add constraint "referral_participant_id_foreign" foreign key ("participant_id") references "participant" ("id") on update cascade;`);
    this.addSql(`alter table "referral" add constraint "referral_prescriber_structure_id_foreign" foreign key ("prescriber_structure_id") references "structure" ("id") on update cascade;`);
    this.addSql(`alter table "referral" add constraint "referral_prescriber_account_id_foreign" foreign key ("prescriber_account_id") references "account" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "referral" add constraint "referral_session_id_foreign" foreign key ("session_id") references "session" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "referral" add constraint "referral_immersion_offer_id_foreign" foreign key ("immersion_offer_id") references "immersion_offer" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "referral_transition" add constraint "referral_transition_referral_id_foreign" foreign key ("referral_id") references "referral" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "referral_transition" add constraint "referral_transition_actor_id_foreign" foreign key ("actor_id") references "account" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "participant_personal_data" add constraint "participant_personal_data_participant_id_foreign" foreign key ("participant_id") references "participant" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "api_token" add constraint "api_token_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade;`);
  }

}
