import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem } from '@rep-hub/platform';
import { text, UUID } from './input';
import {
  PUPIL_CHANGE_FIELDS,
  PupilChangeField,
  PupilInput,
  pupilInputOfView,
  PupilView,
  pupilView,
} from './pupils.model';
import { recordingSchool, validatePupil } from './pupil-input';
import { PupilStore } from './pupil-store';

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
    private readonly store: PupilStore,
  ) {}

  /**
   * Records a pupil: an LA officer in their own LA; school staff in their school's LA, as their
   * school's own record (`settingId`, and the school is the current school unless said otherwise).
   * A UPN already held in the caller's scope (for a school: its own records) answers 409 with the
   * record's link; one held outside it (another LA, or for a school another recorder in its LA)
   * gets exactly the answer of an unknown UPN, and the holding LA's officers are asked to match.
   */
  async create(input: PupilInput): Promise<PupilView> {
    const school = recordingSchool(this.auth.principal.memberships, input.laId);
    const p = validatePupil(
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
        if (p.currentSchoolId && !(await this.store.isSchool(m, p.currentSchoolId)))
          throw new InvalidFieldsException([
            { field: 'currentSchoolId', message: 'currentSchoolId must be a school of this partnership' },
          ]);
        if (p.upn) {
          // only a record the caller could open counts: anything else must not change the answer
          const held = await this.store.heldInScope(m, p.upn);
          if (held) throw this.duplicate(held);
        }
        const row = await this.store.insert(m, p, settingId);
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
      const held = await this.auth.inTenant((m) => this.store.heldInScope(m, p.upn!));
      throw held
        ? this.duplicate(held)
        : new ConflictException(problem(409, 'A pupil with this UPN is already recorded.'));
    }
  }

  /**
   * Changes a pupil's record: the fields given replace the record's (the LA and who recorded it
   * stay), checked as a new record is, and written only if the record is still at `version` (409
   * otherwise, so two people's changes never overwrite each other unseen). The home LA's officers
   * change its records; a school changes its own records only (403 for a record the caller reads
   * but may not change; 404 for one they cannot read). Audited with the names of the fields changed.
   */
  async update(id: string, changes: PupilInput & { version?: unknown }): Promise<PupilView> {
    this.requireRead();
    if (!UUID.test(id)) throw this.notFound();
    const version = changes.version;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
      throw new InvalidFieldsException([
        { field: 'version', message: 'version must be the version of the record you are changing, a whole number' },
      ]);
    if (changes.laId !== undefined)
      throw new InvalidFieldsException([
        {
          field: 'laId',
          message: 'A pupil’s home local authority cannot be changed; its officers record the pupil again',
        },
      ]);
    try {
      return await this.changeRecord(id, changes, version);
    } catch (error) {
      // another record took the same UPN at the same moment: as when recording, the caller learns only what they may read
      const pg = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
      const upn = typeof changes.upn === 'string' ? changes.upn.trim().toUpperCase() : undefined;
      if (pg?.code !== '23505' || pg.constraint !== 'pupils_upn_key' || !upn) throw error;
      const held = await this.auth.inTenant((m) => this.store.heldInScope(m, upn));
      throw held
        ? this.duplicate(held)
        : new ConflictException(problem(409, 'A pupil with this UPN is already recorded.'));
    }
  }

  private changeRecord(id: string, changes: PupilInput, version: number): Promise<PupilView> {
    return this.auth.inTenant(async (m) => {
      const row = await this.store.readable(m, id);
      if (!row) throw this.notFound();
      const current = pupilView(row);
      if (!this.canChange(current))
        throw new ForbiddenException(
          problem(
            403,
            'Only the pupil’s home local authority, or the school that recorded the pupil, can change this record.',
          ),
        );
      const given = PUPIL_CHANGE_FIELDS.filter((f) => changes[f] !== undefined);
      const merged: PupilInput = { ...pupilInputOfView(current) };
      for (const f of given) (merged as Record<string, unknown>)[f] = changes[f];
      // a UPN replaces the reason it was unknown, and a reason the UPN; a plan's details go with the plan
      if (changes.upn !== undefined && changes.upnUnknownReason === undefined) merged.upnUnknownReason = undefined;
      if (changes.upnUnknownReason !== undefined && changes.upn === undefined) merged.upn = undefined;
      if (merged.senProvision !== 'E' && changes.ehcCaseworker === undefined) merged.ehcCaseworker = undefined;
      if (merged.senProvision !== 'E' && changes.ehcNextAnnualReview === undefined)
        merged.ehcNextAnnualReview = undefined;
      if (merged.senProvision === 'N' && changes.needs === undefined) merged.needs = [];
      const p = validatePupil(merged);
      if (
        p.currentSchoolId &&
        p.currentSchoolId !== current.currentSchoolId &&
        !(await this.store.isSchool(m, p.currentSchoolId))
      )
        throw new InvalidFieldsException([
          { field: 'currentSchoolId', message: 'currentSchoolId must be a school of this partnership' },
        ]);
      const upnChanged = (p.upn ?? null) !== current.upn;
      if (p.upn && upnChanged) {
        const held = await this.store.heldInScope(m, p.upn);
        if (held && held !== id) throw this.duplicate(held);
      }
      const updated = await this.store.update(m, id, p, version, upnChanged);
      if (!updated)
        throw new ConflictException(
          problem(409, 'This pupil’s record has been changed since you opened it. Open it again to see the changes.', {
            currentVersion: current.version,
          }),
        );
      const after = pupilView(updated);
      await this.audit.record({
        action: 'pupil.update',
        subjectType: 'Pupil',
        subjectIds: [id],
        laId: after.laId,
        details: { fields: changedFields(current, after).join(',') },
      });
      return after;
    });
  }

  /** Whether the caller may change this pupil's record (the home LA's officers; a school its own records). */
  canChange(p: Pick<PupilView, 'laId' | 'settingId'>): boolean {
    return this.auth.ability.can(
      'update',
      subject('Pupil', { tenantId: this.auth.tenantId, laId: p.laId, settingId: p.settingId }) as never,
    );
  }

  /** One pupil, or 404 when the caller may not read it (which never says whether it exists). */
  get(id: string): Promise<PupilView> {
    this.requireRead();
    if (!UUID.test(id)) throw this.notFound();
    return this.auth.inTenant(async (m) => {
      const row = await this.store.readable(m, id);
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
      const q = text(opts.q)?.slice(0, 100);
      const rows = await this.store.page(m, { after: opts.after, limit: opts.limit, q });
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

  /**
   * The field errors `create` would answer for this input, without recording anything (a page
   * checks the answers of each question page with it). For school staff the LA and current school
   * default as in `create`.
   */
  fieldErrors(input: PupilInput): FieldError[] {
    const school = recordingSchool(this.auth.principal.memberships, input.laId);
    try {
      validatePupil(
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
    const school = recordingSchool(this.auth.principal.memberships, undefined);
    return school ? { laId: school.localAuthorityId!, settingId: school.organisationId } : null;
  }

  private requireRead(): void {
    if (!this.auth.ability.can('read', 'Pupil'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  private duplicate(id: string): ConflictException {
    return new ConflictException(
      problem(409, 'A pupil with this UPN is already recorded. Open that record instead.', {
        existing: { id, href: `/api/v1/ap/pupils/${id}` },
      }),
    );
  }

  private notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such pupil among the pupils you can see.'));
  }
}

/** The names (never the values) of the fields a change altered, for the audit trail. */
function changedFields(before: PupilView, after: PupilView): PupilChangeField[] {
  const a = pupilInputOfView(before) as Record<string, unknown>;
  const b = pupilInputOfView(after) as Record<string, unknown>;
  return PUPIL_CHANGE_FIELDS.filter((f) => JSON.stringify(a[f] ?? null) !== JSON.stringify(b[f] ?? null));
}
