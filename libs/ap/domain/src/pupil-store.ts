import { Injectable } from '@nestjs/common';
import { AuthContext, sqlScope } from '@rep-hub/auth';
import { EntityManager } from 'typeorm';
import { UUID } from './input';
import { columns, likeTerm, MATCH_SCOPE, MatchRow, namedQuery, PUPIL_SCOPE, PupilRow } from './pupils.model';
import type { ValidPupil } from './pupil-input';

/**
 * The SQL of pupils and their UPN match requests, each statement inside the caller's unit of work,
 * with the caller's rules (wall 3) in every read's WHERE clause: an LA officer reads the pupils of
 * their LAs, school staff only the pupils their school recorded.
 */
@Injectable()
export class PupilStore {
  constructor(private readonly auth: AuthContext) {}

  /** Whether the organisation is a school of this partnership. */
  async isSchool(m: EntityManager, id: string): Promise<boolean> {
    const [found] = (await m.query(`SELECT kind FROM organisations WHERE tenant_id = $1 AND id = $2`, [
      this.auth.tenantId,
      id,
    ])) as { kind: string }[];
    return found?.kind === 'school';
  }

  /** Inserts the pupil, recorded by the caller (for `settingId`, as that school's own record), and checks its UPN. */
  async insert(m: EntityManager, p: ValidPupil, settingId: string | null): Promise<PupilRow> {
    const [row] = (await m.query(
      `INSERT INTO pupils (tenant_id, la_id, setting_id, upn, upn_unknown_reason, given_name, family_name, date_of_birth, current_school_id, sen_provision, needs,
                           ehc_caseworker, ehc_next_annual_review, looked_after, free_school_meals, safeguarding_flags, contacts, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[], $12, $13, $14, $15, $16::text[], $17::jsonb, $18)
       RETURNING ${columns('pupils')}`,
      [
        this.auth.tenantId,
        p.laId,
        settingId,
        p.upn ?? null,
        p.upnUnknownReason ?? null,
        p.givenName,
        p.familyName,
        p.dateOfBirth,
        p.currentSchoolId ?? null,
        p.senProvision,
        p.needs,
        p.ehcCaseworker ?? null,
        p.ehcNextAnnualReview ?? null,
        p.lookedAfter,
        p.freeSchoolMeals,
        p.safeguardingFlags,
        JSON.stringify(p.contacts),
        this.auth.principal.userId,
      ],
    )) as PupilRow[];
    if (p.upn) await m.query(`SELECT pupil_upn_check($1)`, [row.id]);
    return row;
  }

  /** One pupil the caller may read, or undefined. */
  async readable(m: EntityManager, id: string): Promise<PupilRow | undefined> {
    const scope = this.pupilScope('p');
    const [row] = await namedQuery<PupilRow>(
      m,
      `SELECT ${columns('p')} FROM pupils p WHERE p.tenant_id = :tenantId AND p.id = :id AND ${scope.sql}`,
      {
        ...scope.params,
        tenantId: this.auth.tenantId,
        id,
      },
    );
    return row;
  }

