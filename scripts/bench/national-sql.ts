import { dueOn, parsePeriod, PLACEMENT_END_DESTINATIONS } from '@rep-hub/reference';
import type { Client } from 'pg';

/** An indicator of a return, as the hand-written aggregate is told of it: where its figures come from. */
export interface BaselineIndicator {
  code: string;
  name: string;
  unit: 'count' | 'percentage' | 'days';
}

const REINTEGRATION = PLACEMENT_END_DESTINATIONS.filter((d) => d.outcomeGroup === 'reintegration').map((d) => d.code);

/**
 * The raw figures of every partnership, each LA and the partnership (la_id null), for the period
 * ($1 from, $2 to) and the tenants $3 (every one, or one for the lean path): set-based, from the AP summaries the product reads. What the
 * figures are, indicator by indicator, is the product's definition (ApIndicators over the AP
 * measures, PlansIndicators, the submitted figures): this is the same arithmetic written once in
 * SQL. A days figure is the median over its cases (from the AP summaries' histograms of days, as
 * the product's measures compute it: the mean of the two middle values) with the cases counted in
 * `num`, as the AP publisher gives it; the submitted and sufficiency figures are null: none is seeded.
 */
const RAW = `
CREATE TEMP TABLE nb_raw ON COMMIT DROP AS
WITH las AS (
  SELECT tenant_id, id AS la_id FROM organisations WHERE kind = 'local_authority' AND status = 'active' AND tenant_id = ANY ($3::uuid[])
), geo AS (
  SELECT tenant_id, la_id FROM las UNION ALL SELECT DISTINCT tenant_id, NULL::uuid FROM las
), ref AS (
  SELECT tenant_id, la_id, sum(n) AS n FROM ap_measure_referrals WHERE day BETWEEN $1::date AND $2::date AND tenant_id = ANY ($3::uuid[])
   GROUP BY GROUPING SETS ((tenant_id, la_id), (tenant_id))
), com AS (
  SELECT tenant_id, la_id, sum(n) AS n FROM ap_measure_commissions WHERE day BETWEEN $1::date AND $2::date AND tenant_id = ANY ($3::uuid[])
   GROUP BY GROUPING SETS ((tenant_id, la_id), (tenant_id))
), per AS (
  SELECT tenant_id, la_id, placement_id, sum(possible) AS possible, sum(attended) AS attended
    FROM ap_measure_attendance WHERE month >= $1::date AND month < $2::date + 1 AND tenant_id = ANY ($3::uuid[])
   GROUP BY tenant_id, la_id, placement_id
), att AS (
  SELECT tenant_id, la_id, sum(possible) AS possible, sum(attended) AS attended,
         count(*) FILTER (WHERE possible >= 10) AS counted,
         count(*) FILTER (WHERE possible >= 10 AND (possible - attended) * 10 >= possible) AS persistent,
         count(*) FILTER (WHERE possible >= 10 AND (possible - attended) * 2 >= possible) AS severe
    FROM per GROUP BY GROUPING SETS ((tenant_id, la_id), (tenant_id))
), ends AS (
  SELECT tenant_id, la_id, sum(n) AS ended,
         coalesce(sum(n) FILTER (WHERE tier = 'tier_2'), 0) AS t2_ended,
         coalesce(sum(n) FILTER (WHERE tier = 'tier_2' AND on_time), 0) AS t2_on_time,
         coalesce(sum(n) FILTER (WHERE destination = ANY ($4::text[])), 0) AS reintegrated,
         coalesce(sum(n) FILTER (WHERE destination = ANY ($4::text[]) AND last_due <= $2::date), 0) AS due,
         coalesce(sum(n) FILTER (WHERE destination = ANY ($4::text[]) AND last_due <= $2::date AND all_held), 0) AS held
    FROM ap_measure_endings WHERE day BETWEEN $1::date AND $2::date AND tenant_id = ANY ($3::uuid[])
   GROUP BY GROUPING SETS ((tenant_id, la_id), (tenant_id))
), dec AS (
  SELECT tenant_id, la_id, days, sum(n) AS n FROM ap_measure_decisions
   WHERE day BETWEEN $1::date AND $2::date AND until_day > $2::date AND tenant_id = ANY ($3::uuid[])
   GROUP BY tenant_id, la_id, days HAVING sum(n) > 0
), sta AS (
  SELECT tenant_id, la_id, days, sum(n) AS n FROM ap_measure_starts
   WHERE day BETWEEN $1::date AND $2::date AND tenant_id = ANY ($3::uuid[])
   GROUP BY tenant_id, la_id, days HAVING sum(n) > 0
), hist AS (
  SELECT 'ap.days_to_decision' AS code, tenant_id, la_id, days, n FROM dec
  UNION ALL SELECT 'ap.days_to_decision', tenant_id, NULL::uuid, days, sum(n) FROM dec GROUP BY tenant_id, days
  UNION ALL SELECT 'ap.days_to_placement', tenant_id, la_id, days, n FROM sta
  UNION ALL SELECT 'ap.days_to_placement', tenant_id, NULL::uuid, days, sum(n) FROM sta GROUP BY tenant_id, days
), cum AS (
  SELECT code, tenant_id, la_id, days, sum(n) OVER (PARTITION BY code, tenant_id, la_id ORDER BY days) AS upto,
         sum(n) OVER (PARTITION BY code, tenant_id, la_id) AS total
    FROM hist
), dur AS (
  SELECT code, tenant_id, la_id, total AS n,
         round(((min(days) FILTER (WHERE upto > floor((total - 1) / 2.0)) + min(days) FILTER (WHERE upto > ceil((total - 1) / 2.0)))::float8 / 2)::numeric, 1)::float8::numeric AS median
    FROM cum GROUP BY code, tenant_id, la_id, total
), actions AS (
  -- an action for the whole plan counts for each of its LAs, and once for the partnership
  SELECT a.tenant_id, x.la_id, count(DISTINCT a.id) AS n,
         count(DISTINCT a.id) FILTER (WHERE a.status = 'done' OR (a.status IN ('not_started', 'in_progress') AND a.rag = 'green' AND a.due_on >= $2::date)) AS on_track
    FROM inclusion_plan_actions a
    JOIN inclusion_plan_las l ON l.tenant_id = a.tenant_id AND l.plan_id = a.plan_id
    CROSS JOIN LATERAL (SELECT CASE WHEN a.la_id IS NULL OR a.la_id = l.la_id THEN l.la_id END AS la_id) x
   WHERE a.tenant_id = ANY ($3::uuid[]) AND a.status <> 'cancelled' AND a.created_at < ($2::date + 1) AND x.la_id IS NOT NULL
   GROUP BY GROUPING SETS ((a.tenant_id, x.la_id), (a.tenant_id))
), plans AS (
  SELECT pl.tenant_id, l.la_id, count(DISTINCT pl.id) AS n,
         count(DISTINCT pl.id) FILTER (WHERE pl.review_on >= $2::date AND EXISTS (
           SELECT 1 FROM inclusion_plan_versions v WHERE v.tenant_id = pl.tenant_id AND v.plan_id = pl.id
              AND v.published_at < ($2::date + 1) AND (v.superseded_at IS NULL OR v.superseded_at >= ($2::date + 1)))) AS in_date
    FROM inclusion_plans pl JOIN inclusion_plan_las l ON l.tenant_id = pl.tenant_id AND l.plan_id = pl.id
   WHERE pl.tenant_id = ANY ($3::uuid[])
   GROUP BY GROUPING SETS ((pl.tenant_id, l.la_id), (pl.tenant_id))
)
SELECT g.tenant_id, g.la_id, d.code, d.unit,
       CASE d.code
         WHEN 'ap.referrals' THEN coalesce(ref.n, 0)
         WHEN 'ap.placements_commissioned' THEN coalesce(com.n, 0)
         WHEN 'ap.attendance_rate' THEN coalesce(att.attended, 0)
         WHEN 'ap.persistent_absence_rate' THEN coalesce(att.persistent, 0)
         WHEN 'ap.severe_absence_rate' THEN coalesce(att.severe, 0)
         WHEN 'ap.tier2_within_planned_time' THEN coalesce(ends.t2_on_time, 0)
         WHEN 'ap.reintegration_rate' THEN coalesce(ends.reintegrated, 0)
         WHEN 'ap.reintegration_sustained_rate' THEN coalesce(ends.held, 0)
         WHEN 'plans.actions_on_track' THEN coalesce(actions.on_track, 0)
         WHEN 'plans.plans_published_in_date' THEN coalesce(plans.in_date, 0)
         WHEN 'ap.days_to_decision' THEN coalesce(dur.n, 0)
         WHEN 'ap.days_to_placement' THEN coalesce(dur.n, 0)
       END::numeric AS num,
       CASE d.code
         WHEN 'ap.attendance_rate' THEN coalesce(att.possible, 0)
         WHEN 'ap.persistent_absence_rate' THEN coalesce(att.counted, 0)
         WHEN 'ap.severe_absence_rate' THEN coalesce(att.counted, 0)
         WHEN 'ap.tier2_within_planned_time' THEN coalesce(ends.t2_ended, 0)
         WHEN 'ap.reintegration_rate' THEN coalesce(ends.ended, 0)
         WHEN 'ap.reintegration_sustained_rate' THEN coalesce(ends.due, 0)
         WHEN 'plans.actions_on_track' THEN coalesce(actions.n, 0)
         WHEN 'plans.plans_published_in_date' THEN coalesce(plans.n, 0)
       END::numeric AS den,
       dur.median AS val
  FROM geo g
  CROSS JOIN jsonb_to_recordset($5::jsonb) AS d (code text, name text, unit text)
  LEFT JOIN ref ON ref.tenant_id = g.tenant_id AND ref.la_id IS NOT DISTINCT FROM g.la_id
  LEFT JOIN com ON com.tenant_id = g.tenant_id AND com.la_id IS NOT DISTINCT FROM g.la_id
  LEFT JOIN att ON att.tenant_id = g.tenant_id AND att.la_id IS NOT DISTINCT FROM g.la_id
  LEFT JOIN ends ON ends.tenant_id = g.tenant_id AND ends.la_id IS NOT DISTINCT FROM g.la_id
  LEFT JOIN actions ON actions.tenant_id = g.tenant_id AND actions.la_id IS NOT DISTINCT FROM g.la_id
  LEFT JOIN plans ON plans.tenant_id = g.tenant_id AND plans.la_id IS NOT DISTINCT FROM g.la_id
  LEFT JOIN dur ON dur.code = d.code AND dur.tenant_id = g.tenant_id AND dur.la_id IS NOT DISTINCT FROM g.la_id`;

