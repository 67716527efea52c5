import type { Milestone } from './workforce.model';

export interface NationalProgramme {
  code: string;
  name: string;
  description: string;
  milestones: readonly Milestone[];
  fundingNote: string;
  /** Months to qualify, counted from taking up the post (NPQ for SENCOs: three years). */
  qualificationWindowMonths: number | null;
  /** Months of LA employment after training that funding ties a trainee to, and the first intake it applies to. */
  tieInMonths: number | null;
  tieInFromIntakeYear: number | null;
}

/**
 * The national workforce programmes of the SEND and AP Change Programme (DOMAIN §6), as versioned
 * reference data: a partnership's copy of each names the version it was taken from, so a later
 * version (new funding rules) never rewrites what a partnership already runs.
 */
export const NATIONAL_PROGRAMMES: { version: string; programmes: readonly NationalProgramme[] } = {
  version: '2024-09',
  programmes: [
    {
      code: 'ey_senco_level_3',
      name: 'Early years SENCO level 3',
      description:
        'An accredited level 3 early years SENCO qualification (about 4 months, online), open to level 3 early years educators and childminders.',
      milestones: ['started', 'completed', 'assessed'],
      fundingNote:
        'Fully funded places in the early years SENCO programme, prioritised for the North East and North West.',
      qualificationWindowMonths: null,
      tieInMonths: null,
      tieInFromIntakeYear: null,
    },
    {
      code: 'npq_senco',
      name: 'NPQ for SENCOs',
      description:
        'The mandatory SENCO qualification from 1 September 2024 (replacing NASENCO): 18 to 22 months including assessment.',
      milestones: ['started', 'retained', 'completed', 'assessed'],
      fundingNote: 'Funded places; a SENCO must hold the qualification within three years of taking up the post.',
      qualificationWindowMonths: 36,
      tieInMonths: null,
      tieInFromIntakeYear: null,
    },
    {
      code: 'educational_psychologist',
      name: 'Educational psychologist training',
      description: 'Doctoral training of educational psychologists, in cohorts starting 2024 and 2025.',
      milestones: ['started', 'retained', 'completed', 'assessed'],
      fundingNote: 'Funded trainees from the 2024 cohort stay in local authority employment for at least three years.',
      qualificationWindowMonths: null,
      tieInMonths: 36,
      tieInFromIntakeYear: 2024,
    },
    {
      code: 'supported_internship_job_coach',
      name: 'Supported internship job coach training',
      description: 'Training of job coaches for supported internships (Internships Work consortium).',
      milestones: ['started', 'completed'],
      fundingNote: 'Funded through the supported internships programme to March 2025.',
      qualificationWindowMonths: null,
      tieInMonths: null,
      tieInFromIntakeYear: null,
    },
  ],
};