  /**
   * Rewrites a pupil the caller may update (wall 3 as SQL in the WHERE clause) if it is still at
   * `version`; undefined when it is not (changed since, or not the caller's to change). Its UPN is
   * checked again when it changed.
   */
  async update(
    m: EntityManager,
    id: string,
    p: ValidPupil,
    version: number,
    upnChanged: boolean,
  ): Promise<PupilRow | undefined> {
    const s = sqlScope(this.auth.ability, 'update', 'Pupil', 'pupils', PUPIL_SCOPE);
    const [rows] = await namedQuery<PupilRow[]>(
      m,
      `UPDATE pupils SET upn = :upn, upn_unknown_reason = :upnUnknownReason, given_name = :givenName, family_name = :familyName,
              date_of_birth = CAST(:dateOfBirth AS date), current_school_id = CAST(:currentSchoolId AS uuid), sen_provision = :senProvision,
              needs = CAST(:needs AS text[]), ehc_caseworker = :ehcCaseworker, ehc_next_annual_review = CAST(:ehcNextAnnualReview AS date),
              looked_after = :lookedAfter, free_school_meals = :freeSchoolMeals, safeguarding_flags = CAST(:safeguardingFlags AS text[]),
              contacts = CAST(:contacts AS jsonb), version = version + 1, updated_at = now()
        WHERE pupils.tenant_id = :tenantId AND pupils.id = :id AND pupils.version = :version AND ${s.sql}
        RETURNING ${columns('pupils')}`,
      {
        ...s.params,
        tenantId: this.auth.tenantId,
        id,
        version,
        upn: p.upn ?? null,
        upnUnknownReason: p.upnUnknownReason ?? null,
        givenName: p.givenName,
        familyName: p.familyName,
        dateOfBirth: p.dateOfBirth,
        currentSchoolId: p.currentSchoolId ?? null,
        senProvision: p.senProvision,
        needs: p.needs,
        ehcCaseworker: p.ehcCaseworker ?? null,
        ehcNextAnnualReview: p.ehcNextAnnualReview ?? null,
        lookedAfter: p.lookedAfter,
        freeSchoolMeals: p.freeSchoolMeals,
        safeguardingFlags: p.safeguardingFlags,
        contacts: JSON.stringify(p.contacts),
      },
    );
    const row = rows?.[0];
    if (row && upnChanged && p.upn) await m.query(`SELECT pupil_upn_check($1)`, [row.id]);
    return row;
  }

  /**
   * A page of the pupils the caller may read by family name (keyset after `after`), optionally
   * those whose name contains `q` or whose UPN is `q`: up to `limit + 1` rows, to tell if there are more.
   */
  page(m: EntityManager, opts: { after?: [string, string] | null; limit: number; q?: string }): Promise<PupilRow[]> {
    const scope = this.pupilScope('p');
    const params: Record<string, unknown> = { ...scope.params, tenantId: this.auth.tenantId, limit: opts.limit + 1 };
    let where = `p.tenant_id = :tenantId AND ${scope.sql}`;
    if (opts.q) {
      params['q'] = likeTerm(opts.q);
      params['upn'] = opts.q.toUpperCase();
      where += ` AND (p.given_name || ' ' || p.family_name ILIKE :q OR p.family_name || ', ' || p.given_name ILIKE :q OR p.upn = :upn)`;
    }
    if (opts.after) {
      params['afterName'] = opts.after[0];
      params['afterId'] = UUID.test(opts.after[1]) ? opts.after[1] : '00000000-0000-0000-0000-000000000000';
      where += ` AND (p.family_name, p.id) > (:afterName, CAST(:afterId AS uuid))`;
    }
    return namedQuery<PupilRow>(
      m,
      `SELECT ${columns('p')} FROM pupils p WHERE ${where} ORDER BY p.family_name, p.id LIMIT :limit`,
      params,
    );
  }

  /** The first record with this UPN the caller may read, if any. */
  async heldInScope(m: EntityManager, upn: string): Promise<string | undefined> {
    const scope = this.pupilScope('p');
    const [held] = await namedQuery<{ id: string }>(
      m,
      `SELECT p.id FROM pupils p WHERE p.tenant_id = :tenantId AND p.upn = :upn AND ${scope.sql} ORDER BY p.created_at, p.id LIMIT 1`,
      {
        ...scope.params,
        tenantId: this.auth.tenantId,
        upn,
      },
    );
    return held?.id;
  }

