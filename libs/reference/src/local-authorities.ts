/**
 * English local authorities with children's services (education) responsibility: DfE three-digit
 * LA number, name, ONS/GSS code and region, as versioned code lists.
 *
 * Source: DfE's geography lookup for Explore Education Statistics
 * (dfe-analytical-services/dfe-published-data-qa, data/las.csv: new_la_code, la_name,
 * date_of_operation, date_of_termination, parent_geography_code, old_la_code), cross-checked with
 * dfe-analytical-services/dfeR data-raw/old_la_codes.csv and python-stdnum's UPN LA-number set.
 * Names are DfE statistical names (e.g. 'Bristol, City of'), which publications key on.
 *
 * Versions:
 *  - '2021-04'  2021-04-01 .. 2023-03-31  152 LAs (after the Northamptonshire split)
 *  - '2023-04'  2023-04-01 .. 2025-04-30  153 LAs (Cumberland, Westmorland and Furness; North
 *                Yorkshire and Somerset become unitary with new GSS codes, same LA numbers)
 *  - '2025-05'  2025-05-01 ..             153 LAs (Barnsley and Sheffield get new GSS codes
 *                E08000038 / E08000039 after a boundary change; DfE lookup dates 2025-05-01)
 */
import type { CodeList, CodeListEntry, DateInput } from './code-list';
import { sortVersions, versionInForce } from './code-list';
import { ENGLISH_REGIONS, type EnglishRegionName } from './regions';

export type LocalAuthorityType = 'unitary_authority' | 'metropolitan_district' | 'london_borough' | 'county_council';

export interface LocalAuthority extends CodeListEntry {
  /** DfE three-digit LA number, as a string (e.g. '202'). */
  readonly code: string;
  /** Name as used in DfE statistics. */
  readonly label: string;
  /** ONS/GSS code in force for this version (E06/E08/E09/E10...). */
  readonly gssCode: string;
  /** Earlier GSS codes of the same authority (same LA number), newest last. */
  readonly previousGssCodes?: readonly string[];
  /** GSS code of the region (E12...). */
  readonly regionCode: string;
  readonly region: EnglishRegionName;
  readonly authorityType: LocalAuthorityType;
}

export const LOCAL_AUTHORITIES_LIST_ID = 'local-authorities';

type Row = readonly [laNumber: string, name: string, gss: string, region: RegionKey, previousGss?: readonly string[]];
type RegionKey = 'NE' | 'NW' | 'YH' | 'EM' | 'WM' | 'EE' | 'LN' | 'SE' | 'SW';

const REGION_CODES: Record<RegionKey, string> = {
  NE: 'E12000001',
  NW: 'E12000002',
  YH: 'E12000003',
  EM: 'E12000004',
  WM: 'E12000005',
  EE: 'E12000006',
  LN: 'E12000007',
  SE: 'E12000008',
  SW: 'E12000009',
};

function authorityTypeOf(gss: string): LocalAuthorityType {
  switch (gss.slice(0, 3)) {
    case 'E06':
      return 'unitary_authority';
    case 'E08':
      return 'metropolitan_district';
    case 'E09':
      return 'london_borough';
    case 'E10':
      return 'county_council';
    default:
      throw new Error(`Unexpected GSS code for an English LA: ${gss}`);
  }
}

function toLocalAuthority(row: Row): LocalAuthority {
  const [code, label, gssCode, regionKey, previousGssCodes] = row;
  const regionCode = REGION_CODES[regionKey];
  const region = ENGLISH_REGIONS.find((r) => r.code === regionCode);
  if (!region) throw new Error(`Unknown region ${regionCode}`);
  return {
    code,
    label,
    gssCode,
    ...(previousGssCodes && previousGssCodes.length > 0 ? { previousGssCodes } : {}),
    regionCode,
    region: region.label,
    authorityType: authorityTypeOf(gssCode),
  };
}

