import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { PackException, PackRating, PackReform, PackSections } from './board-packs.model';

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/**
 * The optional sections of a pack (RAG summary, exceptions with commentary, reform status) from
 * the releases it names. They come from national tables published beside the releases
 * (`national.release_ratings`, `national.release_reforms`), each read only when it exists
 * (`to_regclass`), as whole rows (`to_jsonb`), so a pack builds, with empty sections, on a
 * database that does not publish them yet. Read as the board role (`forBoard`).
 */
@Injectable()
export class BoardPackSectionsReader {
  async read(
    m: EntityManager,
    releases: readonly { id: string; partnershipName: string }[],
    indicatorNames: ReadonlyMap<string, string>,
  ): Promise<PackSections> {
    const ids = releases.map((r) => r.id);
    const partnership = new Map(releases.map((r) => [r.id, r.partnershipName]));
    const ratingRows = await this.rows(m, 'national.release_ratings', ids);
    const reformRows = await this.rows(m, 'national.release_reforms', ids);

    const ratings: PackRating[] = [];
    const exceptions: PackException[] = [];
    for (const r of ratingRows) {
      const code = str(r['indicator_code']) ?? '';
      const rating = {
        partnershipName: partnership.get(String(r['release_id'])) ?? '',
        indicatorCode: code,
        indicatorName: str(r['indicator_name']) ?? indicatorNames.get(code) ?? code,
        rag: str(r['rag']) ?? '',
      };
      ratings.push(rating);
      if (r['exception'] === true || rating.rag === 'red')
        exceptions.push({
          ...rating,
          ownerName: str(r['owner_name']),
          commentary: str(r['commentary']) ?? '',
        });
    }
    const reforms: PackReform[] = reformRows.map((r) => ({
      partnershipName: partnership.get(String(r['release_id'])) ?? '',
      reform: str(r['reform_name']) ?? str(r['name']) ?? str(r['reform_code']) ?? '',
      laName: str(r['la_name']),
      status: str(r['status_label']) ?? str(r['status']) ?? '',
      note: str(r['note']) ?? str(r['commentary']),
    }));
    const order = (a: { partnershipName: string }, b: { partnershipName: string }) =>
      a.partnershipName.localeCompare(b.partnershipName);
    return {
      ratings: ratings.sort((a, b) => order(a, b) || a.indicatorCode.localeCompare(b.indicatorCode)),
      exceptions: exceptions.sort((a, b) => order(a, b) || a.indicatorCode.localeCompare(b.indicatorCode)),
      reforms: reforms.sort((a, b) => order(a, b) || a.reform.localeCompare(b.reform)),
    };
  }

  /** The rows of a national table about these releases, or none when the table does not exist. */
  private async rows(m: EntityManager, table: string, releaseIds: string[]): Promise<Row[]> {
    if (releaseIds.length === 0) return [];
    const [{ exists }] = await m.query(`SELECT to_regclass($1) IS NOT NULL AS exists`, [table]);
    if (!exists) return [];
    // the table name is one of this file's constants, never input
    const rows: { row: Row }[] = await m.query(
      `SELECT to_jsonb(t) AS row FROM ${table} t WHERE (to_jsonb(t) ->> 'release_id') = ANY ($1::text[])`,
      [releaseIds],
    );
    return rows.map((r) => r.row);
  }
}
