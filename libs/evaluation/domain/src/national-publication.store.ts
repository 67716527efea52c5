import { Injectable } from '@nestjs/common';
import type { ControlledRelease, ReleaseInput } from '@rep-hub/disclosure';
import { EntityManager } from 'typeorm';
import { NationalReleasePayload } from './national-release.model';

export interface PublicationRow {
  release_version: number;
  source: ReleaseInput;
  published: unknown;
}

/**
 * The SQL of the publication to the national level: the partnership's record of what it sent
 * (tenant RLS), and the one call the app role may make into the national schema.
 */
@Injectable()
export class NationalPublicationStore {
  /** The versions of the period already published, oldest first. */
  async previous(m: EntityManager, tenantId: string, period: string): Promise<PublicationRow[]> {
    return (await m.query(
      `SELECT release_version, source, published FROM evaluation_publications
        WHERE tenant_id = $1 AND period = $2 ORDER BY release_version`,
      [tenantId, period],
    )) as PublicationRow[];
  }

  /** Hands the controlled release to the national function (SECURITY DEFINER): the release's id. */
  async publish(m: EntityManager, payload: NationalReleasePayload): Promise<string> {
    const [row] = (await m.query(`SELECT national.publish_release($1::jsonb) AS id`, [JSON.stringify(payload)])) as {
      id: string;
    }[];
    return row.id;
  }

  async record(
    m: EntityManager,
    p: {
      tenantId: string;
      returnId: string;
      period: string;
      version: number;
      nationalReleaseId: string;
      source: ReleaseInput;
      published: ControlledRelease;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO evaluation_publications (tenant_id, return_id, period, release_version, national_release_id, source, published)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)`,
      [
        p.tenantId,
        p.returnId,
        p.period,
        p.version,
        p.nationalReleaseId,
        JSON.stringify(p.source),
        JSON.stringify(p.published),
      ],
    );
  }
}