/**
 * Disclosure control in SQL, the programme's rules (threshold 5, no rounding): each figure's count
 * parts (a count's count, a percentage's numerator and denominator; a days figure's cases, shown
 * as its denominator); counts from 1 to 4 hidden; in each sum (the partnership's part = the sum of its LAs',
 * when every one is known and it is) with exactly one hidden count, one more hidden beside it: an
 * LA's rather than the total, not 0, the smallest, the first by LA; a rate hidden with either
 * count, z over 0, low when it rounds to 0.
 */
const CONTROL = `
CREATE TEMP TABLE nb_cells ON COMMIT DROP AS
SELECT r.tenant_id, r.la_id, r.code, p.part,
       CASE p.part WHEN 'count' THEN r.num WHEN 'numerator' THEN r.num ELSE CASE WHEN r.unit = 'days' THEN r.num ELSE r.den END END AS v,
       false AS hidden
  FROM nb_raw r
  CROSS JOIN LATERAL unnest(CASE r.unit WHEN 'count' THEN ARRAY['count'] WHEN 'percentage' THEN ARRAY['numerator', 'denominator'] ELSE ARRAY['denominator'] END) AS p (part);
UPDATE nb_cells SET hidden = true WHERE v BETWEEN 1 AND 4;
WITH rel AS (
  SELECT t.tenant_id, t.code, t.part
    FROM nb_cells t JOIN nb_cells l ON l.tenant_id = t.tenant_id AND l.code = t.code AND l.part = t.part AND l.la_id IS NOT NULL
   WHERE t.la_id IS NULL AND t.v IS NOT NULL
   GROUP BY t.tenant_id, t.code, t.part, t.v
  HAVING bool_and(l.v IS NOT NULL) AND sum(l.v) = t.v
), lone AS (
  SELECT rel.* FROM rel JOIN nb_cells c USING (tenant_id, code, part)
   GROUP BY rel.tenant_id, rel.code, rel.part HAVING count(*) FILTER (WHERE c.hidden) = 1
), complement AS (
  SELECT DISTINCT ON (c.tenant_id, c.code, c.part) c.tenant_id, c.code, c.part, c.la_id
    FROM lone JOIN nb_cells c USING (tenant_id, code, part)
   WHERE NOT c.hidden
   ORDER BY c.tenant_id, c.code, c.part, c.la_id IS NULL, c.v = 0, c.v, c.la_id
)
UPDATE nb_cells c SET hidden = true FROM complement x
 WHERE c.tenant_id = x.tenant_id AND c.code = x.code AND c.part = x.part AND c.la_id IS NOT DISTINCT FROM x.la_id;
CREATE TEMP TABLE nb_out ON COMMIT DROP AS
WITH shown AS (
  SELECT tenant_id, la_id, code,
         max(CASE WHEN part IN ('count', 'numerator') THEN CASE WHEN hidden THEN 'c' WHEN v IS NULL THEN 'x' END END) AS num_symbol,
         max(CASE WHEN part IN ('count', 'numerator') AND NOT hidden THEN v END) AS num,
         max(CASE WHEN part = 'denominator' THEN CASE WHEN hidden THEN 'c' WHEN v IS NULL THEN 'x' END END) AS den_symbol,
         max(CASE WHEN part = 'denominator' AND NOT hidden THEN v END) AS den
    FROM nb_cells GROUP BY tenant_id, la_id, code
)
SELECT tenant_id, la_id, code, unit, numerator, denominator,
       CASE WHEN unit = 'count' THEN num WHEN unit = 'percentage' AND symbol IS NULL THEN round(num * 1000 / den) / 10
            WHEN unit = 'days' AND symbol IS NULL THEN val END AS value,
       symbol
  FROM (
SELECT r.tenant_id, r.la_id, r.code, r.unit, s.num, r.val,
       CASE WHEN r.unit = 'days' THEN NULL ELSE s.num END AS numerator,
       CASE WHEN r.unit IN ('percentage', 'days') THEN s.den END AS denominator,
       s.den,
       CASE r.unit
         WHEN 'count' THEN s.num_symbol
         WHEN 'percentage' THEN CASE WHEN 'c' IN (s.num_symbol, s.den_symbol) THEN 'c'
                                     WHEN coalesce(s.num_symbol, s.den_symbol) IS NOT NULL THEN coalesce(s.num_symbol, s.den_symbol)
                                     WHEN s.den = 0 THEN 'z'
                                     WHEN round(s.num * 1000 / s.den) = 0 AND s.num > 0 THEN 'low' END
         ELSE CASE WHEN s.den_symbol = 'c' THEN 'c' WHEN s.den_symbol IS NOT NULL OR r.val IS NULL THEN 'x' END
       END AS symbol
  FROM nb_raw r JOIN shown s ON s.tenant_id = r.tenant_id AND s.la_id IS NOT DISTINCT FROM r.la_id AND s.code = r.code
  ) o`;

