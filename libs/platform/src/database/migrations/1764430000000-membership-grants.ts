import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may write a membership, as a wall in the database beneath the MembershipsService (issue 20).
 * When a unit of work has an actor (`app.actor_id`) who is not the platform admin, a membership
 * can be given, changed, made active again or ended only by someone who manages people there: an
 * active partnership lead of that partnership, or an active LA admin (`la_admin`) of the local
 * authority the organisation belongs to (the LA itself, or a school's or provider's LA). The LA
 * admin right itself is written only by that LA's admins. Which other roles open children is the
 * role registry's (a module's roles are not known here), so the finer rule (a lead gives only
 * partnership-wide roles) is the service's, in the same transaction. Work with no actor (the demo
 * seed, migrations) is not a person granting, and passes.
 */
export class MembershipGrants1764430000000 implements MigrationInterface {
  name = 'MembershipGrants1764430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION memberships_grant_guard() RETURNS trigger LANGUAGE plpgsql
      SET search_path = public, pg_temp AS $$
      DECLARE
        actor uuid := nullif(current_setting('app.actor_id', true), '')::uuid;
        org_la uuid;
        old_la uuid;
      BEGIN
        IF actor IS NULL THEN RETURN NEW; END IF;
        IF TG_OP = 'UPDATE' AND NEW.role = OLD.role AND NEW.status = OLD.status
           AND NEW.organisation_id = OLD.organisation_id AND NEW.user_id = OLD.user_id THEN
          RETURN NEW;
        END IF;
        IF EXISTS (SELECT 1 FROM users WHERE id = actor AND platform_role = 'platform_admin') THEN RETURN NEW; END IF;
        SELECT CASE WHEN o.kind = 'local_authority' THEN o.id ELSE o.local_authority_id END INTO org_la
          FROM organisations o WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.organisation_id;
        IF TG_OP = 'UPDATE' AND OLD.organisation_id <> NEW.organisation_id THEN
          SELECT CASE WHEN o.kind = 'local_authority' THEN o.id ELSE o.local_authority_id END INTO old_la
            FROM organisations o WHERE o.tenant_id = OLD.tenant_id AND o.id = OLD.organisation_id;
          IF old_la IS DISTINCT FROM org_la THEN
            RAISE EXCEPTION 'a membership cannot move between local authorities' USING ERRCODE = '42501';
          END IF;
        END IF;
        IF (NEW.role = 'la_admin' OR (TG_OP = 'UPDATE' AND OLD.role = 'la_admin')) THEN
          IF org_la IS NOT NULL AND EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = NEW.tenant_id
               AND m.user_id = actor AND m.status = 'active' AND m.role = 'la_admin' AND m.organisation_id = org_la) THEN
            RETURN NEW;
          END IF;
          RAISE EXCEPTION 'only the local authority''s admins give the LA admin right' USING ERRCODE = '42501';
        END IF;
        IF EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = NEW.tenant_id AND m.user_id = actor AND m.status = 'active'
             AND (m.role = 'partnership_lead' OR (m.role = 'la_admin' AND org_la IS NOT NULL AND m.organisation_id = org_la))) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'the actor manages no people here' USING ERRCODE = '42501';
      END $$`);
    await q.query(`CREATE TRIGGER memberships_grant_guard BEFORE INSERT OR UPDATE ON memberships
      FOR EACH ROW EXECUTE FUNCTION memberships_grant_guard()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER memberships_grant_guard ON memberships`);
    await q.query(`DROP FUNCTION memberships_grant_guard()`);
  }
}
