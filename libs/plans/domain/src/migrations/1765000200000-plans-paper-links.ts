import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A paper's link check: the foundation's `{1,2000}` bound is past PostgreSQL's regular-expression
 * repetition limit (255), so every insert of a link failed. The same rule, written as a pattern
 * and a length: https, no spaces, quotes or angle brackets, up to 2,000 characters.
 */
export class PlansPaperLinks1765000200000 implements MigrationInterface {
  name = 'PlansPaperLinks1765000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE local_partnership_papers DROP CONSTRAINT local_partnership_papers_url_check`);
    await q.query(
      `ALTER TABLE local_partnership_papers ADD CONSTRAINT local_partnership_papers_url_check CHECK (url ~ '^https://[^[:space:]<>"]+$' AND length(url) <= 2008)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE local_partnership_papers DROP CONSTRAINT local_partnership_papers_url_check`);
    await q.query(
      `ALTER TABLE local_partnership_papers ADD CONSTRAINT local_partnership_papers_url_check CHECK (url ~ '^https://[^[:space:]<>"]{1,2000}$')`,
    );
  }
}