/** The 153 LAs as in force from 1 April 2023 (GSS codes as before the 2025 Barnsley/Sheffield change). */
const ROWS_2023: readonly Row[] = [
  // London boroughs and the City of London (E09), London
  ['201', 'City of London', 'E09000001', 'LN'],
  ['202', 'Camden', 'E09000007', 'LN'],
  ['203', 'Greenwich', 'E09000011', 'LN'],
  ['204', 'Hackney', 'E09000012', 'LN'],
  ['205', 'Hammersmith and Fulham', 'E09000013', 'LN'],
  ['206', 'Islington', 'E09000019', 'LN'],
  ['207', 'Kensington and Chelsea', 'E09000020', 'LN'],
  ['208', 'Lambeth', 'E09000022', 'LN'],
  ['209', 'Lewisham', 'E09000023', 'LN'],
  ['210', 'Southwark', 'E09000028', 'LN'],
  ['211', 'Tower Hamlets', 'E09000030', 'LN'],
  ['212', 'Wandsworth', 'E09000032', 'LN'],
  ['213', 'Westminster', 'E09000033', 'LN'],
  ['301', 'Barking and Dagenham', 'E09000002', 'LN'],
  ['302', 'Barnet', 'E09000003', 'LN'],
  ['303', 'Bexley', 'E09000004', 'LN'],
  ['304', 'Brent', 'E09000005', 'LN'],
  ['305', 'Bromley', 'E09000006', 'LN'],
  ['306', 'Croydon', 'E09000008', 'LN'],
  ['307', 'Ealing', 'E09000009', 'LN'],
  ['308', 'Enfield', 'E09000010', 'LN'],
  ['309', 'Haringey', 'E09000014', 'LN'],
  ['310', 'Harrow', 'E09000015', 'LN'],
  ['311', 'Havering', 'E09000016', 'LN'],
  ['312', 'Hillingdon', 'E09000017', 'LN'],
  ['313', 'Hounslow', 'E09000018', 'LN'],
  ['314', 'Kingston upon Thames', 'E09000021', 'LN'],
  ['315', 'Merton', 'E09000024', 'LN'],
  ['316', 'Newham', 'E09000025', 'LN'],
  ['317', 'Redbridge', 'E09000026', 'LN'],
  ['318', 'Richmond upon Thames', 'E09000027', 'LN'],
  ['319', 'Sutton', 'E09000029', 'LN'],
  ['320', 'Waltham Forest', 'E09000031', 'LN'],
  // Metropolitan districts (E08)
  ['330', 'Birmingham', 'E08000025', 'WM'],
  ['331', 'Coventry', 'E08000026', 'WM'],
  ['332', 'Dudley', 'E08000027', 'WM'],
  ['333', 'Sandwell', 'E08000028', 'WM'],
  ['334', 'Solihull', 'E08000029', 'WM'],
  ['335', 'Walsall', 'E08000030', 'WM'],
  ['336', 'Wolverhampton', 'E08000031', 'WM'],
  ['340', 'Knowsley', 'E08000011', 'NW'],
  ['341', 'Liverpool', 'E08000012', 'NW'],
  ['342', 'St. Helens', 'E08000013', 'NW'],
  ['343', 'Sefton', 'E08000014', 'NW'],
  ['344', 'Wirral', 'E08000015', 'NW'],
  ['350', 'Bolton', 'E08000001', 'NW'],
  ['351', 'Bury', 'E08000002', 'NW'],
  ['352', 'Manchester', 'E08000003', 'NW'],
  ['353', 'Oldham', 'E08000004', 'NW'],
  ['354', 'Rochdale', 'E08000005', 'NW'],
  ['355', 'Salford', 'E08000006', 'NW'],
  ['356', 'Stockport', 'E08000007', 'NW'],
  ['357', 'Tameside', 'E08000008', 'NW'],
  ['358', 'Trafford', 'E08000009', 'NW'],
  ['359', 'Wigan', 'E08000010', 'NW'],
  ['370', 'Barnsley', 'E08000016', 'YH'],
  ['371', 'Doncaster', 'E08000017', 'YH'],
  ['372', 'Rotherham', 'E08000018', 'YH'],
  ['373', 'Sheffield', 'E08000019', 'YH'],
  ['380', 'Bradford', 'E08000032', 'YH'],
  ['381', 'Calderdale', 'E08000033', 'YH'],
  ['382', 'Kirklees', 'E08000034', 'YH'],
  ['383', 'Leeds', 'E08000035', 'YH'],
  ['384', 'Wakefield', 'E08000036', 'YH'],
  ['390', 'Gateshead', 'E08000037', 'NE', ['E08000020']],
  ['391', 'Newcastle upon Tyne', 'E08000021', 'NE'],
  ['392', 'North Tyneside', 'E08000022', 'NE'],
  ['393', 'South Tyneside', 'E08000023', 'NE'],
  ['394', 'Sunderland', 'E08000024', 'NE'],
  // Unitary authorities (E06)
  ['420', 'Isles of Scilly', 'E06000053', 'SW'],
  ['800', 'Bath and North East Somerset', 'E06000022', 'SW'],
  ['801', 'Bristol, City of', 'E06000023', 'SW'],
  ['802', 'North Somerset', 'E06000024', 'SW'],
  ['803', 'South Gloucestershire', 'E06000025', 'SW'],
  ['805', 'Hartlepool', 'E06000001', 'NE'],
  ['806', 'Middlesbrough', 'E06000002', 'NE'],
  ['807', 'Redcar and Cleveland', 'E06000003', 'NE'],
  ['808', 'Stockton-on-Tees', 'E06000004', 'NE'],
  ['810', 'Kingston upon Hull, City of', 'E06000010', 'YH'],
  ['811', 'East Riding of Yorkshire', 'E06000011', 'YH'],
  ['812', 'North East Lincolnshire', 'E06000012', 'YH'],
  ['813', 'North Lincolnshire', 'E06000013', 'YH'],
  ['815', 'North Yorkshire', 'E06000065', 'YH', ['E10000023']],
  ['816', 'York', 'E06000014', 'YH'],
  ['821', 'Luton', 'E06000032', 'EE'],
  ['822', 'Bedford', 'E06000055', 'EE'],
  ['823', 'Central Bedfordshire', 'E06000056', 'EE'],
  ['825', 'Buckinghamshire', 'E06000060', 'SE', ['E10000002']],
  ['826', 'Milton Keynes', 'E06000042', 'SE'],
  ['831', 'Derby', 'E06000015', 'EM'],
  ['838', 'Dorset', 'E06000059', 'SW'],
  ['839', 'Bournemouth, Christchurch and Poole', 'E06000058', 'SW'],
  ['840', 'County Durham', 'E06000047', 'NE'],
  ['841', 'Darlington', 'E06000005', 'NE'],
  ['846', 'Brighton and Hove', 'E06000043', 'SE'],
  ['851', 'Portsmouth', 'E06000044', 'SE'],
  ['852', 'Southampton', 'E06000045', 'SE'],
  ['856', 'Leicester', 'E06000016', 'EM'],
  ['857', 'Rutland', 'E06000017', 'EM'],
  ['861', 'Stoke-on-Trent', 'E06000021', 'WM'],
  ['865', 'Wiltshire', 'E06000054', 'SW'],
  ['866', 'Swindon', 'E06000030', 'SW'],
  ['867', 'Bracknell Forest', 'E06000036', 'SE'],
  ['868', 'Windsor and Maidenhead', 'E06000040', 'SE'],
  ['869', 'West Berkshire', 'E06000037', 'SE'],
  ['870', 'Reading', 'E06000038', 'SE'],
  ['871', 'Slough', 'E06000039', 'SE'],
  ['872', 'Wokingham', 'E06000041', 'SE'],
  ['874', 'Peterborough', 'E06000031', 'EE'],
  ['876', 'Halton', 'E06000006', 'NW'],
  ['877', 'Warrington', 'E06000007', 'NW'],
  ['879', 'Plymouth', 'E06000026', 'SW'],
  ['880', 'Torbay', 'E06000027', 'SW'],
  ['882', 'Southend-on-Sea', 'E06000033', 'EE'],
  ['883', 'Thurrock', 'E06000034', 'EE'],
  ['884', 'Herefordshire, County of', 'E06000019', 'WM'],
  ['887', 'Medway', 'E06000035', 'SE'],
  ['889', 'Blackburn with Darwen', 'E06000008', 'NW'],
  ['890', 'Blackpool', 'E06000009', 'NW'],
  ['892', 'Nottingham', 'E06000018', 'EM'],
  ['893', 'Shropshire', 'E06000051', 'WM'],
  ['894', 'Telford and Wrekin', 'E06000020', 'WM'],
  ['895', 'Cheshire East', 'E06000049', 'NW'],
  ['896', 'Cheshire West and Chester', 'E06000050', 'NW'],
  ['908', 'Cornwall', 'E06000052', 'SW'],
  ['921', 'Isle of Wight', 'E06000046', 'SE'],
  ['929', 'Northumberland', 'E06000057', 'NE', ['E06000048']],
  ['933', 'Somerset', 'E06000066', 'SW', ['E10000027']],
  ['940', 'North Northamptonshire', 'E06000061', 'EM'],
  ['941', 'West Northamptonshire', 'E06000062', 'EM'],
  ['942', 'Cumberland', 'E06000063', 'NW'],
  ['943', 'Westmorland and Furness', 'E06000064', 'NW'],
  // County councils (E10)
  ['830', 'Derbyshire', 'E10000007', 'EM'],
  ['845', 'East Sussex', 'E10000011', 'SE'],
  ['850', 'Hampshire', 'E10000014', 'SE'],
  ['855', 'Leicestershire', 'E10000018', 'EM'],
  ['860', 'Staffordshire', 'E10000028', 'WM'],
  ['873', 'Cambridgeshire', 'E10000003', 'EE'],
  ['878', 'Devon', 'E10000008', 'SW'],
  ['881', 'Essex', 'E10000012', 'EE'],
  ['885', 'Worcestershire', 'E10000034', 'WM'],
  ['886', 'Kent', 'E10000016', 'SE'],
  ['888', 'Lancashire', 'E10000017', 'NW'],
  ['891', 'Nottinghamshire', 'E10000024', 'EM'],
  ['916', 'Gloucestershire', 'E10000013', 'SW'],
  ['919', 'Hertfordshire', 'E10000015', 'EE'],
  ['925', 'Lincolnshire', 'E10000019', 'EM'],
  ['926', 'Norfolk', 'E10000020', 'EE'],
  ['931', 'Oxfordshire', 'E10000025', 'SE'],
  ['935', 'Suffolk', 'E10000029', 'EE'],
  ['936', 'Surrey', 'E10000030', 'SE'],
  ['937', 'Warwickshire', 'E10000031', 'WM'],
  ['938', 'West Sussex', 'E10000032', 'SE'],
];

