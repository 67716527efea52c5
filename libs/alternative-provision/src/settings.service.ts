import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { subject } from '@casl/ability';
import { AuditService } from '@rep-hub/audit';
import { AuthContext } from '@rep-hub/auth';
import { FieldError, InvalidFieldsException, problem } from '@rep-hub/platform';
import { EntityManager } from 'typeorm';
import { realDate, text, UUID, wholeNumber } from './input';

/** Without an LA's own figure: a fortnightly panel (Bradford's practice) and 12-week tier 2 placements (DOMAIN §4.1). */
export const DEFAULT_PANEL_CADENCE_DAYS = 14;
export const DEFAULT_TIER2_WEEKS = 12;

export interface LaSettingsInput {
  panelFirstDate?: unknown;
  panelCadenceDays?: unknown;
  tier2Weeks?: unknown;
  virtualSchoolEmail?: unknown;
  version?: unknown;
}

export interface LaSettingsView {
  laId: string;
  laName: string;
  /** The first panel of the series; with the cadence it gives every panel date. Null: no fixed panel dates. */
  panelFirstDate: string | null;
  panelCadenceDays: number;
  tier2Weeks: number;
  virtualSchoolEmail: string | null;
  /** The next panel dates from today (empty when the LA has set none). */
  nextPanelDates: string[];
  version: number;
}

interface Row {
  la_id: string;
  la_name: string;
  panel_first_date: string | null;
  panel_cadence_days: number | null;
  tier2_weeks: number | null;
  virtual_school_email: string | null;
  version: number | null;
}


/** Panel dates from a first date and a cadence: the `count` dates on or after `from`. */
export function panelDates(first: string | null, cadenceDays: number, from: string, count: number): string[] {
  if (!first) return [];
  const start = Date.parse(`${first}T00:00:00Z`);
  const since = Date.parse(`${from}T00:00:00Z`);
  const step = cadenceDays * 86_400_000;
  const n = since <= start ? 0 : Math.ceil((since - start) / step);
  return Array.from({ length: count }, (_, i) => new Date(start + (n + i) * step).toISOString().slice(0, 10));
}

/**
 * Each LA's AP practice: its panel dates and cadence, how long a tier 2 placement runs by
 * default, and where the virtual school is told of placements of looked-after children.
 */
@Injectable()
export class ApSettingsService {
  constructor(
    private readonly auth: AuthContext,
    private readonly audit: AuditService,
  ) {}

  /** Every LA of the partnership with its settings (defaults where it has set none). */
  list(): Promise<LaSettingsView[]> {
    this.require();
    return this.auth.inTenant(async (m) => (await this.rows(m)).map((r) => this.view(r)));
  }

  get(laId: string): Promise<LaSettingsView> {
    this.require();
    if (!UUID.test(laId)) throw this.notFound();
    return this.auth.inTenant(async (m) => {
      const [row] = await this.rows(m, laId);
      if (!row) throw this.notFound();
      return this.view(row);
    });
  }

