import { WebWorld } from '@rep-hub/web-surface/testing';
import { ApWebModule } from '../ap-web.module';

/** The web app with alternative provision's pages, for this module's suites. */
export const startWebWorld = () => WebWorld.start({ modules: [ApWebModule] });

/**
 * The panel's decision as an officer records it through its journey's pages: the decision, what it
 * needs (provider, tier and note, or the note), then check answers. Returns each step's answer;
 * the last is the confirmation's (a 303 to the case when it is recorded).
 */
export async function decideThroughPages(
  world: WebWorld,
  agent: Parameters<WebWorld['submit']>[0],
  casePath: string,
  answers: { decision: string; providerId?: string; tier?: string; note?: string },
) {
  const { decision, ...details } = answers;
  const chosen = await world.submit(agent, `${casePath}/decide`, { decision });
  if (chosen.status !== 303) return { chosen, detailed: undefined, confirmed: undefined };
  const detailed = await world.submit(agent, chosen.headers['location'], details as Record<string, string>);
  if (detailed.status !== 303) return { chosen, detailed, confirmed: undefined };
  const confirmed = await world.submit(agent, detailed.headers['location'], {});
  return { chosen, detailed, confirmed };
}
