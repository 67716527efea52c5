import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { EvaluationApiModule } from '../evaluation-api.module';

/**
 * What evaluation adds to each test partnership: an LA admin of LA one (`members.laAdmin`), beside
 * the core roles (`lead` of LA one, `la1` and `la2` officers of each LA, `school` staff).
 */
export async function evaluationPartnership(world: ApiWorld, p: Partnership, label: string): Promise<void> {
  p.members.laAdmin = await world.member(p.tenantId, p.las[0], 'la_admin', `${label}-laadmin`);
}

/** The API with Change Programme evaluation's routes, for this module's suites and the helpers' ones. */
export const startEvaluationApiWorld = () =>
  ApiWorld.start({ modules: [EvaluationApiModule], partnershipExtras: [evaluationPartnership] });