function byLaNumber(a: LocalAuthority, b: LocalAuthority): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

const ENTRIES_2023: readonly LocalAuthority[] = ROWS_2023.map(toLocalAuthority).sort(byLaNumber);

/** From 1 May 2025: Barnsley and Sheffield carry new GSS codes (boundary change between them). */
const GSS_CHANGES_2025: Readonly<Record<string, string>> = {
  '370': 'E08000038',
  '373': 'E08000039',
};

const ENTRIES_2025: readonly LocalAuthority[] = ENTRIES_2023.map((la) => {
  const newGss = GSS_CHANGES_2025[la.code];
  if (newGss === undefined) return la;
  return {
    ...la,
    gssCode: newGss,
    previousGssCodes: [...(la.previousGssCodes ?? []), la.gssCode],
    note: 'New GSS code from 1 May 2025 (Barnsley/Sheffield boundary change), per the DfE geography lookup.',
  };
});

/** 2021-04-01 to 2023-03-31: Cumbria (909) instead of Cumberland and Westmorland and Furness;
 * North Yorkshire and Somerset were county councils with E10 codes. */
const ENTRIES_2021: readonly LocalAuthority[] = [
  ...ENTRIES_2023.filter((la) => la.code !== '942' && la.code !== '943').map((la) => {
    if (la.code === '815') return toLocalAuthority(['815', 'North Yorkshire', 'E10000023', 'YH']);
    if (la.code === '933') return toLocalAuthority(['933', 'Somerset', 'E10000027', 'SW']);
    return la;
  }),
  toLocalAuthority(['909', 'Cumbria', 'E10000006', 'NW']),
].sort(byLaNumber);

