import { Injectable } from '@nestjs/common';
import type { PublishedFinding, PublishedRating, PublishedReform } from '@rep-hub/contracts';
import { EntityManager } from 'typeorm';

/** A partnership's lead's rating of one indicator in one release: an exception carries its owner and commentary. */
export type ReleaseRatingRow = PublishedRating & { releaseId: string };

/** One reform's status in one LA, as the partnership's register stood when the release's return was sent. */
export type ReleaseReformRow = PublishedReform & { releaseId: string };

/** A test and learn record the partnership sent with the release (text and dates only), in the order it was sent. */
export type ReleaseFindingRow = PublishedFinding & { releaseId: string; position: number };

/**
 * What a release says besides its figures (issue 23): the ratings and exceptions, the reform
 * register and the test and learn findings, read as the board role (`UnitOfWork.forBoard`) for
 * releases the caller chose through `ReleasesStore` (the one reader of the releases themselves).
 */
@Injectable()
export class ProgrammeStore {
  /** The ratings of these releases, by indicator. */
  async ratings(m: EntityManager, releaseIds: readonly string[]): Promise<ReleaseRatingRow[]> {
    if (releaseIds.length === 0) return [];
    return m.query(
      `SELECT release_id AS "releaseId", indicator_code AS "indicatorCode", indicator_name AS "indicatorName", rag,
              exception, owner_name AS "ownerName", commentary
         FROM national.release_ratings WHERE release_id = ANY ($1::uuid[])
        ORDER BY release_id, indicator_code`,
      [[...releaseIds]],
    );
  }

  /** The reform statuses of these releases, by reform then LA. */
  async reforms(m: EntityManager, releaseIds: readonly string[]): Promise<ReleaseReformRow[]> {
    if (releaseIds.length === 0) return [];
    return m.query(
      `SELECT release_id AS "releaseId", reform_code AS "reformCode", reform_name AS "reformName",
              reforms_version AS "reformsVersion", la_number AS "laNumber", gss_code AS "gssCode", la_name AS "laName",
              status, to_char(since, 'YYYY-MM-DD') AS since, reason
         FROM national.release_reforms WHERE release_id = ANY ($1::uuid[])
        ORDER BY reform_code, release_id, la_name`,
      [[...releaseIds]],
    );
  }

  /** The test and learn findings of these releases, in the order each partnership sent them. */
  async findings(m: EntityManager, releaseIds: readonly string[]): Promise<ReleaseFindingRow[]> {
    if (releaseIds.length === 0) return [];
    return m.query(
      `SELECT release_id AS "releaseId", position, title, reform_code AS "reformCode", reform_name AS "reformName", status,
              to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn",
              la_names AS "laNames", findings, lessons, results
         FROM national.release_findings WHERE release_id = ANY ($1::uuid[])
        ORDER BY release_id, position`,
      [[...releaseIds]],
    );
  }
}
