import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem } from '@rep-hub/platform';
import { SEN_NEED_TYPES, UPN_UNKNOWN_REASONS, validateUpn } from '@rep-hub/reference';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const SAFEGUARDING_FLAGS = ['child_protection_plan', 'child_in_need', 'early_help', 'known_to_youth_justice', 'missing_episodes', 'exploitation_risk'] as const;

export interface PupilContact {
  name: string;
  relationship: string;
  phone?: string;
  email?: string;
  parentalResponsibility: boolean;
}

export interface PupilInput {
  laId?: unknown;
  upn?: unknown;
  upnUnknownReason?: unknown;
  givenName?: unknown;
  familyName?: unknown;
  dateOfBirth?: unknown;
  currentSchoolId?: unknown;
  senProvision?: unknown;
  needs?: unknown;
  ehcCaseworker?: unknown;
  ehcNextAnnualReview?: unknown;
  lookedAfter?: unknown;
  freeSchoolMeals?: unknown;
  safeguardingFlags?: unknown;
  contacts?: unknown;
}

export interface PupilView {
  id: string;
  laId: string;
  upn: string | null;
  upnUnknownReason: string | null;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  currentSchoolId: string | null;
  senProvision: 'E' | 'K' | 'N';
  needs: string[];
  ehcPlan: { caseworker: string | null; nextAnnualReview: string | null } | null;
  lookedAfter: boolean;
  freeSchoolMeals: boolean;
  safeguardingFlags: string[];
  contacts: PupilContact[];
}

interface PupilRow {
  id: string;
  la_id: string;
  upn: string | null;
  upn_unknown_reason: string | null;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  current_school_id: string | null;
  sen_provision: 'E' | 'K' | 'N';
  needs: string[];
  ehc_caseworker: string | null;
  ehc_next_annual_review: string | null;
  looked_after: boolean;
  free_school_meals: boolean;
  safeguarding_flags: string[];
  contacts: PupilContact[];
}

const COLUMNS = `id, la_id, upn, upn_unknown_reason, given_name, family_name, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
  current_school_id, sen_provision, needs, ehc_caseworker, to_char(ehc_next_annual_review, 'YYYY-MM-DD') AS ehc_next_annual_review,
  looked_after, free_school_meals, safeguarding_flags, contacts`;

const view = (r: PupilRow): PupilView => ({
  id: r.id,
  laId: r.la_id,
  upn: r.upn,
  upnUnknownReason: r.upn_unknown_reason,
  givenName: r.given_name,
  familyName: r.family_name,
  dateOfBirth: r.date_of_birth,
  currentSchoolId: r.current_school_id,
  senProvision: r.sen_provision,
  needs: r.needs,
  ehcPlan: r.sen_provision === 'E' ? { caseworker: r.ehc_caseworker, nextAnnualReview: r.ehc_next_annual_review } : null,
  lookedAfter: r.looked_after,
  freeSchoolMeals: r.free_school_meals,
  safeguardingFlags: r.safeguarding_flags,
  contacts: r.contacts,
});

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const realDate = (d: string | undefined) => !!d && DATE.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
const bool = (v: unknown): boolean | undefined => (v === true || v === 'true' || v === 'yes' ? true : v === false || v === 'false' || v === 'no' || v === undefined ? false : undefined);

/**
 * Pupils of alternative provision, behind the three walls: the tenant, the LA (home LA and LAs
 * with a data-sharing agreement) and the officer's role. Every read of a record or a list writes
 * its audit row naming the pupils shown.
 */
