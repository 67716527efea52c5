import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext, PrincipalMembership, sqlScope } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem, schoolToday } from '@rep-hub/platform';
import { SEN_NEED_TYPES, UPN_UNKNOWN_REASONS, validateUpn } from '@rep-hub/reference';
import { EntityManager } from 'typeorm';
import { realDate, text, UUID } from './input';
import {
  bool,
  columns,
  likeTerm,
  MATCH_SCOPE,
  MatchRow,
  PUPIL_MATCH_OUTCOMES,
  PUPIL_SCOPE,
  PupilContact,
  PupilInput,
  PupilMatchOutcome,
  PupilMatchRecord,
  PupilMatchView,
  PupilRow,
  PupilView,
  SAFEGUARDING_FLAGS,
  pupilView,
  namedQuery,
} from './pupils.model';

/**
 * Pupils of alternative provision, behind the three walls: the tenant, the LA (home LA and LAs
 * with a data-sharing agreement) and the caller's role, whose rules (`sqlScope`) are part of every
 * read's WHERE clause: an LA officer reads the pupils of their LAs, school staff only the pupils
 * their school recorded (RLS alone would show them the whole LA). Every read of a record or a list
 * writes its audit row naming the pupils shown.
 */
@Injectable()
export class PupilsService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  /**
   * Records a pupil: an LA officer in their own LA; school staff in their school's LA, as their
   * school's own record (`settingId`, and the school is the current school unless said otherwise).
   * A UPN already held in the caller's scope (for a school: its own records) answers 409 with the
   * record's link; one held outside it (another LA, or for a school another recorder in its LA)
   * gets exactly the answer of an unknown UPN, and the holding LA's officers are asked to match.
   */
  async create(input: PupilInput): Promise<PupilView> {
    const school = this.recordingSchool(input.laId);
    const p = this.validate(
      school
        ? {
            ...input,
            laId: text(input.laId) ?? school.localAuthorityId,
            currentSchoolId: text(input.currentSchoolId) ?? school.organisationId,
          }
        : input,
    );
    const settingId = school?.organisationId ?? null;
    if (
      !this.auth.ability.can(
        'create',
        subject('Pupil', { tenantId: this.auth.tenantId, laId: p.laId, settingId }) as never,
      )
    ) {
      throw new ForbiddenException(
        problem(
          403,
          school
            ? 'Your school can record pupils of its own local authority only.'
            : 'You can record pupils of your own local authority only.',
        ),
      );
    }
    try {
      return await this.auth.inTenant(async (m) => {
        if (p.currentSchoolId) {
          const [found] = (await m.query(`SELECT kind FROM organisations WHERE tenant_id = $1 AND id = $2`, [
            this.auth.tenantId,
            p.currentSchoolId,
          ])) as { kind: string }[];
          if (found?.kind !== 'school')
            throw new InvalidFieldsException([
              { field: 'currentSchoolId', message: 'currentSchoolId must be a school of this partnership' },
            ]);
        }
        if (p.upn) {
          // only a record the caller could open counts: anything else must not change the answer
          const held = await this.heldInScope(m, p.upn);
          if (held) throw this.duplicate(held);
        }
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
        await this.audit.record({
          action: 'pupil.create',
          subjectType: 'Pupil',
          subjectIds: [row.id],
          laId: row.la_id,
        });
        return pupilView(row);
      });
    } catch (error) {
      // the same recorder sent the same UPN twice at once: the loser gets the winner's link
      const pg = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
      if (pg?.code !== '23505' || pg.constraint !== 'pupils_upn_key' || !p.upn) throw error;
      const held = await this.auth.inTenant((m) => this.heldInScope(m, p.upn!));
      throw held
        ? this.duplicate(held)
        : new ConflictException(problem(409, 'A pupil with this UPN is already recorded.'));
    }
  }

  /** One pupil, or 404 when the caller may not read it (which never says whether it exists). */
  get(id: string): Promise<PupilView> {
    this.requireRead();
    if (!UUID.test(id)) throw this.notFound();
    return this.auth.inTenant(async (m) => {
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
      if (!row) throw this.notFound();
      await this.audit.record({ action: 'pupil.read', subjectType: 'Pupil', subjectIds: [row.id], laId: row.la_id });
      return pupilView(row);
    });
  }

  /**
   * The pupils the caller may read by family name (keyset), optionally those whose name contains
   * `q` (or whose UPN is `q`), with the page shown audited.
   */
  list(opts: {
    after?: [string, string] | null;
    limit: number;
    q?: string;
  }): Promise<{ items: PupilView[]; last: [string, string] | null; more: boolean }> {
    this.requireRead();
    return this.auth.inTenant(async (m) => {
      const scope = this.pupilScope('p');
      const params: Record<string, unknown> = { ...scope.params, tenantId: this.auth.tenantId, limit: opts.limit + 1 };
      let where = `p.tenant_id = :tenantId AND ${scope.sql}`;
      const q = text(opts.q)?.slice(0, 100);
      if (q) {
        params['q'] = likeTerm(q);
        params['upn'] = q.toUpperCase();
        where += ` AND (p.given_name || ' ' || p.family_name ILIKE :q OR p.family_name || ', ' || p.given_name ILIKE :q OR p.upn = :upn)`;
      }
      if (opts.after) {
        params['afterName'] = opts.after[0];
        params['afterId'] = UUID.test(opts.after[1]) ? opts.after[1] : '00000000-0000-0000-0000-000000000000';
        where += ` AND (p.family_name, p.id) > (:afterName, CAST(:afterId AS uuid))`;
      }
      const rows = await namedQuery<PupilRow>(
        m,
        `SELECT ${columns('p')} FROM pupils p WHERE ${where} ORDER BY p.family_name, p.id LIMIT :limit`,
        params,
      );
      const page = rows.slice(0, opts.limit);
      if (page.length)
        await this.audit.record({
          action: 'pupil.list',
          subjectType: 'Pupil',
          subjectIds: page.map((r) => r.id),
          details: { searched: !!q },
        });
      const last = page[page.length - 1];
      return {
        items: page.map(pupilView),
        last: last ? [last.family_name, last.id] : null,
        more: rows.length > opts.limit,
      };
    });
  }

  // ---- UPN match requests (LA officers of the holding LA) ----

  /**
   * The open match requests of the officer's LA, oldest first (keyset), each with both records
   * as far as the officer may read them: a school's record in their LA in full, another LA's
   * record by its LA only (unless shared by agreement). The pupils shown are audited.
   */
  listMatches(opts: {
    after?: [string, string] | null;
    limit: number;
  }): Promise<{ items: PupilMatchView[]; last: [string, string] | null; more: boolean }> {
    this.requireMatches('read');
    return this.auth.inTenant(async (m) => {
      const params: Record<string, unknown> = { limit: opts.limit + 1 };
      let where = `mt.status = 'open'`;
      if (opts.after) {
        params['afterAt'] = opts.after[0];
        params['afterId'] = UUID.test(opts.after[1]) ? opts.after[1] : '00000000-0000-0000-0000-000000000000';
        where += ` AND (mt.created_at, mt.id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))`;
      }
      const rows = await this.matchRows(m, where, params, 'ORDER BY mt.created_at, mt.id LIMIT :limit');
      const page = rows.slice(0, opts.limit);
      const items = page.map(matchView);
      if (items.length) {
        await this.audit.record({
          action: 'pupil_match.list',
          subjectType: 'Pupil',
          subjectIds: [
            ...new Set(items.flatMap((x) => [x.pupil, x.other].filter((r) => r.shared).map((r) => r.pupilId))),
          ],
          details: { matches: items.length },
        });
      }
      const last = page[page.length - 1];
      return { items, last: last ? [last.created_key, last.id] : null, more: rows.length > opts.limit };
    });
  }

  /** One match request of the officer's LA (open or resolved), or 404; the pupils shown are audited. */
  getMatch(id: string): Promise<PupilMatchView> {
    this.requireMatches('read');
    if (!UUID.test(id)) throw this.matchNotFound();
    return this.auth.inTenant(async (m) => {
      const [row] = await this.matchRows(m, 'mt.id = :id', { id }, '');
      if (!row) throw this.matchNotFound();
      const match = matchView(row);
      await this.audit.record({
        action: 'pupil_match.read',
        subjectType: 'Pupil',
        subjectIds: [match.pupil, match.other].filter((r) => r.shared).map((r) => r.pupilId),
        laId: row.la_id,
        details: { matchId: match.id },
      });
      return match;
    });
  }

  /**
   * Decides an open match request: the same child, or different children. Only an open request
   * can be decided, once: the UPDATE itself requires it to be open, so of two decisions sent
   * together one wins and the other answers 409.
   */
  resolveMatch(id: string, input: { outcome?: unknown }): Promise<{ id: string; status: PupilMatchOutcome }> {
    this.requireMatches('update');
    const outcome = input?.outcome;
    if (typeof outcome !== 'string' || !PUPIL_MATCH_OUTCOMES.includes(outcome as PupilMatchOutcome)) {
      throw new InvalidFieldsException([
        { field: 'outcome', message: 'Select whether the two records are of the same child' },
      ]);
    }
    if (!UUID.test(id)) throw this.matchNotFound();
    return this.auth.inTenant(async (m) => {
      const scope = sqlScope(this.auth.ability, 'update', 'PupilMatch', 'mt', MATCH_SCOPE);
      const base = { ...scope.params, tenantId: this.auth.tenantId, id };
      // TypeORM answers an UPDATE with [rows, count]
      const [updated] = await namedQuery<{ id: string; la_id: string; pupil_id: string; other_pupil_id: string }[]>(
        m,
        `UPDATE pupil_upn_matches AS mt SET status = :outcome
          WHERE mt.tenant_id = :tenantId AND mt.id = :id AND mt.status = 'open' AND ${scope.sql}
          RETURNING mt.id, mt.la_id, mt.pupil_id, mt.other_pupil_id`,
        { ...base, outcome },
      );
      const done = updated?.[0];
      if (!done) {
        const [existing] = await namedQuery<{ status: string }>(
          m,
          `SELECT mt.status FROM pupil_upn_matches mt WHERE mt.tenant_id = :tenantId AND mt.id = :id AND ${scope.sql}`,
          base,
        );
        if (!existing) throw this.matchNotFound();
        throw new ConflictException(
          problem(409, 'This match request has already been decided.', { outcome: existing.status }),
        );
      }
      await this.audit.record({
        action: 'pupil_match.resolve',
        subjectType: 'PupilMatch',
        subjectIds: [done.id, done.pupil_id, done.other_pupil_id],
        laId: done.la_id,
        details: { outcome },
      });
      return { id: done.id, status: outcome as PupilMatchOutcome };
    });
  }

  /**
   * Whether the caller is recording as a school: a school membership, unless they are (also) an
   * officer of the LA they name. Null for an LA officer's record.
   */
  private recordingSchool(laIdInput: unknown): PrincipalMembership | null {
    const memberships = this.auth.principal.memberships;
    const schools = memberships.filter(
      (x) => x.role === 'setting_staff' && x.organisationKind === 'school' && x.localAuthorityId,
    );
    if (!schools.length) return null;
    const officerLas = memberships
      .filter((x) => x.role === 'la_officer' && x.localAuthorityId)
      .map((x) => x.localAuthorityId);
    const laId = text(laIdInput);
    if (officerLas.length && (!laId || officerLas.includes(laId))) return null;
    return schools.find((x) => x.localAuthorityId === laId) ?? schools[0];
  }

  /** The first record with this UPN the caller may read, if any. */
  private async heldInScope(m: EntityManager, upn: string): Promise<string | undefined> {
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

  private duplicate(id: string): ConflictException {
    return new ConflictException(
      problem(409, 'A pupil with this UPN is already recorded. Open that record instead.', {
        existing: { id, href: `/api/v1/ap/pupils/${id}` },
      }),
    );
  }

  /** Wall 3 on a pupils alias: the caller's read rules as SQL (parameters prefixed by the alias). */
  private pupilScope(alias: string): { sql: string; params: Record<string, unknown> } {
    const s = sqlScope(this.auth.ability, 'read', 'Pupil', alias, PUPIL_SCOPE);
    return {
      sql: s.sql.replace(/:(\.\.\.)?scope_(\d+)/g, `:$1${alias}_scope_$2`),
      params: Object.fromEntries(Object.entries(s.params).map(([k, v]) => [`${alias}_${k}`, v])),
    };
  }

  /**
   * Match requests in the officer's scope with both records: the held one (always in the
   * officer's LA) and the other, whose columns are null where the officer may not read it.
   */
  private matchRows(
    m: EntityManager,
    where: string,
    params: Record<string, unknown>,
    tail: string,
  ): Promise<MatchRow[]> {
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
   * The field errors `create` would answer for this input, without recording anything (a page
   * checks the answers of each question page with it). For school staff the LA and current school
   * default as in `create`.
   */
  fieldErrors(input: PupilInput): FieldError[] {
    const school = this.recordingSchool(input.laId);
    try {
      this.validate(
        school
          ? {
              ...input,
              laId: text(input.laId) ?? school.localAuthorityId,
              currentSchoolId: text(input.currentSchoolId) ?? school.organisationId,
            }
          : input,
      );
      return [];
    } catch (error) {
      if (error instanceof InvalidFieldsException) return error.fieldErrors;
      throw error;
    }
  }

  /** Whether the caller records pupils as a school (their LA and school are then fixed). */
  recordsAsSchool(): { laId: string; settingId: string } | null {
    const school = this.recordingSchool(undefined);
    return school ? { laId: school.localAuthorityId!, settingId: school.organisationId } : null;
  }

  private validate(input: PupilInput) {
    const errors: FieldError[] = [];
    const laId = text(input.laId);
    if (!laId || !UUID.test(laId)) errors.push({ field: 'laId', message: 'Select the pupil’s home local authority' });
    const rawUpn = text(input.upn);
    const reason = text(input.upnUnknownReason);
    let upn: string | undefined;
    if (rawUpn) {
      const checked = validateUpn(rawUpn);
      if (checked.valid) upn = checked.value;
      else errors.push({ field: 'upn', message: `The UPN is not valid: ${checked.errors.join('; ')}` });
      if (reason)
        errors.push({ field: 'upnUnknownReason', message: 'Give a UPN or the reason it is unknown, not both' });
    } else if (!reason) {
      errors.push({ field: 'upn', message: 'Enter the pupil’s UPN, or the reason it is unknown' });
    } else if (!UPN_UNKNOWN_REASONS.some((r) => r.code === reason)) {
      errors.push({ field: 'upnUnknownReason', message: 'The reason must be one of UN1 to UN5' });
    }
    const givenName = text(input.givenName);
    const familyName = text(input.familyName);
    if (!givenName) errors.push({ field: 'givenName', message: 'Enter the pupil’s first name' });
    else if (givenName.length > 100)
      errors.push({ field: 'givenName', message: 'The first name must be 100 characters or fewer' });
    if (!familyName) errors.push({ field: 'familyName', message: 'Enter the pupil’s last name' });
    else if (familyName.length > 100)
      errors.push({ field: 'familyName', message: 'The last name must be 100 characters or fewer' });
    const dateOfBirth = text(input.dateOfBirth);
    const today = schoolToday();
    if (!realDate(dateOfBirth)) errors.push({ field: 'dateOfBirth', message: 'Enter the date of birth as YYYY-MM-DD' });
    else if (dateOfBirth! >= today || dateOfBirth! <= '1995-01-01')
      errors.push({
        field: 'dateOfBirth',
        message: 'The date of birth must be in the past, for a child or young person of 0 to 25',
      });
    const currentSchoolId = text(input.currentSchoolId);
    if (currentSchoolId && !UUID.test(currentSchoolId))
      errors.push({ field: 'currentSchoolId', message: 'currentSchoolId must be a school of this partnership' });
    const senProvision = text(input.senProvision) ?? 'N';
    if (!['E', 'K', 'N'].includes(senProvision))
      errors.push({
        field: 'senProvision',
        message: 'SEN provision must be E (EHC plan), K (SEN support) or N (none)',
      });
    const needs = Array.isArray(input.needs) ? input.needs : input.needs === undefined ? [] : [input.needs];
    if (needs.length > 2 || needs.some((n) => typeof n !== 'string' || !SEN_NEED_TYPES.some((t) => t.code === n))) {
      errors.push({
        field: 'needs',
        message: 'Needs are at most two SEN type codes, primary first, like ["SEMH", "SLCN"]',
      });
    } else if (needs.length && senProvision === 'N') {
      errors.push({ field: 'needs', message: 'A pupil with no SEN provision has no recorded needs' });
    }
    const ehcCaseworker = text(input.ehcCaseworker);
    const ehcNextAnnualReview = text(input.ehcNextAnnualReview);
    if (senProvision !== 'E' && (ehcCaseworker || ehcNextAnnualReview))
      errors.push({
        field: 'ehcCaseworker',
        message: 'Only a pupil with an EHC plan (E) has a caseworker and annual review',
      });
    if (ehcNextAnnualReview && !realDate(ehcNextAnnualReview))
      errors.push({ field: 'ehcNextAnnualReview', message: 'Enter the next annual review as YYYY-MM-DD' });
    const lookedAfter = bool(input.lookedAfter);
    const freeSchoolMeals = bool(input.freeSchoolMeals);
    if (lookedAfter === undefined) errors.push({ field: 'lookedAfter', message: 'lookedAfter must be true or false' });
    if (freeSchoolMeals === undefined)
      errors.push({ field: 'freeSchoolMeals', message: 'freeSchoolMeals must be true or false' });
    const flags = Array.isArray(input.safeguardingFlags)
      ? input.safeguardingFlags
      : input.safeguardingFlags === undefined
        ? []
        : [input.safeguardingFlags];
    if (flags.some((f) => !SAFEGUARDING_FLAGS.includes(f as never)))
      errors.push({
        field: 'safeguardingFlags',
        message: `Safeguarding flags are from: ${SAFEGUARDING_FLAGS.join(', ')}`,
      });
    const contacts: PupilContact[] = [];
    if (input.contacts !== undefined) {
      if (!Array.isArray(input.contacts) || input.contacts.length > 10)
        errors.push({ field: 'contacts', message: 'contacts is a list of at most 10 people' });
      else
        input.contacts.forEach((c: unknown, i) => {
          const o = (c ?? {}) as Record<string, unknown>;
          const name = text(o['name']);
          const relationship = text(o['relationship']);
          if (!name || name.length > 200)
            errors.push({ field: `contacts[${i}].name`, message: 'Enter the contact’s name' });
          if (!relationship || relationship.length > 100)
            errors.push({
              field: `contacts[${i}].relationship`,
              message: 'Enter the contact’s relationship to the pupil',
            });
          const phone = text(o['phone']);
          const email = text(o['email']);
          if (phone && !/^[0-9 +()-]{6,20}$/.test(phone))
            errors.push({ field: `contacts[${i}].phone`, message: 'Enter a phone number, like 0161 496 0000' });
          if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
            errors.push({ field: `contacts[${i}].email`, message: 'Enter an email address in the correct format' });
          contacts.push({
            name: name ?? '',
            relationship: relationship ?? '',
            ...(phone ? { phone } : {}),
            ...(email ? { email } : {}),
            parentalResponsibility: o['parentalResponsibility'] === true,
          });
        });
    }
    if (errors.length) throw new InvalidFieldsException(errors);
    return {
      laId: laId!,
      upn,
      upnUnknownReason: upn ? undefined : reason,
      givenName: givenName!,
      familyName: familyName!,
      dateOfBirth: dateOfBirth!,
      currentSchoolId,
      senProvision,
      needs: needs as string[],
      ehcCaseworker,
      ehcNextAnnualReview,
      lookedAfter: lookedAfter!,
      freeSchoolMeals: freeSchoolMeals!,
      safeguardingFlags: flags as string[],
      contacts,
    };
  }

  private requireRead(): void {
    if (!this.auth.ability.can('read', 'Pupil'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  private requireMatches(action: 'read' | 'update'): void {
    if (!this.auth.ability.can(action, 'PupilMatch'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  private notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such pupil among the pupils you can see.'));
  }

  private matchNotFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such match request for your local authority.'));
  }
}

function matchSide(r: MatchRow, a: 'h' | 'o', laId: string, laName: string, pupilId: string): PupilMatchRecord {
  const shared = r[`${a}_id`] != null;
  const col = (c: string) => (shared ? ((r[`${a}_${c}`] as string | null) ?? null) : null);
  return {
    pupilId,
    laId,
    laName,
    shared,
    recordedBy: col('recorded_by'),
    settingId: col('setting_id'),
    upn: col('upn'),
    givenName: col('given_name'),
    familyName: col('family_name'),
    dateOfBirth: col('date_of_birth'),
    currentSchoolId: col('current_school_id'),
    currentSchoolName: col('current_school_name'),
  };
}

function matchView(r: MatchRow): PupilMatchView {
  return {
    id: r.id,
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
    kind: r.la_id === r.other_la_id ? 'school_record' : 'other_la',
    pupil: matchSide(r, 'h', r.la_id, r['la_name'] as string, r.pupil_id),
    other: matchSide(r, 'o', r.other_la_id, r['other_la_name'] as string, r.other_pupil_id),
  };
}
