import { ConflictException, Injectable } from '@nestjs/common';
import { AuthContext, positionalScope, sqlScope } from '@rep-hub/auth';
import { problem, SCHOOL_TODAY_SQL } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { OversightCase } from './case-oversight';
import { CASE_COLUMNS } from './cases.model';
import { REVIEW_COLUMNS, ReviewRow, reviewView, ReviewView } from './reviews.model';

/** A case as the reviews read it: its walls' columns and status, and the pupil's EHC plan review. */
export type ReviewCase = OversightCase & { sen_provision: string; ehc_next_annual_review: string | null };

/** A scheduled review due soon, with the case, pupil, LA and provider it belongs to. */
export interface UpcomingReviewRow {
  id: string;
  case_id: string;
  reference: string;
  pupil_id: string;
  given_name: string;
  family_name: string;
  la_name: string;
  provider_name: string | null;
  due_on: string;
  overdue: boolean;
  version: number;
}

/** A review with its case and placement, as a read or a write of it needs them. */
export interface ReadableReview {
  review: ReviewRow;
  c: OversightCase;
  placementStatus: string;
  placementStart: string;
}

/**
 * The SQL of AP reviews, each statement inside the caller's unit of work: reads scoped by the
 * caller's rules on the case's columns (wall 3), and writes that check the version in the
 * statement itself.
 */
@Injectable()
export class ReviewStore {
  constructor(private readonly auth: AuthContext) {}

  /** The case the caller may read reviews of, or undefined. */
  async readableCase(m: EntityManager, caseId: string): Promise<ReviewCase | undefined> {
    const params: unknown[] = [this.auth.tenantId, caseId];
    const scope = positionalScope(sqlScope(this.auth.ability, 'read', 'ApReview', 'c', CASE_COLUMNS), params);
    const [c] = (await m.query(
      `SELECT c.id, c.la_id, c.setting_id, c.provider_id, c.status, c.pupil_id, p.sen_provision, to_char(p.ehc_next_annual_review, 'YYYY-MM-DD') AS ehc_next_annual_review
         FROM ap_cases c JOIN pupils p ON p.tenant_id = c.tenant_id AND p.id = c.pupil_id
        WHERE c.tenant_id = $1 AND c.id = $2 AND ${scope}`,
      params,
    )) as ReviewCase[];
    return c;
  }

  /** The review the caller may read, with its case and placement (under a row lock for a write), or undefined. */
  async readableReview(m: EntityManager, reviewId: string, lock: boolean): Promise<ReadableReview | undefined> {
    const params: unknown[] = [this.auth.tenantId, reviewId];
    const scope = positionalScope(sqlScope(this.auth.ability, 'read', 'ApReview', 'c', CASE_COLUMNS), params);
    const [row] = (await m.query(
      `SELECT ${REVIEW_COLUMNS}, c.la_id, c.setting_id, c.provider_id AS case_provider_id, c.status AS case_status, c.pupil_id,
              pl.status AS placement_status, to_char(coalesce(pl.started_on, pl.planned_start), 'YYYY-MM-DD') AS placement_start
         FROM ap_reviews r
         JOIN ap_cases c ON c.tenant_id = r.tenant_id AND c.id = r.case_id
         JOIN ap_placements pl ON pl.tenant_id = r.tenant_id AND pl.id = r.placement_id
        WHERE r.tenant_id = $1 AND r.id = $2 AND ${scope}${lock ? ' FOR UPDATE OF r' : ''}`,
      params,
    )) as (ReviewRow & {
      la_id: string;
      setting_id: string | null;
      case_provider_id: string | null;
      case_status: string;
      pupil_id: string;
      placement_status: string;
      placement_start: string;
    })[];
    if (!row) return undefined;
    return {
      review: row as ReviewRow,
      c: {
        id: row.case_id,
        la_id: row.la_id,
        setting_id: row.setting_id,
        provider_id: row.case_provider_id,
        status: row.case_status,
        pupil_id: row.pupil_id,
      } satisfies OversightCase,
      placementStatus: row.placement_status,
      placementStart: row.placement_start,
    };
  }

