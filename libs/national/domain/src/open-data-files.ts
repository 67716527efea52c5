import type { PublishedSymbol } from '@rep-hub/contracts';
import { csvCell } from '@rep-hub/platform';
import { createHash } from 'node:crypto';
import { GSS_SYMBOLS } from './comparison';
import type {
  OpenDataChange,
  OpenDataFigure,
  OpenDataFigureState,
  OpenDataFile,
  OpenDataFileName,
  OpenDataRelease,
} from './open-data.model';

/** England, as EES's tidy files name the country of every row. */
export const ENGLAND = { code: 'E92000001', name: 'England' } as const;

/** The GSS symbols a release may show in place of a value, with their meaning. */
export const OPEN_DATA_SYMBOLS: { symbol: PublishedSymbol; meaning: string }[] = (
  Object.entries(GSS_SYMBOLS) as [PublishedSymbol, string][]
).map(([symbol, meaning]) => ({ symbol, meaning }));

/** The columns of a release's tidy data file, in order. */
export const DATA_COLUMNS = [
  'time_period',
  'time_identifier',
  'geographic_level',
  'country_code',
  'country_name',
  'partnership_id',
  'partnership_name',
  'new_la_code',
  'old_la_code',
  'la_name',
  'indicator',
  'indicator_name',
  'unit',
  'numerator',
  'denominator',
  'value',
  'release_version',
] as const;

/** The columns of EES's meta.csv. */
export const METADATA_COLUMNS = [
  'col_name',
  'col_type',
  'label',
  'indicator_grouping',
  'indicator_unit',
  'indicator_dp',
  'filter_hint',
  'filter_grouping_column',
] as const;

/**
 * The filters and indicators of the data file, as EES's meta.csv describes them (time and
 * geography columns are standard and not listed, the partnership columns being this level's
 * geography). `value` holds the unit given on its row, or the GSS symbol in its place.
 */
const METADATA_ROWS: (string | number)[][] = [
  ['indicator', 'Filter', 'Indicator code', '', '', '', 'The indicator’s code (module.name)', ''],
  ['indicator_name', 'Filter', 'Indicator', '', '', '', 'What the indicator measures', ''],
  ['unit', 'Filter', 'Unit', '', '', '', 'count, percentage or days: what value is in', ''],
  ['release_version', 'Filter', 'Release version', '', '', '', 'A correction is a later version', ''],
  ['numerator', 'Indicator', 'Numerator', 'Counts', '', 0, '', ''],
  ['denominator', 'Indicator', 'Denominator', 'Counts', '', 0, '', ''],
  ['value', 'Indicator', 'Value', 'Values', '', '', '', ''],
];

const TERM_NAMES: Record<string, string> = { autumn: 'Autumn term', spring: 'Spring term', summer: 'Summer term' };

/** `2025-26-autumn` → time_period `202526`, time_identifier `Autumn term`. */
export function timePeriod(periodCode: string): { timePeriod: string; timeIdentifier: string } {
  const [start, end, term] = periodCode.split('-');
  return { timePeriod: `${start}${end}`, timeIdentifier: TERM_NAMES[term] ?? term };
}

const line = (cells: (string | number | null)[]) => cells.map(csvCell).join(',');
const csv = (head: readonly string[], rows: (string | number | null)[][]) =>
  `${[line([...head]), ...rows.map(line)].join('\r\n')}\r\n`;

/** Figures in a fixed order: indicator, the partnership's figure first, then LAs by number. */
export function sortFigures<T extends Pick<OpenDataFigure, 'indicatorCode' | 'laNumber'>>(figures: T[]): T[] {
  return [...figures].sort(
    (a, b) =>
      (a.indicatorCode < b.indicatorCode ? -1 : a.indicatorCode > b.indicatorCode ? 1 : 0) ||
      (a.laNumber ?? '').localeCompare(b.laNumber ?? ''),
  );
}

