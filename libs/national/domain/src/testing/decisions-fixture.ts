import { UnitOfWork } from '@rep-hub/platform';
import { DecisionsStore } from '../decisions.store';

/**
 * Records a board meeting with one open action concerning `partnershipIds` and delivers it (as the
 * board role, through `national.deliver_decisions`, as the board's service does), for suites that
 * need a decision in a partnership. Needs a board connection (BOARD_DATABASE_URL). Returns its id.
 */
export function deliverTestDecision(
  uow: UnitOfWork,
  partnershipIds: string[],
  opts: { heldOn?: string; dueOn?: string; text?: string } = {},
): Promise<string> {
  const heldOn = opts.heldOn ?? '2026-12-01';
  return uow.forBoardWrite(async (m) => {
    const meetingId = await DecisionsStore.insertMeeting(m, heldOn, 'Test meeting of the board', 'Test board member');
    const id = await DecisionsStore.insertDecision(m, {
      meetingId,
      reference: await DecisionsStore.nextReference(m, heldOn),
      text: opts.text ?? 'A test action of the board',
      kind: 'action',
      owner: 'The partnership lead',
      dueOn: opts.dueOn ?? '2027-01-31',
      partnershipIds,
      by: 'Test board member',
    });
    await DecisionsStore.deliver(m, id);
    return id;
  });
}