/** The published tables written as the product's function writes them: a release per partnership, its figures and ratings. */
const PUBLISH_RELEASES = `
CREATE TEMP TABLE nb_releases ON COMMIT DROP AS
WITH ins AS (
  INSERT INTO national.releases (partnership_id, partnership_name, period_code, period_name, period_from, period_to, due_on,
                                 release_version, replaces_version, correction_reason, return_version, disclosure_method, method_note)
  SELECT t.id, t.name, $1, $2, $3::date, $4::date, $5::date, 1, NULL, NULL, 1,
         jsonb_build_object('controlledBy', 'disclosure-control', 'kind', 'evaluation-return', 'threshold', 5,
                            'lines', jsonb_build_array('Counts from 1 to 4 are suppressed (c), with secondary suppression so they cannot be worked out.')),
         'Counts from 1 to 4 are suppressed (c), with secondary suppression so they cannot be worked out.'
    FROM tenants t WHERE t.id = ANY ($6::uuid[])
  RETURNING id, partnership_id)
SELECT * FROM ins`;
const PUBLISH_FIGURES = `
INSERT INTO national.release_figures (release_id, indicator_code, indicator_name, unit, geography_level, la_number, gss_code, la_name,
                                      numerator, denominator, value, symbol)
SELECT rl.id, o.code, d.name, o.unit, CASE WHEN o.la_id IS NULL THEN 'partnership' ELSE 'local_authority' END,
       la.la_number, la.gss_code, la.name, o.numerator, o.denominator, o.value, o.symbol
  FROM nb_out o JOIN nb_releases rl ON rl.partnership_id = o.tenant_id
  JOIN jsonb_to_recordset($1::jsonb) AS d (code text, name text) ON d.code = o.code
  LEFT JOIN organisations la ON la.tenant_id = o.tenant_id AND la.id = o.la_id`;