  /** One review as shown (the caller has already been allowed to read it). */
  async load(m: EntityManager, id: string): Promise<ReviewView> {
    const [r] = (await m.query(`SELECT ${REVIEW_COLUMNS} FROM ap_reviews r WHERE r.tenant_id = $1 AND r.id = $2`, [
      this.auth.tenantId,
      id,
    ])) as ReviewRow[];
    return reviewView(r);
  }

  /** A case's reviews, by due date. */
  ofCase(m: EntityManager, caseId: string): Promise<ReviewRow[]> {
    return m.query(
      `SELECT ${REVIEW_COLUMNS} FROM ap_reviews r WHERE r.tenant_id = $1 AND r.case_id = $2 ORDER BY r.due_on, r.created_at`,
      [this.auth.tenantId, caseId],
    ) as Promise<ReviewRow[]>;
  }

  /** Scheduled reviews overdue or due within `within` days on the cases the caller may read, soonest first. */
  upcoming(m: EntityManager, within: number): Promise<UpcomingReviewRow[]> {
    const params: unknown[] = [this.auth.tenantId, within];
    const scope = positionalScope(sqlScope(this.auth.ability, 'read', 'ApReview', 'c', CASE_COLUMNS), params);
    return m.query(
      `SELECT r.id, r.case_id, c.reference::text AS reference, c.pupil_id, p.given_name, p.family_name, la.name AS la_name, pr.name AS provider_name,
              to_char(r.due_on, 'YYYY-MM-DD') AS due_on, r.due_on < ${SCHOOL_TODAY_SQL} AS overdue, r.version
         FROM ap_reviews r
         JOIN ap_cases c ON c.tenant_id = r.tenant_id AND c.id = r.case_id
         JOIN ap_placements pl ON pl.tenant_id = r.tenant_id AND pl.id = r.placement_id
         JOIN pupils p ON p.tenant_id = c.tenant_id AND p.id = c.pupil_id
         JOIN organisations la ON la.tenant_id = c.tenant_id AND la.id = c.la_id
         LEFT JOIN ap_providers pr ON pr.tenant_id = r.tenant_id AND pr.id = r.provider_id
        WHERE r.tenant_id = $1 AND r.status = 'scheduled' AND pl.status <> 'ended' AND r.due_on <= ${SCHOOL_TODAY_SQL} + $2::int AND ${scope}
        ORDER BY r.due_on, r.id LIMIT 200`,
      params,
    ) as Promise<UpcomingReviewRow[]>;
  }

  /** How many of the caller's scheduled reviews are overdue (those `upcoming` marks overdue). */
  async overdueCount(m: EntityManager): Promise<number> {
    const params: unknown[] = [this.auth.tenantId];
    const scope = positionalScope(sqlScope(this.auth.ability, 'read', 'ApReview', 'c', CASE_COLUMNS), params);
    const [row] = (await m.query(
      `SELECT count(*)::int AS n
         FROM ap_reviews r
         JOIN ap_cases c ON c.tenant_id = r.tenant_id AND c.id = r.case_id
         JOIN ap_placements pl ON pl.tenant_id = r.tenant_id AND pl.id = r.placement_id
        WHERE r.tenant_id = $1 AND r.status = 'scheduled' AND pl.status <> 'ended' AND r.due_on < ${SCHOOL_TODAY_SQL} AND ${scope}`,
      params,
    )) as { n: number }[];
    return row?.n ?? 0;
  }

  /** The case's placement, if it has one. */
  async placementOfCase(m: EntityManager, caseId: string): Promise<{ id: string; provider_id: string } | undefined> {
    const [pl] = (await m.query(`SELECT id, provider_id FROM ap_placements WHERE tenant_id = $1 AND case_id = $2`, [
      this.auth.tenantId,
      caseId,
    ])) as { id: string; provider_id: string }[];
    return pl;
  }