  /** Sets an LA's settings (its own LA's officers, or the partnership lead); `version` guards a concurrent edit. */
  put(laId: string, input: LaSettingsInput): Promise<LaSettingsView> {
    if (!UUID.test(laId)) throw this.notFound();
    const errors: FieldError[] = [];
    const panelFirstDate = text(input.panelFirstDate);
    if (panelFirstDate && !realDate(panelFirstDate))
      errors.push({ field: 'panelFirstDate', message: 'Enter the first panel date as YYYY-MM-DD' });
    const cadence = input.panelCadenceDays === undefined || input.panelCadenceDays === '' ? DEFAULT_PANEL_CADENCE_DAYS : wholeNumber(input.panelCadenceDays);
    if (cadence === undefined || cadence < 1 || cadence > 92) errors.push({ field: 'panelCadenceDays', message: 'Enter how often the panel meets, in days, from 1 to 92' });
    const tier2Weeks = input.tier2Weeks === undefined || input.tier2Weeks === '' ? DEFAULT_TIER2_WEEKS : wholeNumber(input.tier2Weeks);
    if (tier2Weeks === undefined || tier2Weeks < 1 || tier2Weeks > 52) errors.push({ field: 'tier2Weeks', message: 'Enter the tier 2 placement length in weeks, from 1 to 52' });
    const email = text(input.virtualSchoolEmail);
    if (email && (email.length > 320 || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))) errors.push({ field: 'virtualSchoolEmail', message: 'Enter the virtual school’s email address in the correct format' });
    const version = input.version === undefined || input.version === '' ? undefined : wholeNumber(input.version);
    if (input.version !== undefined && input.version !== '' && version === undefined) errors.push({ field: 'version', message: 'version must be the settings’ version number' });
    if (errors.length) throw new InvalidFieldsException(errors);
    return this.auth.inTenant(async (m) => {
      const [la] = (await m.query(`SELECT id FROM organisations WHERE tenant_id = $1 AND id = $2 AND kind = 'local_authority'`, [this.auth.tenantId, laId])) as { id: string }[];
      if (!la) throw this.notFound();
      if (!this.auth.ability.can('update', subject('ApLaSettings', { tenantId: this.auth.tenantId, laId }) as never)) {
        throw new ForbiddenException(problem(403, 'You can set the AP practice of your own local authority only.'));
      }
      const [saved] = (await m.query(
        `INSERT INTO ap_la_settings (tenant_id, la_id, panel_first_date, panel_cadence_days, tier2_weeks, virtual_school_email, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, la_id) DO UPDATE SET panel_first_date = EXCLUDED.panel_first_date, panel_cadence_days = EXCLUDED.panel_cadence_days,
           tier2_weeks = EXCLUDED.tier2_weeks, virtual_school_email = EXCLUDED.virtual_school_email, updated_by = EXCLUDED.updated_by,
           updated_at = now(), version = ap_la_settings.version + 1
           WHERE $8::int IS NULL OR ap_la_settings.version = $8::int
         RETURNING version`,
        [this.auth.tenantId, laId, panelFirstDate ?? null, cadence, tier2Weeks, email ?? null, this.auth.principal.userId, version ?? null],
      )) as { version: number }[];
      if (!saved) throw new ConflictException(problem(409, 'These settings were changed by someone else since you opened them. Open them again.'));
      await this.audit.record({ action: 'ap_settings.update', subjectType: 'ApLaSettings', subjectIds: [laId], laId, details: { panelFirstDate: panelFirstDate ?? null, cadence: cadence ?? null, tier2Weeks: tier2Weeks ?? null } });
      const [row] = await this.rows(m, laId);
      return this.view(row);
    });
  }

  /** In the caller's unit of work: the LA's next `count` panel dates (none when it has set none). */
  async panelDatesFor(m: EntityManager, laId: string, count: number): Promise<string[]> {
    const [row] = await this.rows(m, laId);
    return row ? panelDates(row.panel_first_date, row.panel_cadence_days ?? DEFAULT_PANEL_CADENCE_DAYS, new Date().toISOString().slice(0, 10), count) : [];
  }

  async tier2WeeksFor(m: EntityManager, laId: string): Promise<number> {
    const [row] = await this.rows(m, laId);
    return row?.tier2_weeks ?? DEFAULT_TIER2_WEEKS;
  }

  private rows(m: EntityManager, laId?: string): Promise<Row[]> {
    const params: unknown[] = [this.auth.tenantId];
    if (laId) params.push(laId);
    return m.query(
      `SELECT o.id AS la_id, o.name AS la_name, to_char(s.panel_first_date, 'YYYY-MM-DD') AS panel_first_date, s.panel_cadence_days, s.tier2_weeks,
              s.virtual_school_email, s.version
         FROM organisations o LEFT JOIN ap_la_settings s ON s.tenant_id = o.tenant_id AND s.la_id = o.id
        WHERE o.tenant_id = $1 AND o.kind = 'local_authority' ${laId ? 'AND o.id = $2' : ''} ORDER BY o.name`,
      params,
    ) as Promise<Row[]>;
  }

  private view(r: Row): LaSettingsView {
    const cadence = r.panel_cadence_days ?? DEFAULT_PANEL_CADENCE_DAYS;
    return {
      laId: r.la_id,
      laName: r.la_name,
      panelFirstDate: r.panel_first_date,
      panelCadenceDays: cadence,
      tier2Weeks: r.tier2_weeks ?? DEFAULT_TIER2_WEEKS,
      virtualSchoolEmail: r.virtual_school_email,
      nextPanelDates: panelDates(r.panel_first_date, cadence, new Date().toISOString().slice(0, 10), 6),
      version: r.version ?? 0,
    };
  }

  private require(): void {
    if (!this.auth.ability.can('read', 'ApLaSettings')) throw new ForbiddenException(problem(403, 'Your role does not allow this.'));
  }

  private notFound(): NotFoundException {
    return new NotFoundException(problem(404, 'There is no such local authority in your partnership.'));
  }
}