@Injectable()
export class PupilsService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  /**
   * Records a pupil in the officer's own LA. A UPN already held in the officer's scope answers
   * 409 with the record's id; one held only by another LA gets exactly the answer of an unknown
   * UPN, and a match request goes to that LA's officers.
   */
  async create(input: PupilInput): Promise<PupilView> {
    const p = this.validate(input);
    if (!this.auth.ability.can('create', subject('Pupil', { tenantId: this.auth.tenantId, laId: p.laId }) as never)) {
      throw new ForbiddenException(problem(403, 'You can record pupils of your own local authority only.'));
    }
    return this.auth.inTenant(async (m) => {
      if (p.currentSchoolId) {
        const [school] = (await m.query(`SELECT kind FROM organisations WHERE tenant_id = $1 AND id = $2`, [this.auth.tenantId, p.currentSchoolId])) as { kind: string }[];
        if (school?.kind !== 'school') throw new InvalidFieldsException([{ field: 'currentSchoolId', message: 'currentSchoolId must be a school of this partnership' }]);
      }
      if (p.upn) {
        // visible under RLS only within the officer's LAs: a match here is theirs to see
        const [held] = (await m.query(`SELECT id FROM pupils WHERE tenant_id = $1 AND upn = $2 LIMIT 1`, [this.auth.tenantId, p.upn])) as { id: string }[];
        if (held) {
          throw new ConflictException(
            problem(409, 'A pupil with this UPN is already recorded. Open that record instead.', { existing: { id: held.id, href: `/api/v1/ap/pupils/${held.id}` } }),
          );
        }
      }
      const [row] = (await m.query(
        `INSERT INTO pupils (tenant_id, la_id, upn, upn_unknown_reason, given_name, family_name, date_of_birth, current_school_id, sen_provision, needs,
                             ehc_caseworker, ehc_next_annual_review, looked_after, free_school_meals, safeguarding_flags, contacts, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text[], $11, $12, $13, $14, $15::text[], $16::jsonb, $17)
         RETURNING ${COLUMNS}`,
        [
          this.auth.tenantId, p.laId, p.upn ?? null, p.upnUnknownReason ?? null, p.givenName, p.familyName, p.dateOfBirth, p.currentSchoolId ?? null,
          p.senProvision, p.needs, p.ehcCaseworker ?? null, p.ehcNextAnnualReview ?? null, p.lookedAfter, p.freeSchoolMeals, p.safeguardingFlags,
          JSON.stringify(p.contacts), this.auth.principal.userId,
        ],
      )) as PupilRow[];
      if (p.upn) await m.query(`SELECT pupil_upn_check($1)`, [row.id]);
      await this.audit.record({ action: 'pupil.create', subjectType: 'Pupil', subjectIds: [row.id], laId: row.la_id });
      return view(row);
    });
  }

  /** One pupil, or 404 when it is not in the caller's LAs (which never says whether it exists). */
  get(id: string): Promise<PupilView> {
    this.requireRead();
    if (!UUID.test(id)) throw this.notFound();
    return this.auth.inTenant(async (m) => {
      const [row] = (await m.query(`SELECT ${COLUMNS} FROM pupils WHERE tenant_id = $1 AND id = $2`, [this.auth.tenantId, id])) as PupilRow[];
      if (!row) throw this.notFound();
      await this.audit.record({ action: 'pupil.read', subjectType: 'Pupil', subjectIds: [row.id], laId: row.la_id });
      return view(row);
    });
  }

  /** The pupils of the caller's LAs by family name (keyset), with the list shown audited. */
  list(opts: { after?: [string, string] | null; limit: number }): Promise<{ items: PupilView[]; last: [string, string] | null; more: boolean }> {
    this.requireRead();
    return this.auth.inTenant(async (m) => {
      const params: unknown[] = [this.auth.tenantId, opts.limit + 1];
      let where = 'tenant_id = $1';
      if (opts.after) {
        params.push(opts.after[0], opts.after[1]);
        where += ` AND (family_name, id) > ($3, $4::uuid)`;
      }
      const rows = (await m.query(`SELECT ${COLUMNS} FROM pupils WHERE ${where} ORDER BY family_name, id LIMIT $2`, params)) as PupilRow[];
      const page = rows.slice(0, opts.limit);
      if (page.length) await this.audit.record({ action: 'pupil.list', subjectType: 'Pupil', subjectIds: page.map((r) => r.id) });
      const last = page[page.length - 1];
      return { items: page.map(view), last: last ? [last.family_name, last.id] : null, more: rows.length > opts.limit };
    });
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
      if (reason) errors.push({ field: 'upnUnknownReason', message: 'Give a UPN or the reason it is unknown, not both' });
    } else if (!reason) {
      errors.push({ field: 'upn', message: 'Enter the pupil’s UPN, or the reason it is unknown' });
    } else if (!UPN_UNKNOWN_REASONS.some((r) => r.code === reason)) {
      errors.push({ field: 'upnUnknownReason', message: 'The reason must be one of UN1 to UN5' });
    }
    const givenName = text(input.givenName);
    const familyName = text(input.familyName);
    if (!givenName) errors.push({ field: 'givenName', message: 'Enter the pupil’s first name' });
    else if (givenName.length > 100) errors.push({ field: 'givenName', message: 'The first name must be 100 characters or fewer' });
    if (!familyName) errors.push({ field: 'familyName', message: 'Enter the pupil’s last name' });
    else if (familyName.length > 100) errors.push({ field: 'familyName', message: 'The last name must be 100 characters or fewer' });
    const dateOfBirth = text(input.dateOfBirth);
    const today = new Date().toISOString().slice(0, 10);
    if (!realDate(dateOfBirth)) errors.push({ field: 'dateOfBirth', message: 'Enter the date of birth as YYYY-MM-DD' });
    else if (dateOfBirth! >= today || dateOfBirth! <= '1995-01-01') errors.push({ field: 'dateOfBirth', message: 'The date of birth must be in the past, for a child or young person of 0 to 25' });
    const currentSchoolId = text(input.currentSchoolId);
    if (currentSchoolId && !UUID.test(currentSchoolId)) errors.push({ field: 'currentSchoolId', message: 'currentSchoolId must be a school of this partnership' });
    const senProvision = text(input.senProvision) ?? 'N';
    if (!['E', 'K', 'N'].includes(senProvision)) errors.push({ field: 'senProvision', message: 'SEN provision must be E (EHC plan), K (SEN support) or N (none)' });
    const needs = Array.isArray(input.needs) ? input.needs : input.needs === undefined ? [] : [input.needs];
    if (needs.length > 2 || needs.some((n) => typeof n !== 'string' || !SEN_NEED_TYPES.some((t) => t.code === n))) {
      errors.push({ field: 'needs', message: 'Needs are at most two SEN type codes, primary first, like ["SEMH", "SLCN"]' });
    } else if (needs.length && senProvision === 'N') {
      errors.push({ field: 'needs', message: 'A pupil with no SEN provision has no recorded needs' });
    }
    const ehcCaseworker = text(input.ehcCaseworker);
    const ehcNextAnnualReview = text(input.ehcNextAnnualReview);
    if (senProvision !== 'E' && (ehcCaseworker || ehcNextAnnualReview)) errors.push({ field: 'ehcCaseworker', message: 'Only a pupil with an EHC plan (E) has a caseworker and annual review' });
    if (ehcNextAnnualReview && !realDate(ehcNextAnnualReview)) errors.push({ field: 'ehcNextAnnualReview', message: 'Enter the next annual review as YYYY-MM-DD' });
    const lookedAfter = bool(input.lookedAfter);
    const freeSchoolMeals = bool(input.freeSchoolMeals);
    if (lookedAfter === undefined) errors.push({ field: 'lookedAfter', message: 'lookedAfter must be true or false' });
    if (freeSchoolMeals === undefined) errors.push({ field: 'freeSchoolMeals', message: 'freeSchoolMeals must be true or false' });
    const flags = Array.isArray(input.safeguardingFlags) ? input.safeguardingFlags : input.safeguardingFlags === undefined ? [] : [input.safeguardingFlags];
    if (flags.some((f) => !SAFEGUARDING_FLAGS.includes(f as never))) errors.push({ field: 'safeguardingFlags', message: `Safeguarding flags are from: ${SAFEGUARDING_FLAGS.join(', ')}` });
    const contacts: PupilContact[] = [];
    if (input.contacts !== undefined) {
      if (!Array.isArray(input.contacts) || input.contacts.length > 10) errors.push({ field: 'contacts', message: 'contacts is a list of at most 10 people' });
      else
        input.contacts.forEach((c: unknown, i) => {
          const o = (c ?? {}) as Record<string, unknown>;
          const name = text(o['name']);
          const relationship = text(o['relationship']);
          if (!name || name.length > 200) errors.push({ field: `contacts[${i}].name`, message: 'Enter the contact’s name' });
          if (!relationship || relationship.length > 100) errors.push({ field: `contacts[${i}].relationship`, message: 'Enter the contact’s relationship to the pupil' });
          const phone = text(o['phone']);
          const email = text(o['email']);
          if (phone && !/^[0-9 +()-]{6,20}$/.test(phone)) errors.push({ field: `contacts[${i}].phone`, message: 'Enter a phone number, like 0161 496 0000' });
          if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) errors.push({ field: `contacts[${i}].email`, message: 'Enter an email address in the correct format' });
          contacts.push({ name: name ?? '', relationship: relationship ?? '', ...(phone ? { phone } : {}), ...(email ? { email } : {}), parentalResponsibility: o['parentalResponsibility'] === true });
        });
    }
    if (errors.length) throw new InvalidFieldsException(errors);
    return {
      laId: laId!, upn, upnUnknownReason: upn ? undefined : reason, givenName: givenName!, familyName: familyName!, dateOfBirth: dateOfBirth!, currentSchoolId,
      senProvision, needs: needs as string[], ehcCaseworker, ehcNextAnnualReview, lookedAfter: lookedAfter!, freeSchoolMeals: freeSchoolMeals!, safeguardingFlags: flags as string[], contacts,
    };
  }

  private requireRead(): void {
    if (!this.auth.ability.can('read', 'Pupil')) throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  private notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such pupil in your local authorities.'));
  }
}