const SOURCE =
  'DfE geography lookup (dfe-published-data-qa data/las.csv; dfeR old_la_codes.csv); LA numbers as in GIAS';

export const LOCAL_AUTHORITY_VERSIONS: readonly CodeList<LocalAuthority>[] = sortVersions([
  {
    id: LOCAL_AUTHORITIES_LIST_ID,
    version: '2021-04',
    validFrom: '2021-04-01',
    validTo: '2023-03-31',
    source: SOURCE,
    entries: ENTRIES_2021,
  },
  {
    id: LOCAL_AUTHORITIES_LIST_ID,
    version: '2023-04',
    validFrom: '2023-04-01',
    validTo: '2025-04-30',
    source: SOURCE,
    entries: ENTRIES_2023,
  },
  {
    id: LOCAL_AUTHORITIES_LIST_ID,
    version: '2025-05',
    validFrom: '2025-05-01',
    source: SOURCE,
    entries: ENTRIES_2025,
  },
]);

/** Normalise an LA number given as number or string ('202', 202, ' 202 ', '1' -> '001'). */
export function normaliseLaNumber(laNumber: string | number): string | undefined {
  const text = typeof laNumber === 'number' ? (Number.isInteger(laNumber) ? String(laNumber) : '') : laNumber.trim();
  if (!/^\d{1,3}$/.test(text)) return undefined;
  return text.padStart(3, '0');
}

