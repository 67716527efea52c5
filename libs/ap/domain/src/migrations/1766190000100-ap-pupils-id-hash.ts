import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A hash index on the pupils' ids, for the lookups of one pupil per row that the case list (and
 * every statement joining a case to its pupil) makes: 51 a page (7 December 2026).
 *
 * Through the primary key, a btree on (tenant_id, id), each lookup reads the btree's root, one
 * page per level below it and the row: 3 buffers with up to some 20,000 pupils in the database
 * (two levels), 4 with 80,000 to a few million (three), 5 beyond; one level more for each ~200
 * times more pupils, paid once per row of the page. So the list's page read 208 buffers with one
 * partnership of 2,000 cases and 264 with forty (`npm run bench:growth`), above the 20% issue 27
 * allows. A hash index finds the bucket from the id's hash (its metapage is cached by the
 * backend) and reads that bucket's page, whatever the table's size: 2 buffers a lookup (bucket and
 * row), so 157 to 161 a page from 2,000 cases in one partnership to 20,000 in forty.
 *
 * Filled to 40%: the index grows a bucket at a time, and a bucket not yet split in the current
 * round holds up to twice the fill. At PostgreSQL's 75% those buckets outgrow their page, and a
 * probe into one reads an overflow page too: built row by row (as the table fills), 8 million ids
 * had 6,709 overflow pages to 26,059 buckets, 2.5 buffers a lookup. At 40% twice the fill still
 * fits a page: 800,000 ids had no overflow page (285 at 75%).
 *
 * Not unique (PostgreSQL's hash indexes cannot be): the primary key stays the constraint. Under
 * Citus each shard has its own, as it has its own primary key. One index more to write per pupil
 * insert, and about 50 bytes a pupil (38 MB at 800,000).
 */
export class ApPupilsIdHash1766190000100 implements MigrationInterface {
  name = 'ApPupilsIdHash1766190000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX pupils_id_hash_idx ON pupils USING hash (id) WITH (fillfactor = 40)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX pupils_id_hash_idx`);
  }
}
