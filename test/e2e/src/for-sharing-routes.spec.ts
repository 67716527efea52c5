import { INestApplication, RequestMethod } from '@nestjs/common';
import { INTERCEPTORS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ApiSurfaceModule } from '@rep-hub/api-surface';
import { appCoreModules } from '@rep-hub/auth';
import { FOR_SHARING, ForSharingInterceptor } from '@rep-hub/disclosure';
import { createTestApp } from '@rep-hub/platform/testing';
import { WebSurfaceModule } from '@rep-hub/web-surface';
import { PRODUCT_API_MODULES, PRODUCT_WEB_MODULES } from './product';

interface Route {
  route: string;
  forSharing: boolean;
  interceptors: unknown[];
}

/** Every route of both surfaces, with its for-sharing mark and the interceptors on its handler. */
function routes(app: INestApplication): Route[] {
  const out: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!type) continue;
      const base = ((Reflect.getMetadata(PATH_METADATA, type) as string | undefined) ?? '').replace(/^\/+|\/+$/g, '');
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = Object.getOwnPropertyDescriptor(type.prototype, name)?.value as unknown;
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (sub === undefined) continue;
        const path = `/${[base, sub.replace(/^\/+|\/+$/g, '')].filter(Boolean).join('/')}`;
        out.push({
          route: `${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]} ${path}`,
          forSharing: Reflect.getMetadata(FOR_SHARING, handler) === true,
          interceptors: (Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? [],
        });
      }
    }
  }
  return out.sort((a, b) => a.route.localeCompare(b.route));
}

/** The National Board's routes (and the lead's page of the decisions the board sends): the national layer's, not a partnership's output. */
const NATIONAL = /^\w+ \/(api\/v1\/)?(national|board-decisions)(\/|$)/;
/** Open data and the public inclusion dashboard: the national layer's published releases for anyone, read as the open-data role. */
const OPEN_DATA = /^\w+ \/((api\/v1\/public\/)?open-data|inclusion-dashboard)(\/|$)/;

/**
 * Figures that leave a partnership go through disclosure control (issue 19): every route marked
 * @ForSharing() has the interceptor that sends only a file made from a controlled release, every
 * route whose path says it shares or publishes is marked, and every other file download is listed
 * here as the partnership's own, so a new export must be put on one side or the other on purpose.
 */
describe('routes whose output leaves the partnership', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp((config) => [
      ...appCoreModules(config, 'test', { jobs: 'producer' }),
      ApiSurfaceModule,
      ...PRODUCT_API_MODULES,
      WebSurfaceModule,
      ...PRODUCT_WEB_MODULES,
    ]);
  });
  afterAll(() => app?.close());

  it('are marked, and each sends only what disclosure control made', () => {
    const all = routes(app);
    expect(all.length).toBeGreaterThan(15);
    const marked = all.filter((r) => r.forSharing);
    expect(marked.map((r) => r.route)).toEqual([
      'GET /ap/measures/for-sharing',
      'GET /api/v1/ap/measures/export/for-sharing',
    ]);
    for (const r of marked) expect([r.route, r.interceptors.includes(ForSharingInterceptor)]).toEqual([r.route, true]);
    // a path that says it shares or publishes is marked; the National Board's own routes (and the
    // decisions it sends a partnership) are not a partnership's output: see the last test
    const sounds = all.filter(
      (r) =>
        !NATIONAL.test(r.route) &&
        !OPEN_DATA.test(r.route) &&
        /for-sharing|\/shared|\/publish|open-data|\/board|dashboard/.test(r.route),
    );
    expect(sounds.filter((r) => !r.forSharing).map((r) => r.route)).toEqual([]);
  });

  it('leaves every other download inside the partnership, by name', () => {
    const downloads = routes(app).filter(
      (r) =>
        !r.forSharing &&
        !NATIONAL.test(r.route) &&
        !OPEN_DATA.test(r.route) &&
        /export|download|template|pdf|csv|xlsx/i.test(r.route),
    );
    // the partnership's own files: templates to fill in, subject access drafts (a pupil's, an adult's) and the access log for the DPO, the unsuppressed measures,
    // the lead's regional view of plans (plans and places, no child's record), an evaluation indicator's values over time,
    // the template of submitted figures and an evidence return's figures for the partnership's own members (unsuppressed:
    // what leaves is the publisher's controlled release); workforce coverage's counts per LA for the partnership's own leads and
    // officers and the upload templates a training provider fills in; and a published plan's PDF, public by design
    expect(downloads.map((r) => r.route)).toEqual([
      'GET /ap/attendance/template',
      'GET /ap/measures/download',
      'GET /ap/subject-access/:pupilId/draft.pdf',
      'GET /api/v1/ap/attendance-uploads/template',
      'GET /api/v1/ap/measures/export',
      'GET /api/v1/ap/subject-access/pupils/:id/pdf',
      'GET /api/v1/evaluation/returns/:returnId/export',
      'GET /api/v1/evaluation/submitted-uploads/template',
      'GET /api/v1/plans/regional/export',
      'GET /api/v1/subject-access/people/:id/pdf',
      'GET /api/v1/workforce/coverage/export',
      'GET /api/v1/workforce/upload-template.csv',
      'GET /api/v1/workforce/upload-template.xlsx',
      'GET /audit/access/download',
      'GET /evaluation/indicators/:code/download',
      'GET /evaluation/indicators/template',
      'GET /evaluation/returns/:returnId/export',
      'GET /inclusion-plans/:partnership/versions/:publishedVersionId/pdf',
      'GET /plans/regional/export',
      'GET /subject-access/people/:personId/draft.pdf',
      'GET /workforce/coverage/download',
      'GET /workforce/upload-template.csv',
      'GET /workforce/upload-template.xlsx',
    ]);
  });

  it('gives the National Board files made only from published releases, read as the board role', () => {
    // the board's routes read through UnitOfWork.forBoard: a database role that reads the national
    // schema's published, disclosure-controlled releases and no tenant table (national walls specs)
    const downloads = routes(app).filter(
      (r) => NATIONAL.test(r.route) && /pdf|csv|xlsx|export|download/i.test(r.route),
    );
    expect(downloads.map((r) => r.route)).toEqual([
      'GET /api/v1/national/board-packs/:packId/pdf',
      'GET /api/v1/national/board-packs/:packId/xlsx',
      'GET /national/board-packs/:packId/pdf',
      'GET /national/board-packs/:packId/xlsx',
    ]);
  });

  it('gives anyone open data files made only from published releases, read as the open-data role', () => {
    // read through UnitOfWork.forOpenData: a database role that may read national.releases and
    // release_figures (each controlled for disclosure before it left its partnership) and nothing else
    const downloads = routes(app).filter((r) => OPEN_DATA.test(r.route) && /csv|txt|xlsx|pdf/i.test(r.route));
    expect(downloads.map((r) => r.route)).toEqual([
      'GET /api/v1/public/open-data/releases/:releaseId/data.csv',
      'GET /api/v1/public/open-data/releases/:releaseId/metadata.csv',
      'GET /api/v1/public/open-data/releases/:releaseId/method.txt',
      'GET /open-data/releases/:releaseId/data.csv',
      'GET /open-data/releases/:releaseId/metadata.csv',
      'GET /open-data/releases/:releaseId/method.txt',
    ]);
  });
});