/** The LAs in force on a date (default: today in England). */
export function localAuthorities(onDate?: DateInput): readonly LocalAuthority[] {
  return versionInForce(LOCAL_AUTHORITY_VERSIONS, onDate)?.entries ?? [];
}

/** The LA with this DfE number in force on a date (default: today), or undefined. */
export function findLocalAuthorityByNumber(laNumber: string | number, onDate?: DateInput): LocalAuthority | undefined {
  const code = normaliseLaNumber(laNumber);
  if (code === undefined) return undefined;
  return localAuthorities(onDate).find((la) => la.code === code);
}

/**
 * The LA with this ONS/GSS code in force on a date (default: today), or undefined.
 * Also matches an earlier GSS code of the same authority (e.g. North Yorkshire's E10000023).
 */
export function findLocalAuthorityByGss(gssCode: string, onDate?: DateInput): LocalAuthority | undefined {
  const key = gssCode.trim().toUpperCase();
  const las = localAuthorities(onDate);
  return las.find((la) => la.gssCode === key) ?? las.find((la) => la.previousGssCodes?.includes(key));
}

// ---------------------------------------------------------------------------------------------
// LA numbers that are no longer in use, and LA numbers that may appear in UPNs.
// ---------------------------------------------------------------------------------------------

export interface FormerLocalAuthority extends CodeListEntry {
  /** DfE three-digit LA number. */
  readonly code: string;
  readonly label: string;
  readonly gssCode: string;
  readonly region: EnglishRegionName;
  /** Last day the authority existed (ISO date). */
  readonly abolishedAfter: string;
  /** LA numbers of the successor authorities. */
  readonly successors: readonly string[];
}

function former(
  code: string,
  label: string,
  gssCode: string,
  regionKey: RegionKey,
  abolishedAfter: string,
  successors: readonly string[],
): FormerLocalAuthority {
  const region = ENGLISH_REGIONS.find((r) => r.code === REGION_CODES[regionKey]);
  if (!region) throw new Error(`Unknown region ${regionKey}`);
  return { code, label, gssCode, region: region.label, abolishedAfter, successors };
}

/**
 * English LAs abolished since UPNs were introduced whose numbers are not reused. Their numbers can
 * still appear in UPNs (characters 2-4) and in old LAESTABs. Source: DfE las.csv (terminated rows).
 */
export const FORMER_LOCAL_AUTHORITIES: readonly FormerLocalAuthority[] = [
  former('820', 'Bedfordshire', 'E10000001', 'EE', '2009-03-31', ['822', '823']),
  former('835', 'Dorset (county council)', 'E10000009', 'SW', '2019-03-31', ['838', '839']),
  former('836', 'Poole', 'E06000029', 'SW', '2019-03-31', ['839']),
  former('837', 'Bournemouth', 'E06000028', 'SW', '2019-03-31', ['839']),
  former('875', 'Cheshire', 'E10000004', 'NW', '2009-03-31', ['895', '896']),
  former('909', 'Cumbria', 'E10000006', 'NW', '2023-03-31', ['942', '943']),
  former('928', 'Northamptonshire', 'E10000021', 'EM', '2021-03-31', ['940', '941']),
];

export type LaNumberKind = 'english_la' | 'former_english_la' | 'welsh_la' | 'pseudo_la';

export interface RecognisedLaNumber extends CodeListEntry {
  /** Three-digit LA number. */
  readonly code: string;
  readonly label: string;
  readonly kind: LaNumberKind;
}

/** Welsh LA numbers (DfE numbering, 660-681). Source: dfeR old_la_codes.csv. */
const WELSH_LA_NUMBERS: readonly (readonly [string, string])[] = [
  ['660', 'Isle of Anglesey'],
  ['661', 'Gwynedd'],
  ['662', 'Conwy'],
  ['663', 'Denbighshire'],
  ['664', 'Flintshire'],
  ['665', 'Wrexham'],
  ['666', 'Powys'],
  ['667', 'Ceredigion'],
  ['668', 'Pembrokeshire'],
  ['669', 'Carmarthenshire'],
  ['670', 'Swansea'],
  ['671', 'Neath Port Talbot'],
  ['672', 'Bridgend'],
  ['673', 'Vale of Glamorgan'],
  ['674', 'Rhondda Cynon Taf'],
  ['675', 'Merthyr Tydfil'],
  ['676', 'Caerphilly'],
  ['677', 'Blaenau Gwent'],
  ['678', 'Torfaen'],
  ['679', 'Monmouthshire'],
  ['680', 'Newport'],
  ['681', 'Cardiff'],
];