  /**
   * Match requests in the officer's scope with both records: the held one (always in the
   * officer's LA) and the other, whose columns are null where the officer may not read it.
   */
  matchRows(m: EntityManager, where: string, params: Record<string, unknown>, tail: string): Promise<MatchRow[]> {
    const matchScope = sqlScope(this.auth.ability, 'read', 'PupilMatch', 'mt', MATCH_SCOPE);
    const held = this.pupilScope('h');
    const other = this.pupilScope('o');
    const side = (a: string, org: string, school: string) =>
      `${a}.id AS ${a}_id, ${a}.setting_id AS ${a}_setting_id, ${a}.upn AS ${a}_upn, ${a}.given_name AS ${a}_given_name, ${a}.family_name AS ${a}_family_name,
       to_char(${a}.date_of_birth, 'YYYY-MM-DD') AS ${a}_date_of_birth, ${a}.current_school_id AS ${a}_current_school_id,
       ${school}.name AS ${a}_current_school_name, ${org}.name AS ${a}_recorded_by`;
    return namedQuery<MatchRow>(
      m,
      `SELECT mt.id, mt.status, mt.created_at, mt.created_at::text AS created_key, mt.la_id, mt.other_la_id, mt.pupil_id, mt.other_pupil_id,
              la.name AS la_name, ola.name AS other_la_name,
              ${side('h', 'hr', 'hs')}, ${side('o', 'orr', 'os')}
         FROM pupil_upn_matches mt
         JOIN pupils h ON h.tenant_id = mt.tenant_id AND h.id = mt.pupil_id AND ${held.sql}
         LEFT JOIN pupils o ON o.tenant_id = mt.tenant_id AND o.id = mt.other_pupil_id AND ${other.sql}
         JOIN organisations la ON la.tenant_id = mt.tenant_id AND la.id = mt.la_id
         JOIN organisations ola ON ola.tenant_id = mt.tenant_id AND ola.id = mt.other_la_id
         LEFT JOIN organisations hr ON hr.tenant_id = h.tenant_id AND hr.id = coalesce(h.setting_id, h.la_id)
         LEFT JOIN organisations hs ON hs.tenant_id = h.tenant_id AND hs.id = h.current_school_id
         LEFT JOIN organisations orr ON orr.tenant_id = o.tenant_id AND orr.id = coalesce(o.setting_id, o.la_id)
         LEFT JOIN organisations os ON os.tenant_id = o.tenant_id AND os.id = o.current_school_id
        WHERE mt.tenant_id = :tenantId AND ${matchScope.sql} AND ${where}
        ${tail}`,
      { ...matchScope.params, ...held.params, ...other.params, ...params, tenantId: this.auth.tenantId },
    );
  }

  /**
   * Decides an open match request the caller may update: the UPDATE itself requires it to be
   * open, so of two decisions sent together one wins. Undefined when nothing was decided.
   */
  async decideMatch(
    m: EntityManager,
    id: string,
    outcome: string,
  ): Promise<{ id: string; la_id: string; pupil_id: string; other_pupil_id: string } | undefined> {
    const scope = sqlScope(this.auth.ability, 'update', 'PupilMatch', 'mt', MATCH_SCOPE);
    // TypeORM answers an UPDATE with [rows, count]
    const [updated] = await namedQuery<{ id: string; la_id: string; pupil_id: string; other_pupil_id: string }[]>(
      m,
      `UPDATE pupil_upn_matches AS mt SET status = :outcome
        WHERE mt.tenant_id = :tenantId AND mt.id = :id AND mt.status = 'open' AND ${scope.sql}
        RETURNING mt.id, mt.la_id, mt.pupil_id, mt.other_pupil_id`,
      { ...scope.params, tenantId: this.auth.tenantId, id, outcome },
    );
    return updated?.[0];
  }

  /** The status of a match request the caller may update, or undefined. */
  async matchStatus(m: EntityManager, id: string): Promise<string | undefined> {
    const scope = sqlScope(this.auth.ability, 'update', 'PupilMatch', 'mt', MATCH_SCOPE);
    const [existing] = await namedQuery<{ status: string }>(
      m,
      `SELECT mt.status FROM pupil_upn_matches mt WHERE mt.tenant_id = :tenantId AND mt.id = :id AND ${scope.sql}`,
      { ...scope.params, tenantId: this.auth.tenantId, id },
    );
    return existing?.status;
  }

  /** Wall 3 on a pupils alias: the caller's read rules as SQL (parameters prefixed by the alias). */
  private pupilScope(alias: string): { sql: string; params: Record<string, unknown> } {
    const s = sqlScope(this.auth.ability, 'read', 'Pupil', alias, PUPIL_SCOPE);
    return {
      sql: s.sql.replace(/:(\.\.\.)?scope_(\d+)/g, `:$1${alias}_scope_$2`),
      params: Object.fromEntries(Object.entries(s.params).map(([k, v]) => [`${alias}_${k}`, v])),
    };
  }
}
