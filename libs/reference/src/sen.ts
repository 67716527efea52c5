/**
 * Special educational needs codes (DOMAIN §7.3): type of need and SEN provision.
 * Needs are ranked on a record (1 = primary, 2 = secondary); the ranking is data on the pupil, not
 * part of the code list.
 */
import type { CodeList, CodeListEntry } from './code-list';

export interface SenNeedType extends CodeListEntry {
  /** True where the code is valid in the school census only (not in the SEN2 return). */
  readonly schoolCensusOnly: boolean;
}

export const SEN_NEED_TYPES_LIST: CodeList<SenNeedType> = {
  id: 'sen-need-types',
  version: '2015',
  validFrom: '2015-01-01',
  provisional: true,
  note: 'Codes verified (DOMAIN §7.3). SEMH replaced BESD after the 2014 reforms; the exact start date of this set is not verified.',
  source: 'DfE school census and SEN2 guides (DOMAIN §7.3)',
  entries: [
    { code: 'SPLD', label: 'Specific learning difficulty', schoolCensusOnly: false },
    { code: 'MLD', label: 'Moderate learning difficulty', schoolCensusOnly: false },
    { code: 'SLD', label: 'Severe learning difficulty', schoolCensusOnly: false },
    { code: 'PMLD', label: 'Profound and multiple learning difficulty', schoolCensusOnly: false },
    { code: 'SEMH', label: 'Social, emotional and mental health', schoolCensusOnly: false },
    { code: 'SLCN', label: 'Speech, language and communication needs', schoolCensusOnly: false },
    { code: 'HI', label: 'Hearing impairment', schoolCensusOnly: false },
    { code: 'VI', label: 'Vision impairment', schoolCensusOnly: false },
    { code: 'MSI', label: 'Multi-sensory impairment', schoolCensusOnly: false },
    { code: 'PD', label: 'Physical disability', schoolCensusOnly: false },
    { code: 'ASD', label: 'Autistic spectrum disorder', schoolCensusOnly: false },
    { code: 'OTH', label: 'Other difficulty', schoolCensusOnly: false },
    {
      code: 'NSA',
      label: 'SEN support but no specialist assessment of type of need',
      schoolCensusOnly: true,
      note: 'School census only; not valid in the SEN2 return.',
    },
  ],
};

export const SEN_NEED_TYPES: readonly SenNeedType[] = SEN_NEED_TYPES_LIST.entries;

export const SEN_PROVISION_LIST: CodeList = {
  id: 'sen-provision',
  version: '2015',
  validFrom: '2015-01-01',
  provisional: true,
  note: 'Codes verified. E and K replaced School Action / Action Plus / Statement after the 2014 reforms; the exact first census date is not verified.',
  source: 'DfE school census (DOMAIN §7.3)',
  entries: [
    { code: 'E', label: 'Education, health and care plan' },
    { code: 'K', label: 'SEN support' },
    { code: 'N', label: 'No special educational need' },
  ],
};

export const SEN_PROVISION_CODES: readonly CodeListEntry[] = SEN_PROVISION_LIST.entries;

/** Need-type codes valid in a given collection. */
export function senNeedTypesFor(collection: 'school_census' | 'sen2'): readonly SenNeedType[] {
  return SEN_NEED_TYPES.filter((n) => collection === 'school_census' || !n.schoolCensusOnly);
}