/** DfE 'pseudo LA' numbers accepted in UPNs (001-005, 701-708). Meanings other than 702 unverified. */
const PSEUDO_LA_NUMBERS: readonly string[] = [
  '001',
  '002',
  '003',
  '004',
  '005',
  '701',
  '702',
  '703',
  '704',
  '705',
  '706',
  '707',
  '708',
];

function buildRecognisedLaNumbers(): readonly RecognisedLaNumber[] {
  const result = new Map<string, RecognisedLaNumber>();
  // Every English LA number that has been in force in any version of the list.
  for (const version of LOCAL_AUTHORITY_VERSIONS) {
    for (const la of version.entries) {
      if (!result.has(la.code)) result.set(la.code, { code: la.code, label: la.label, kind: 'english_la' });
    }
  }
  for (const la of FORMER_LOCAL_AUTHORITIES) {
    // Cumbria (909) is in the 2021-04 version and also abolished: it is a former LA.
    result.set(la.code, { code: la.code, label: la.label, kind: 'former_english_la' });
  }
  for (const [code, label] of WELSH_LA_NUMBERS) {
    result.set(code, { code, label, kind: 'welsh_la' });
  }
  for (const code of PSEUDO_LA_NUMBERS) {
    result.set(
      code,
      code === '702'
        ? { code, label: 'British Forces Post Office overseas establishments', kind: 'pseudo_la' }
        : {
            code,
            label: `DfE pseudo-LA code ${code}`,
            kind: 'pseudo_la',
            provisional: true,
            note: 'Accepted by DfE UPN validation (CIN rule 1530) as a pseudo-LA code; meaning not verified.',
          },
    );
  }
  return [...result.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/**
 * LA numbers accepted in characters 2-4 of a UPN (and in LAESTABs): DfE's rule for UPNs is
 * "a valid post April 1998 LA code or a recognised pseudo LA code" (CIN census validation rule 1530,
 * 2023-24 ruleset: 001-005, 201-213, 301-320, 330-336, 340-344, 350-359, 370-373, 380-384,
 * 390-394, 420, 660-681, 701-708, 800-803, 805-808, 810-813, 815, 816, 820-823, 825, 826, 830,
 * 831, 835-839, 840, 841, 845, 846, 850-852, 855-857, 860, 861, 865-896, 908, 909, 916, 919, 921,
 * 925, 926, 928, 929, 931, 933, 935-938, 940-943). This is a superset of python-stdnum's set.
 */
export const RECOGNISED_LA_NUMBERS: readonly RecognisedLaNumber[] = buildRecognisedLaNumbers();

export const RECOGNISED_LA_NUMBERS_LIST: CodeList<RecognisedLaNumber> = {
  id: 'recognised-la-numbers',
  version: '2023-24',
  // Cumulative: every LA number that can appear in a UPN issued since UPNs began (1999).
  validFrom: '1998-04-01',
  source: 'DfE CIN census validation rule 1530 (2023-24); DfE las.csv; dfeR old_la_codes.csv',
  entries: RECOGNISED_LA_NUMBERS,
};

const RECOGNISED_LA_NUMBER_SET: ReadonlySet<string> = new Set(RECOGNISED_LA_NUMBERS.map((e) => e.code));

/** True when the number can appear as an LA number in a UPN or LAESTAB (current, former, Welsh or pseudo). */
export function isRecognisedLaNumber(laNumber: string | number): boolean {
  const code = normaliseLaNumber(laNumber);
  return code !== undefined && RECOGNISED_LA_NUMBER_SET.has(code);
}

/** Describe a recognised LA number (current, former, Welsh or pseudo), or undefined. */
export function findRecognisedLaNumber(laNumber: string | number): RecognisedLaNumber | undefined {
  const code = normaliseLaNumber(laNumber);
  return code === undefined ? undefined : RECOGNISED_LA_NUMBERS.find((e) => e.code === code);
}
