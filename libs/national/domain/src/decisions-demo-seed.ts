import { Injectable, Logger } from '@nestjs/common';
import { BoardConnectionUnavailableError, schoolToday, UnitOfWork } from '@rep-hub/platform';
import { DemoSeedStep, SeedsDemo } from '@rep-hub/tenancy';
import { DecisionsStore } from './decisions.store';

const MEETING_TITLE = 'National Board meeting (demo)';

/** Adds days to a YYYY-MM-DD date. */
const plusDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The board's demo: one meeting a fortnight ago with a decision for every partnership and an
 * action for North West, delivered to North West's lead as any decision is. Written as the board
 * role, as the board's pages write; idempotent (nothing when the demo meeting is there).
 */
@Injectable()
@SeedsDemo()
export class DecisionsDemoSeeder implements DemoSeedStep {
  readonly module = 'national-decisions';
  private readonly log = new Logger('DecisionsDemoSeeder');

  constructor(private readonly uow: UnitOfWork) {}

  /** `northWestSlug`: the demo's North West partnership (a test names its own). */
  async seed(northWestSlug = 'demo-north-west'): Promise<number> {
    const [northWest] = (await this.uow.forPlatform(null, (m) =>
      m.query(`SELECT id FROM tenants WHERE slug = $1`, [northWestSlug]),
    )) as { id: string }[];
    if (!northWest) return 0;
    try {
      return await this.uow.forBoardWrite(async (m) => {
        const [seen] = await m.query(`SELECT 1 FROM national.board_meetings WHERE title = $1`, [MEETING_TITLE]);
        if (seen) return 0;
        const heldOn = plusDays(schoolToday(), -14);
        const meetingId = await DecisionsStore.insertMeeting(m, heldOn, MEETING_TITLE, 'National Board secretariat');
        const decision = await DecisionsStore.insertDecision(m, {
          meetingId,
          reference: await DecisionsStore.nextReference(m, heldOn),
          text: 'The board adopts the spring term releases as the baseline for comparing partnerships on time to a placement.',
          kind: 'decision',
          owner: 'Chair of the National Board',
          dueOn: null,
          partnershipIds: [],
          by: 'National Board secretariat',
        });
        const action = await DecisionsStore.insertDecision(m, {
          meetingId,
          reference: await DecisionsStore.nextReference(m, heldOn),
          text: 'North West to set out why its reintegration rate fell in the autumn term, and what it will change, for the next meeting.',
          kind: 'action',
          owner: 'North West partnership lead',
          dueOn: plusDays(heldOn, 42),
          partnershipIds: [northWest.id],
          by: 'National Board secretariat',
        });
        await DecisionsStore.deliver(m, decision);
        await DecisionsStore.deliver(m, action);
        this.log.debug('added the demo board meeting with a decision and an action');
        return 3;
      });
    } catch (error) {
      if (error instanceof BoardConnectionUnavailableError) {
        this.log.warn(`no demo board meeting: ${error.message}`);
        return 0;
      }
      throw error;
    }
  }
}
