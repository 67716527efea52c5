import { Client } from 'pg';
import { workerDatabase } from '../testing/test-database';
import { SCHOOL_TODAY_SQL, schoolDateSql, schoolToday } from './school-day';

/**
 * One rule for "today": the date in England. Between midnight and 1am in British Summer Time the
 * UTC date is still yesterday's: before, most of AP took UTC (a review "due today" was not; a date
 * "in the future" was refused) while SQL took the server's zone.
 */
describe('the school day is a date in England, in JavaScript and in SQL', () => {
  // 00:30 on 2 June 2026 in London (BST, UTC+1) is still 1 June in UTC
  const justAfterMidnightBst = new Date('2026-06-01T23:30:00Z');
  const justBeforeMidnightBst = new Date('2026-06-01T22:30:00Z');
  // in winter (GMT) England and UTC agree
  const justAfterMidnightGmt = new Date('2026-12-02T00:30:00Z');

  it('in JavaScript, whatever the process zone', () => {
    expect(schoolToday(justBeforeMidnightBst)).toBe('2026-06-01');
    expect(schoolToday(justAfterMidnightBst)).toBe('2026-06-02');
    expect(justAfterMidnightBst.toISOString().slice(0, 10)).toBe('2026-06-01'); // what AP used before
    expect(schoolToday(justAfterMidnightGmt)).toBe('2026-12-02');
  });

  it('in SQL, whatever the session zone (current_date follows the session)', async () => {
    const db = await workerDatabase();
    const c = new Client({ connectionString: db.adminUrl });
    await c.connect();
    try {
      for (const zone of ['UTC', 'America/New_York', 'Asia/Tokyo']) {
        await c.query(`SET TimeZone = '${zone}'`);
        const at = async (d: Date) =>
          (await c.query(`SELECT to_char(${schoolDateSql('$1::timestamptz')}, 'YYYY-MM-DD') AS d`, [d.toISOString()]))
            .rows[0].d as string;
        expect([
          zone,
          await at(justBeforeMidnightBst),
          await at(justAfterMidnightBst),
          await at(justAfterMidnightGmt),
        ]).toEqual([zone, '2026-06-01', '2026-06-02', '2026-12-02']);
      }
      // and today in SQL is today in JavaScript (bar the instant between the two calls crossing midnight)
      const before = schoolToday();
      const { rows } = await c.query(`SELECT to_char(${SCHOOL_TODAY_SQL}, 'YYYY-MM-DD') AS d`);
      expect([before, schoolToday()]).toContain(rows[0].d);
    } finally {
      await c.end();
    }
  });
});