/** The tidy data file: one row per figure, the GSS symbol in the value column where a value is withheld. */
export function dataCsv(r: OpenDataRelease): string {
  const t = timePeriod(r.period.code);
  return csv(
    DATA_COLUMNS,
    sortFigures(r.figures).map((f) => [
      t.timePeriod,
      t.timeIdentifier,
      f.level === 'partnership' ? 'Partnership' : 'Local authority',
      ENGLAND.code,
      ENGLAND.name,
      r.partnershipId,
      r.partnershipName,
      f.gssCode,
      f.laNumber,
      f.laName,
      f.indicatorCode,
      f.indicatorName,
      f.unit,
      f.numerator,
      f.denominator,
      f.value ?? f.symbol,
      r.version,
    ]),
  );
}

/** The metadata file (EES meta.csv columns). */
export function metadataCsv(): string {
  return csv(METADATA_COLUMNS, METADATA_ROWS);
}

/** The method note and the symbol key, in plain text, beside the data file. */
export function methodText(r: OpenDataRelease): string {
  const lines = [
    `${r.partnershipName}: ${r.period.name}, version ${r.version}`,
    `Published ${r.publishedAt}`,
    ...(r.correctionReason ? [`Corrects version ${r.replacesVersion}: ${r.correctionReason}`] : []),
    '',
    'How the figures were controlled for disclosure',
    ...r.methodNote,
    '',
    'Symbols in the value column',
    ...OPEN_DATA_SYMBOLS.map((s) => `${s.symbol}: ${s.meaning.toLowerCase()}`),
    '',
    `Files: data.csv (${DATA_COLUMNS.length} columns, one row per figure) and metadata.csv (EES meta.csv columns).`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The file name of a release version's file: the term, the partnership's id, the version. */
export function openDataFilename(r: OpenDataRelease, file: OpenDataFileName): string {
  return `rep-hub-open-data-${r.period.code}-${r.partnershipId.slice(0, 8)}-v${r.version}-${file}`;
}

/** One of a release version's files, its bytes depending only on the release as published. */
export function openDataFile(r: OpenDataRelease, file: OpenDataFileName): OpenDataFile {
  const body = file === 'data.csv' ? dataCsv(r) : file === 'metadata.csv' ? metadataCsv() : methodText(r);
  const contentType = file === 'method.txt' ? 'text/plain; charset=utf-8' : 'text/csv; charset=utf-8';
  return { body, contentType, filename: openDataFilename(r, file) };
}

const state = (f: OpenDataFigure): OpenDataFigureState => ({
  numerator: f.numerator,
  denominator: f.denominator,
  value: f.value,
  symbol: f.symbol,
});
const figureKey = (f: OpenDataFigure) => `${f.indicatorCode}\u001f${f.laNumber ?? ''}`;
const sameState = (a: OpenDataFigureState, b: OpenDataFigureState) =>
  a.numerator === b.numerator && a.denominator === b.denominator && a.value === b.value && a.symbol === b.symbol;

/** What a correction changed, per indicator and geography: changed, added or removed, in the files' order. */
export function releaseChanges(before: OpenDataFigure[], after: OpenDataFigure[]): OpenDataChange[] {
  const old = new Map(before.map((f) => [figureKey(f), f]));
  const now = new Map(after.map((f) => [figureKey(f), f]));
  const out: OpenDataChange[] = [];
  for (const f of sortFigures([...after, ...before.filter((b) => !now.has(figureKey(b)))])) {
    const was = old.get(figureKey(f));
    const is = now.get(figureKey(f));
    if (was && is && sameState(state(was), state(is))) continue;
    out.push({
      indicatorCode: f.indicatorCode,
      indicatorName: f.indicatorName,
      unit: f.unit,
      level: f.level,
      laNumber: f.laNumber,
      gssCode: f.gssCode,
      laName: f.laName,
      change: was && is ? 'changed' : is ? 'added' : 'removed',
      before: was ? state(was) : null,
      after: is ? state(is) : null,
    });
  }
  return out;
}

/** A strong ETag of a file's bytes (the same release gives the same bytes, so the same tag). */
export function openDataEtag(body: string): string {
  return `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
}
