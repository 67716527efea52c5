import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { periodOf, previousPeriod, ReturnPeriod, SUBMITTED_INDICATORS } from '../reference';
import { percentOf } from '../submitted-checks';

/** How many periods of figures the demo gives each LA, up to the current one. */
export const DEMO_FIGURE_PERIODS = 4;

/** A number from 0 to 1 that stays the same for the same words (made-up figures, the same on every seed). */
function unit(...words: string[]): number {
  return createHash('sha256').update(words.join('|')).digest().readUInt32BE(0) / 0xffffffff;
}

/** Plausible made-up figures for one LA, indicator and period. */
function figure(
  laNumber: string,
  code: string,
  period: string,
): { numerator: number; denominator: number | null; value: number } {
  const u = unit(laNumber, code, period);
  const n = (lo: number, hi: number) => Math.round(lo + u * (hi - lo));
  switch (code) {
    case 'evaluation.ehcp_20_weeks': {
      const denominator = n(80, 240);
      const numerator = Math.round(denominator * (0.35 + unit(period, code, laNumber) * 0.5));
      return { numerator, denominator, value: percentOf(numerator, denominator) };
    }
    case 'evaluation.ks2_expected_sen': {
      const denominator = n(600, 1400);
      const numerator = Math.round(denominator * (0.14 + unit(period, code, laNumber) * 0.12));
      return { numerator, denominator, value: percentOf(numerator, denominator) };
    }
    case 'evaluation.ehc_assessment_requests': {
      const v = n(120, 420);
      return { numerator: v, denominator: null, value: v };
    }
    case 'evaluation.suspensions_sen': {
      const v = n(300, 1100);
      return { numerator: v, denominator: null, value: v };
    }
    case 'evaluation.permanent_exclusions_sen': {
      const v = n(2, 18);
      return { numerator: v, denominator: null, value: v };
    }
    default: {
      const v = n(5, 40);
      return { numerator: v, denominator: null, value: v };
    }
  }
}

/**
 * The demo's submitted figures in one partnership (`npm start`, `npm run db:seed`), idempotent:
 * each LA's figure for every submitted indicator in each of the last four periods up to the one of
 * `today`, the oldest period's arriving as an upload (with its record in evaluation_uploads), the
 * others as entries by hand. The last LA by name has not yet submitted the current period's, so
 * the return's completeness has something to show. Returns the figures added.
 */
export async function seedSubmittedFigures(m: EntityManager, tenantId: string, today: string): Promise<number> {
  const las = (await m.query(
    `SELECT id, la_number FROM organisations WHERE tenant_id = $1 AND kind = 'local_authority' AND status = 'active' ORDER BY name, id`,
    [tenantId],
  )) as { id: string; la_number: string }[];
  const periods: ReturnPeriod[] = [periodOf(today)];
  while (periods.length < DEMO_FIGURE_PERIODS) periods.push(previousPeriod(periods[periods.length - 1]));
  const oldest = periods[periods.length - 1];
  let added = 0;
  for (const [i, la] of las.entries()) {
    const lagging = i === las.length - 1 && las.length > 1;
    // the oldest period as an upload, as the LA would send its file
    const file = [
      'la_number,indicator_code,period,numerator,denominator',
      ...SUBMITTED_INDICATORS.map((d) => {
        const f = figure(la.la_number, d.code, oldest.code);
        return [la.la_number, d.code, oldest.code, f.numerator, f.denominator ?? ''].join(',');
      }),
    ].join('\r\n');
    const sha256 = createHash('sha256').update(file).digest('hex');
    await m.query(
      `INSERT INTO evaluation_uploads (tenant_id, la_id, filename, sha256, row_count)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, la_id, sha256) DO NOTHING`,
      [tenantId, la.id, `figures-${la.la_number}-${oldest.code}.csv`, sha256, SUBMITTED_INDICATORS.length],
    );
    const [upload] = (await m.query(
      `SELECT id FROM evaluation_uploads WHERE tenant_id = $1 AND la_id = $2 AND sha256 = $3`,
      [tenantId, la.id, sha256],
    )) as { id: string }[];
    for (const period of periods) {
      if (lagging && period.code === periods[0].code) continue;
      for (const d of SUBMITTED_INDICATORS) {
        const f = figure(la.la_number, d.code, period.code);
        const made = (await m.query(
          `INSERT INTO evaluation_submitted_values
             (tenant_id, la_id, indicator_code, definition_version, period, numerator, denominator, value, upload_id, entered_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, least(($10::date + 28)::timestamptz, now()))
           ON CONFLICT (tenant_id, la_id, indicator_code, period) DO NOTHING RETURNING id`,
          [
            tenantId,
            la.id,
            d.code,
            d.version,
            period.code,
            f.numerator,
            f.denominator,
            f.value,
            period.code === oldest.code ? upload.id : null,
            period.code === periods[0].code ? today : period.to,
          ],
        )) as unknown[];
        added += made.length;
      }
    }
  }
  return added;
}
