import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { InvalidFieldsException, problem } from '@rep-hub/platform';
import { UUID } from './input';
import { MatchRow, PUPIL_MATCH_OUTCOMES, PupilMatchOutcome, PupilMatchRecord, PupilMatchView } from './pupils.model';
import { PupilStore } from './pupil-store';

/**
 * UPN match requests, for the LA officers of the LA holding a record: when a pupil is recorded
 * with a UPN already held outside the recorder's scope (another LA, or another recorder in the
 * school's LA), the holding LA's officers see both records, as far as they may read them, and
 * decide whether they are the same child. Every read audits the pupils shown.
 */
@Injectable()
export class PupilMatchesService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
    private readonly store: PupilStore,
  ) {}

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
      const rows = await this.store.matchRows(m, where, params, 'ORDER BY mt.created_at, mt.id LIMIT :limit');
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
      const [row] = await this.store.matchRows(m, 'mt.id = :id', { id }, '');
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
      const done = await this.store.decideMatch(m, id, outcome);
      if (!done) {
        const existing = await this.store.matchStatus(m, id);
        if (!existing) throw this.matchNotFound();
        throw new ConflictException(
          problem(409, 'This match request has already been decided.', { outcome: existing }),
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

  private requireMatches(action: 'read' | 'update'): void {
    if (!this.auth.ability.can(action, 'PupilMatch'))
      throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
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