const PUBLISH_RATINGS = `
INSERT INTO national.release_ratings (release_id, indicator_code, indicator_name, rag, exception, owner_name, commentary)
SELECT rl.id, x.indicator_code, d.name, x.rag, x.exception, u.display_name, x.commentary
  FROM evaluation_returns r JOIN nb_releases rl ON rl.partnership_id = r.tenant_id
  JOIN evaluation_return_ratings x ON x.tenant_id = r.tenant_id AND x.return_id = r.id
  JOIN jsonb_to_recordset($2::jsonb) AS d (code text, name text) ON d.code = x.indicator_code
  LEFT JOIN users u ON u.id = x.owner_user_id
 WHERE r.period = $1 AND r.return_version = 1`;

/**
 * The hand-written side of the roll-up: every partnership's figures for the period, controlled and
 * published, in one transaction of set-based statements (as the owner, who may write the national
 * tables directly). The product's checks in `national.publish_release` (the method note, no count
 * from 1 to 4 shown) stand as the table's own CHECKs do.
 */
export async function sqlRollUp(
  c: Client,
  period: string,
  tenantIds: string[],
  indicators: BaselineIndicator[],
): Promise<void> {
  const p = parsePeriod(period);
  if (!p) throw new Error(`${period} is not a period`);
  const defs = JSON.stringify(indicators.map((d) => ({ code: d.code, name: d.name, unit: d.unit })));
  await c.query('BEGIN');
  try {
    await c.query(`SET LOCAL max_parallel_workers_per_gather = 0`);
    await c.query(RAW, [p.from, p.to, tenantIds, REINTEGRATION, defs]);
    await c.query(CONTROL);
    await c.query(PUBLISH_RELEASES, [p.code, p.name, p.from, p.to, dueOn(p), tenantIds]);
    await c.query(PUBLISH_FIGURES, [defs]);
    await c.query(PUBLISH_RATINGS, [p.code, defs]);
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  }
}

