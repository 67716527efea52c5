import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, BOARD_ROLE } from '../roles';
import { tenantTable } from '../rls';

/**
 * The platform foundation: partnerships (tenants), their organisations, users and memberships,
 * and the national schema the National Board's role may read.
 */
export class PlatformFoundation1764288000000 implements MigrationInterface {
  name = 'PlatformFoundation1764288000000';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      // ---- platform tables (no RLS; guarded by grants) ----
      `CREATE TABLE tenants (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 63),
         name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
         region text,
         status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed')),
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1
       )`,
      `CREATE TABLE users (
         id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         email text NOT NULL CHECK (email = lower(email) AND email ~ '^[^@\\s]+@[^@\\s]+$'),
         display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
         password_hash text,
         platform_role text CHECK (platform_role IN ('platform_admin', 'national_board')),
         status text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'active', 'disabled')),
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1
       )`,
      `CREATE UNIQUE INDEX users_email_key ON users (email)`,
      // ---- tenant-owned tables: tenant-first keys, composite foreign keys ----
      `CREATE TABLE organisations (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         kind text NOT NULL CHECK (kind IN ('local_authority', 'school', 'ap_provider', 'icb', 'training_provider', 'parent_carer_forum')),
         name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
         la_number char(3) CHECK (la_number ~ '^[0-9]{3}$'),
         gss_code char(9) CHECK (gss_code ~ '^E[0-9]{8}$'),
         is_lead boolean NOT NULL DEFAULT false,
         urn char(6) CHECK (urn ~ '^[1-9][0-9]{5}$'),
         ukprn char(8) CHECK (ukprn ~ '^1[0-9]{7}$'),
         local_authority_id uuid,
         status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, local_authority_id) REFERENCES organisations (tenant_id, id),
         CONSTRAINT organisations_la_identifiers CHECK (kind <> 'local_authority' OR (la_number IS NOT NULL AND gss_code IS NOT NULL)),
         CONSTRAINT organisations_school_urn CHECK (kind <> 'school' OR urn IS NOT NULL),
         CONSTRAINT organisations_provider_identifier CHECK (kind <> 'ap_provider' OR urn IS NOT NULL OR ukprn IS NOT NULL),
         CONSTRAINT organisations_lead_is_la CHECK (NOT is_lead OR kind = 'local_authority')
       )`,
      `CREATE UNIQUE INDEX organisations_la_number_key ON organisations (tenant_id, la_number) WHERE la_number IS NOT NULL`,
      `CREATE UNIQUE INDEX organisations_urn_key ON organisations (tenant_id, urn) WHERE urn IS NOT NULL`,
      `CREATE INDEX organisations_kind_idx ON organisations (tenant_id, kind, name)`,
      `CREATE INDEX organisations_la_idx ON organisations (tenant_id, local_authority_id)`,
      ...tenantTable('organisations'),
      // memberships are read at sign-in, before a tenant is chosen: a platform table by design
      `CREATE TABLE memberships (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         user_id uuid NOT NULL REFERENCES users (id),
         organisation_id uuid NOT NULL,
         role text NOT NULL CHECK (role ~ '^[a-z_]{3,40}$'),
         status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id),
         UNIQUE (tenant_id, user_id, organisation_id, role)
       )`,
      `CREATE INDEX memberships_user_idx ON memberships (user_id)`,
      `GRANT SELECT, INSERT, UPDATE ON tenants, users, memberships TO ${APP_ROLE}`,
      // ---- the National Board reads only this schema ----
      `CREATE SCHEMA national`,
      `GRANT USAGE ON SCHEMA national TO ${BOARD_ROLE}, ${APP_ROLE}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA national GRANT SELECT ON TABLES TO ${BOARD_ROLE}`,
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of [
      `DROP SCHEMA national CASCADE`,
      `DROP TABLE memberships`,
      `DROP TABLE organisations`,
      `DROP TABLE users`,
      `DROP TABLE tenants`,
    ]) {
      await q.query(sql);
    }
  }
}
