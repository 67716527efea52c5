/** What the local partnership pages and the meeting pages share: labels, the 403 on another LA's forms, the flash-and-redirect. */
import { ForbiddenException } from '@nestjs/common';
import { LocalPartnershipsService } from '@rep-hub/plans-domain';
import { problem } from '@rep-hub/platform';
import { saveSession, WebRequest } from '@rep-hub/web-surface';
import type { Response } from 'express';

export const MEETING_LABEL: Record<string, string> = { planned: 'Planned', held: 'Held', cancelled: 'Cancelled' };
export const MEETING_TAG: Record<string, string> = {
  planned: 'govuk-tag--blue',
  held: 'govuk-tag--green',
  cancelled: 'govuk-tag--grey',
};

/** 403 on a form page of another LA's local partnership (the service refuses the post the same way). */
export function mayEdit(lps: LocalPartnershipsService, laId: string): void {
  if (!lps.may('update', laId))
    throw new ForbiddenException(
      problem(403, 'You can change the local partnership of your own local authority only.'),
    );
}

/** Flashes the confirmation and redirects (303) after a post. */
export async function done(req: WebRequest, res: Response, to: string, heading: string, text?: string) {
  req.session.flash = text ? { heading, text } : { heading };
  await saveSession(req);
  return res.redirect(303, to);
}
