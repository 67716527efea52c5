import { demoEmail, registerDemoSignIns } from '@rep-hub/tenancy/demo-accounts';

/**
 * AP's accounts in the demo partnerships: each one's provider organisation (fictional) and the
 * manager who signs in for it, registered with the core's demo sign-ins when this file loads (the
 * apps load it with the module; the tests and the screenshots through @rep-hub/ap-domain/demo-accounts).
 */
export const DEMO_PROVIDERS: Record<string, { name: string; ukprn: string; urn: string | null }> = {
  'demo-north-west': { name: 'Irwell Learning Centre (demo)', ukprn: '19900101', urn: null },
  'demo-south-east': { name: 'Harbour Tier Provision (demo)', ukprn: '19900201', urn: '990299' },
};

registerDemoSignIns((p) =>
  DEMO_PROVIDERS[p.slug]
    ? [{ role: 'ap_provider_staff', email: demoEmail(`${p.short}.provider`), partnership: p.name }]
    : [],
);
