import { REFORM_STATUS_LABELS, TEST_STATUS_LABELS } from '@rep-hub/evaluation-domain';

/** The words and GOV.UK tag colours of a reform's status in an LA ('none': nothing recorded). */
export const REFORM_LABELS: Record<string, string> = { ...REFORM_STATUS_LABELS, none: 'Not recorded' };
export const REFORM_TAGS: Record<string, string> = {
  planned: 'govuk-tag--blue',
  active: 'govuk-tag--green',
  paused: 'govuk-tag--yellow',
  stopped: 'govuk-tag--red',
  none: 'govuk-tag--grey',
};

export const TEST_LABELS: Record<string, string> = TEST_STATUS_LABELS;
export const TEST_TAGS: Record<string, string> = {
  planned: 'govuk-tag--blue',
  running: 'govuk-tag--green',
  finished: 'govuk-tag--grey',
  stopped: 'govuk-tag--red',
};
