import { MigrationInterface, QueryRunner } from 'typeorm';
import { tenantTable } from '@rep-hub/platform/schema';

/**
 * The alternative provision directory of a partnership (issue 6, part 1): providers with their
 * identifiers, type and tiers; the places each LA commissions from them per tier and academic
 * year; and quality checks with expiry dates. One check serves every LA of the partnership. No
 * pupil data: tenant tables (wall 1) without LA scoping.
 */
export class ApDirectory1764340000000 implements MigrationInterface {
  name = 'ApDirectory1764340000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of [
      `CREATE TABLE ap_providers (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         organisation_id uuid,
         name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
         provider_type text NOT NULL CHECK (provider_type ~ '^[a-z_]{2,40}$'),
         urn text CHECK (urn ~ '^[0-9]{6}$'),
         ukprn text CHECK (ukprn ~ '^1[0-9]{7}$'),
         tiers text[] NOT NULL CHECK (cardinality(tiers) BETWEEN 1 AND 3 AND tiers <@ ARRAY['tier_1', 'tier_2', 'tier_3']),
         status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
         created_at timestamptz NOT NULL DEFAULT now(),
         updated_at timestamptz NOT NULL DEFAULT now(),
         created_by uuid,
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id),
         CONSTRAINT ap_providers_identifier CHECK (urn IS NOT NULL OR ukprn IS NOT NULL OR provider_type = 'unregistered_provision')
       )`,
      `CREATE UNIQUE INDEX ap_providers_urn_key ON ap_providers (tenant_id, urn) WHERE urn IS NOT NULL`,
      `CREATE UNIQUE INDEX ap_providers_ukprn_key ON ap_providers (tenant_id, ukprn) WHERE ukprn IS NOT NULL`,
      `CREATE UNIQUE INDEX ap_providers_organisation_key ON ap_providers (tenant_id, organisation_id) WHERE organisation_id IS NOT NULL`,
      `CREATE INDEX ap_providers_name_idx ON ap_providers (tenant_id, name, id)`,
      ...tenantTable('ap_providers', 'SELECT, INSERT, UPDATE'),
      `CREATE TABLE ap_commissioned_places (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         provider_id uuid NOT NULL,
         la_id uuid NOT NULL,
         tier text NOT NULL CHECK (tier IN ('tier_1', 'tier_2', 'tier_3')),
         academic_year text NOT NULL CHECK (academic_year ~ '^[0-9]{4}/[0-9]{2}$'),
         places integer NOT NULL CHECK (places BETWEEN 0 AND 10000),
         updated_at timestamptz NOT NULL DEFAULT now(),
         updated_by uuid,
         version integer NOT NULL DEFAULT 1,
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, provider_id) REFERENCES ap_providers (tenant_id, id),
         FOREIGN KEY (tenant_id, la_id) REFERENCES organisations (tenant_id, id),
         UNIQUE (tenant_id, provider_id, la_id, tier, academic_year)
       )`,
      ...tenantTable('ap_commissioned_places', 'SELECT, INSERT, UPDATE'),
      `CREATE TABLE ap_quality_checks (
         tenant_id uuid NOT NULL REFERENCES tenants (id),
         id uuid NOT NULL DEFAULT gen_random_uuid(),
         provider_id uuid NOT NULL,
         kind text NOT NULL CHECK (kind IN ('due_diligence', 'safeguarding', 'insurance', 'inspection')),
         checked_on date NOT NULL,
         expires_on date NOT NULL,
         body text CHECK (length(body) <= 200),
         outcome text CHECK (length(outcome) <= 2000),
         recorded_by uuid,
         created_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (tenant_id, id),
         FOREIGN KEY (tenant_id, provider_id) REFERENCES ap_providers (tenant_id, id),
         CONSTRAINT ap_quality_checks_dates CHECK (expires_on > checked_on),
         CONSTRAINT ap_quality_checks_inspection CHECK (kind <> 'inspection' OR (body IS NOT NULL AND outcome IS NOT NULL))
       )`,
      `CREATE INDEX ap_quality_checks_provider_idx ON ap_quality_checks (tenant_id, provider_id, kind, expires_on DESC)`,
      ...tenantTable('ap_quality_checks', 'SELECT, INSERT'),
    ]) {
      await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['ap_quality_checks', 'ap_commissioned_places', 'ap_providers']) await q.query(`DROP TABLE ${t}`);
  }
}
