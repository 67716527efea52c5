import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../roles';

/**
 * The record of each email sent (`notifications`: the address, the template, Notify's id, and in
 * the development outbox the link) is kept 90 days, then deleted by the nightly outbox retention
 * job. The app role could insert and update these rows but never delete them, so they were kept
 * for ever.
 */
export class NotificationRetention1764390000000 implements MigrationInterface {
  name = 'NotificationRetention1764390000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`GRANT DELETE ON notifications TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE DELETE ON notifications FROM ${APP_ROLE}`);
  }
}
