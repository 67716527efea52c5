import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { WorkforceApiModule } from '../workforce-api.module';

/** Each test partnership's training provider organisation (the one its trainer works for), by tenant. */
const TRAINING_PROVIDERS = new Map<string, string>();
export const trainingProviderOf = (p: Partnership): string => TRAINING_PROVIDERS.get(p.tenantId) ?? '';

/**
 * What workforce training adds to each test partnership: a training provider organisation and a
 * member of its staff (`members.trainer`).
 */
export async function workforcePartnership(world: ApiWorld, p: Partnership, label: string): Promise<void> {
  const org = await world.created('post', `/api/v1/admin/tenants/${p.tenantId}/organisations`, {
    kind: 'training_provider',
    name: `${label} trainers`,
  });
  TRAINING_PROVIDERS.set(p.tenantId, org.id);
  p.members.trainer = await world.member(p.tenantId, org.id, 'training_provider_staff', `${label}-trainer`);
}

/** The API with workforce training's routes, for this module's suites. */
export const startWorkforceApiWorld = (
  options: Omit<Parameters<typeof ApiWorld.start>[0] & object, 'modules' | 'partnershipExtras'> = {},
) => ApiWorld.start({ ...options, modules: [WorkforceApiModule], partnershipExtras: [workforcePartnership] });
