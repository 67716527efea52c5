import { appCoreModules, controllersOf, mayGrant, routesOf } from '@rep-hub/auth';
import { RoleRegistry } from '@rep-hub/tenancy';
import { HealthModule } from '@rep-hub/platform';
import { createTestApp } from '@rep-hub/platform/testing';
import { WebSurfaceModule } from '@rep-hub/web-surface';
import { ApiSurfaceModule } from '@rep-hub/api-surface';
import { routeTable } from '@rep-hub/api-surface/testing';
import { PRODUCT_API_MODULES, PRODUCT_WEB_MODULES } from './product';

/**
 * Every route carries a policy or an explicit public marker, and the whole table is a reviewed
 * snapshot: a new route, or a changed permission, fails here until the snapshot is updated on
 * purpose (npm test -- -u) and reviewed in the diff.
 */
describe('route permissions', () => {
  it('has a policy or a public marker on every route, as reviewed', async () => {
    const app = await createTestApp((config) => [
      ...appCoreModules(config, 'test', { jobs: 'producer' }),
      ApiSurfaceModule,
      ...PRODUCT_API_MODULES,
      WebSurfaceModule,
      ...PRODUCT_WEB_MODULES,
    ]);
    try {
      const routes = routeTable(app);
      expect(routes.length).toBeGreaterThan(15);
      expect(routes.filter((r) => !r.isPublic && !r.policy).map((r) => `${r.method} ${r.path}`)).toEqual([]);
      const lines = routes.map(
        (r) =>
          `${r.method.padEnd(6)} ${r.path.padEnd(56)} ${(r.isPublic ? 'PUBLIC' : `${r.policy!.action} ${r.policy!.subject}`).padEnd(28)} ${r.controller}.${r.handler}`,
      );
      expect(lines.join('\n')).toMatchSnapshot();
      // who may grant what (issue 20): each role of the app, with who may give it in an organisation of a local authority
      const roles = app.get(RoleRegistry);
      const place = { id: 'la-a', kind: 'local_authority', localAuthorityId: null };
      const granters = {
        'platform admin': { platformAdmin: true, memberships: [] },
        'partnership lead': {
          platformAdmin: false,
          memberships: [{ role: 'partnership_lead', organisationId: 'la-b' }],
        },
        'LA admin of that LA': { platformAdmin: false, memberships: [{ role: 'la_admin', organisationId: 'la-a' }] },
        'LA admin of another LA': { platformAdmin: false, memberships: [{ role: 'la_admin', organisationId: 'la-b' }] },
        'LA officer of that LA': {
          platformAdmin: false,
          memberships: [{ role: 'la_officer', organisationId: 'la-a' }],
        },
      };
      const grants = roles.roles().map((r) => {
        const who = Object.entries(granters)
          .filter(([, g]) => mayGrant(g, r.code, place, roles.needsTotp(r.code)).allowed)
          .map(([name]) => name);
        return `${r.code.padEnd(28)} given by: ${who.join(', ')}`;
      });
      expect(grants.join('\n')).toMatchSnapshot('who may grant what');
      // npm run routes reads the same table from the modules' metadata, without starting the app
      const statically = routesOf(
        controllersOf([
          ApiSurfaceModule,
          ...PRODUCT_API_MODULES,
          WebSurfaceModule,
          ...PRODUCT_WEB_MODULES,
          HealthModule,
        ]),
      );
      expect(statically.map((r) => `${r.method} ${r.path} ${r.controller}.${r.handler}`)).toEqual(
        routes.map((r) => `${r.method} ${r.path} ${r.controller}.${r.handler}`),
      );
    } finally {
      await app.close();
    }
  });
});
