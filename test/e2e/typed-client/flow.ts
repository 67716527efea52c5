// What an integrator writes with a client generated from /api/docs-json (openapi-typescript +
// openapi-fetch): sign in, list the AP directory, add a provider, open it. api-typed-client.spec.ts
// generates ./generated/api.d.ts from the served document, type-checks this file with
// `tsc --strict --noEmit` (no casts, no `unknown`: a body without a schema would not type-check),
// then runs it against the live API.
import createClient from 'openapi-fetch';
import type { paths } from './generated/api';

export interface FlowResult {
  tenantId: string | null;
  providersBefore: string[];
  created: { id: string; name: string; tiers: string[]; urn: string | null };
  opened: { name: string; canReceiveOffers: boolean; blockedBy: string[] };
}

export async function typedFlow(baseUrl: string, email: string, password: string, urn: string): Promise<FlowResult> {
  const api = createClient<paths>({ baseUrl });

  // the sign-in answers tokens, or a TOTP challenge: the two shapes of its oneOf
  const signIn = await api.POST('/api/v1/auth/login', { body: { email, password } });
  if (!signIn.data) throw new Error(`sign-in refused: ${signIn.error?.detail ?? signIn.response.status}`);
  const session = signIn.data;
  if ('mfaRequired' in session) throw new Error('this account must give a TOTP code first');
  const headers = { Authorization: `Bearer ${session.accessToken}` };

  const list = await api.GET('/api/v1/ap/providers', { params: { query: { limit: 10 } }, headers });
  if (!list.data) throw new Error(`providers: ${list.response.status}`);
  const providersBefore = list.data.items.map((p) => `${p.name} (${p.tiers.join(', ')})`);

  const created = await api.POST('/api/v1/ap/providers', {
    body: { name: 'Typed Client Learning Centre', providerType: 'pru', urn, tiers: ['tier_2'] },
    headers,
  });
  if (!created.data) throw new Error(`create: ${created.error?.detail ?? created.response.status}`);
  const provider = created.data;

  const opened = await api.GET('/api/v1/ap/providers/{id}', { params: { path: { id: provider.id } }, headers });
  if (!opened.data) throw new Error(`open: ${opened.response.status}`);
  const { offerability } = opened.data;

  return {
    tenantId: session.tenantId,
    providersBefore,
    created: { id: provider.id, name: provider.name, tiers: provider.tiers, urn: provider.urn },
    opened: {
      name: opened.data.name,
      canReceiveOffers: offerability.canReceiveOffers,
      blockedBy: offerability.blockedBy.map((b) => `${b.kind}: ${b.reason}`),
    },
  };
}