  /** The case's placement under a row lock, with its status and the day it started (or is planned to). */
  async lockPlacementOfCase(
    m: EntityManager,
    caseId: string,
  ): Promise<{ id: string; provider_id: string; status: string; since: string } | undefined> {
    const [pl] = (await m.query(
      `SELECT id, provider_id, status, to_char(coalesce(started_on, planned_start), 'YYYY-MM-DD') AS since FROM ap_placements WHERE tenant_id = $1 AND case_id = $2 FOR UPDATE`,
      [this.auth.tenantId, caseId],
    )) as { id: string; provider_id: string; status: string; since: string }[];
    return pl;
  }

  /** The earliest due date of the placement's scheduled reviews, or null. */
  async firstScheduledDue(m: EntityManager, placementId: string): Promise<string | null> {
    const [existing] = (await m.query(
      `SELECT to_char(min(due_on), 'YYYY-MM-DD') AS due_on FROM ap_reviews WHERE tenant_id = $1 AND placement_id = $2 AND status = 'scheduled'`,
      [this.auth.tenantId, placementId],
    )) as { due_on: string | null }[];
    return existing?.due_on ?? null;
  }

  /** Whether the placement has a review scheduled. */
  async hasScheduled(m: EntityManager, placementId: string): Promise<boolean> {
    const [scheduled] = (await m.query(
      `SELECT id FROM ap_reviews WHERE tenant_id = $1 AND placement_id = $2 AND status = 'scheduled' LIMIT 1`,
      [this.auth.tenantId, placementId],
    )) as { id: string }[];
    return !!scheduled;
  }

  /** Schedules a review of a placement, by the caller; returns its id. */
  async insert(
    m: EntityManager,
    r: { caseId: string; placementId: string; laId: string; providerId: string; dueOn: string },
  ): Promise<string> {
    const [row] = (await m.query(
      `INSERT INTO ap_reviews (tenant_id, case_id, placement_id, la_id, provider_id, due_on, created_by, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
      [this.auth.tenantId, r.caseId, r.placementId, r.laId, r.providerId, r.dueOn, this.auth.principal.userId],
    )) as { id: string }[];
    return row.id;
  }

  /** Schedules the next review of the same placement as `reviewId`, due on `dueOn`; returns its id. */
  async insertNext(m: EntityManager, reviewId: string, dueOn: string): Promise<string> {
    const [row] = (await m.query(
      `INSERT INTO ap_reviews (tenant_id, case_id, placement_id, la_id, provider_id, due_on, created_by, updated_by)
       SELECT tenant_id, case_id, placement_id, la_id, provider_id, $3, $4, $4 FROM ap_reviews WHERE tenant_id = $1 AND id = $2 RETURNING id`,
      [this.auth.tenantId, reviewId, dueOn, this.auth.principal.userId],
    )) as { id: string }[];
    return row.id;
  }

  /** Sets `set` ($5 on) on a scheduled review, checking the version in the UPDATE itself: 409 when stale. */
  async update(m: EntityManager, review: ReviewRow, set: string, values: unknown[]): Promise<void> {
    const rows = (await m.query(
      `UPDATE ap_reviews SET ${set}, updated_at = now(), updated_by = $3, version = version + 1
        WHERE tenant_id = $1 AND id = $2 AND version = $4 AND status = 'scheduled' RETURNING id`,
      [this.auth.tenantId, review.id, this.auth.principal.userId, review.version, ...values],
    )) as unknown[];
    const changed = Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
    if (!changed)
      throw new ConflictException(
        problem(409, 'This review has changed since you opened it. Open it again to see what changed.'),
      );
  }

  /** Cancels the case's scheduled reviews because its placement ended; returns how many. */
  async cancelForEnd(m: EntityManager, caseId: string): Promise<number> {
    const rows = (await m.query(
      `UPDATE ap_reviews SET status = 'cancelled', cancel_reason = 'The placement ended', updated_at = now(), updated_by = $3, version = version + 1
        WHERE tenant_id = $1 AND case_id = $2 AND status = 'scheduled' RETURNING id`,
      [this.auth.tenantId, caseId, this.auth.principal.userId],
    )) as [unknown[], number] | unknown[];
    // TypeORM answers an UPDATE … RETURNING with [rows, count]
    return Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
  }
}