/** The published figures of a period as comparable rows: partnership, indicator, geography and what is shown. */
export const PUBLISHED_FIGURES = `
SELECT r.partnership_id, f.indicator_code, f.indicator_name, f.unit, f.geography_level, f.la_number, f.gss_code, f.la_name,
       f.numerator, f.denominator, f.value, f.symbol
  FROM national.releases r JOIN national.release_figures f ON f.release_id = r.id
 WHERE r.period_code = $1`;

/** Removes a period's published releases (as the owner), so the other side publishes into the same empty tables. */
export async function unpublish(c: Client, period: string): Promise<void> {
  for (const t of ['release_figures', 'release_ratings', 'release_reforms', 'release_findings'])
    await c.query(
      `DELETE FROM national.${t} WHERE release_id IN (SELECT id FROM national.releases WHERE period_code = $1)`,
      [period],
    );
  await c.query(`DELETE FROM national.releases WHERE period_code = $1`, [period]);
}

/** A partnership as the lean per-partnership path runs it: its tenant, its lead and the lead's LAs (as a unit of work sets them). */
export interface LeanPartnership {
  tenantId: string;
  leadId: string;
  laIds: string[];
  name: string;
}

/**
 * The partnership's LAs and name (as the owner): a lead's scope is every LA of the partnership, and
 * the product reads the AP measures in a unit of work with those LAs (`inTenantWithLas`), as this does.
 */
export async function leanPartnerships(
  c: Client,
  partnerships: { tenantId: string; leadId: string }[],
): Promise<LeanPartnership[]> {
  const out: LeanPartnership[] = [];
  for (const p of partnerships) {
    const { rows } = await c.query(
      `SELECT t.name, coalesce(array_agg(o.id ORDER BY o.name) FILTER (WHERE o.id IS NOT NULL), '{}') AS la_ids
         FROM tenants t LEFT JOIN organisations o ON o.tenant_id = t.id AND o.kind = 'local_authority' AND o.status = 'active'
        WHERE t.id = $1 GROUP BY t.name`,
      [p.tenantId],
    );
    out.push({ tenantId: p.tenantId, leadId: p.leadId, laIds: rows[0].la_ids, name: rows[0].name });
  }
  return out;
}

