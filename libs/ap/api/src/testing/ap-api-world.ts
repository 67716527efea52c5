import { ApiWorld, Partnership } from '@rep-hub/api-surface/testing';
import { ApApiModule } from '../ap-api.module';

/** What AP adds to each test partnership: an AP provider organisation and a member of its staff (`members.provider`). */
export async function apPartnership(world: ApiWorld, p: Partnership, label: string): Promise<void> {
  const provider = await world.created('post', `/api/v1/admin/tenants/${p.tenantId}/organisations`, {
    kind: 'ap_provider',
    name: `${label} provider`,
    ukprn: String(10000000 + Math.floor(Math.random() * 9999999)),
  });
  p.providerId = provider.id;
  p.members.provider = await world.member(p.tenantId, provider.id, 'ap_provider_staff', `${label}-provider`);
}

/** The API with alternative provision's routes, for this module's suites. */
export const startApiWorld = (
  options: Omit<Parameters<typeof ApiWorld.start>[0] & object, 'modules' | 'partnershipExtras'> = {},
) => ApiWorld.start({ ...options, modules: [ApApiModule], partnershipExtras: [apPartnership] });