/** One partnership's release as `national.publish_release` takes it, from the controlled figures (nb_out) and the lead's ratings. */
const LEAN_PUBLISH = `
SELECT national.publish_release(jsonb_build_object(
  'partnership', jsonb_build_object('id', $6::uuid, 'name', $7::text),
  'period', jsonb_build_object('code', $1::text, 'name', $2::text, 'from', $3::text, 'to', $4::text, 'dueOn', $5::text),
  'version', 1, 'replacesVersion', NULL, 'correctionReason', NULL, 'returnVersion', 1,
  'disclosure', jsonb_build_object('controlledBy', 'disclosure-control', 'kind', 'evaluation-return', 'threshold', 5,
                                   'lines', jsonb_build_array('Counts from 1 to 4 are suppressed (c), with secondary suppression so they cannot be worked out.')),
  'figures', (SELECT jsonb_agg(jsonb_build_object(
                'indicatorCode', o.code, 'indicatorName', d.name, 'unit', o.unit,
                'level', CASE WHEN o.la_id IS NULL THEN 'partnership' ELSE 'local_authority' END,
                'laNumber', la.la_number, 'gssCode', la.gss_code, 'laName', la.name,
                'numerator', o.numerator, 'denominator', o.denominator, 'value', o.value, 'symbol', o.symbol))
                FROM nb_out o JOIN jsonb_to_recordset($8::jsonb) AS d (code text, name text) ON d.code = o.code
                LEFT JOIN organisations la ON la.tenant_id = o.tenant_id AND la.id = o.la_id),
  'ratings', (SELECT coalesce(jsonb_agg(jsonb_build_object(
                'indicatorCode', x.indicator_code, 'indicatorName', d.name, 'rag', x.rag, 'exception', x.exception,
                'ownerName', u.display_name, 'commentary', x.commentary)), '[]'::jsonb)
                FROM evaluation_returns r JOIN evaluation_return_ratings x ON x.tenant_id = r.tenant_id AND x.return_id = r.id
                JOIN jsonb_to_recordset($8::jsonb) AS d (code text, name text) ON d.code = x.indicator_code
                LEFT JOIN users u ON u.id = x.owner_user_id
               WHERE r.tenant_id = $6::uuid AND r.period = $1 AND r.return_version = 1)))`;

/**
 * The leanest path that does the product's per-partnership work: for each partnership, one
 * transaction as the app role (`c` connects as it) with the tenant's context set as a unit of work
 * sets it (app.tenant_id, app.actor_id as the lead, app.la_ids the LAs in the lead's scope, as the product's
 * measures read sets it), under RLS; the
 * hand-written aggregate restricted to that tenant, its disclosure control in SQL, and
 * `national.publish_release` as the product publishes. No registry, no snapshot, no audit, no
 * publication record: what is left is the per-partnership design itself.
 */
export async function leanRollUp(
  c: Client,
  period: string,
  partnerships: LeanPartnership[],
  indicators: BaselineIndicator[],
  contextStatements: (ctx: { tenantId: string; actorId: string; laIds: string[] }) => string,
): Promise<void> {
  const p = parsePeriod(period);
  if (!p) throw new Error(`${period} is not a period`);
  const defs = JSON.stringify(indicators.map((d) => ({ code: d.code, name: d.name, unit: d.unit })));
  for (const x of partnerships) {
    await c.query('BEGIN');
    try {
      await c.query(contextStatements({ tenantId: x.tenantId, actorId: x.leadId, laIds: x.laIds }));
      await c.query(`SET LOCAL max_parallel_workers_per_gather = 0`);
      await c.query(RAW, [p.from, p.to, [x.tenantId], REINTEGRATION, defs]);
      await c.query(CONTROL);
      await c.query(LEAN_PUBLISH, [p.code, p.name, p.from, p.to, dueOn(p), x.tenantId, x.name, defs]);
      await c.query('COMMIT');
    } catch (e) {
      await c.query('ROLLBACK');
      throw e;
    }
  }
}
