import { AlertsService } from '@rep-hub/ap-domain';
import { randomUUID } from 'node:crypto';
import { schoolToday, UnitOfWork } from '@rep-hub/platform';
import { periodOf } from '@rep-hub/evaluation-domain';
import {
  apFirstReview,
  apPlacement,
  ApPlacementFixture,
  apProvider,
  apReintegrationFollowUp,
} from '@rep-hub/ap-api/testing';
import { ApiWorld, Partnership, RouteInfo, routeTable } from '@rep-hub/api-surface/testing';
import { insertPlan } from '@rep-hub/plans-domain/testing';
import { insertSentReturn } from '@rep-hub/evaluation-domain/testing';
import { deliverTestDecision } from '@rep-hub/national-domain/testing';
import { localPartnershipOf } from '@rep-hub/plans-api/testing';
import { WorkforceRecords, workforceRecords } from '@rep-hub/workforce-api/testing';
import { PRODUCT_API_MODULES, PRODUCT_PARTNERSHIP_EXTRAS } from './product';

/**
 * The generated cross-tenant suite. Every signed-in, tenant-scoped route of the API must have a
 * fixture here (a later module adds its routes' fixtures in the same way); for each, a user of
 * partnership B against partnership A's ids answers 404, and A's ids never appear in B's lists.
 * Where a route is LA-scoped, an LA officer of A's other LA gets the same treatment.
 */
type Who = keyof Partnership['members'];

interface RecordFixture {
  kind: 'record';
  /** The role that may use the route in its own partnership (so a 404 proves isolation, not role). */
  as: Who;
  path: (a: Partnership) => string;
  laScoped?: { otherLa: Who; path: (a: Partnership) => string };
}

interface ListFixture {
  kind: 'list';
  as: Who;
  path: (a: Partnership) => string;
  /** Ids of A's rows that A's user sees in this list. */
  ownIds: (a: Partnership, body: { items: { id: string }[] }) => string[];
  /** LA-scoped lists: an officer of an LA outside the data-sharing agreement sees none of them either. */
  laScoped?: { otherLa: Who };
}

type Fixture = RecordFixture | ListFixture;

const FIXTURES: Record<string, Fixture> = {
  'GET /api/v1/organisations': {
    kind: 'list',
    as: 'la1',
    path: () => '/api/v1/organisations?limit=100',
    ownIds: (a) => [...a.las, a.schoolId, a.providerId],
  },
  'GET /api/v1/organisations/:id': { kind: 'record', as: 'la1', path: (a) => `/api/v1/organisations/${a.schoolId}` },
  'GET /api/v1/data-sharing-agreements': {
    kind: 'list',
    as: 'lead',
    path: () => '/api/v1/data-sharing-agreements',
    ownIds: (_a, body) => body.items.map((i) => i.id),
  },
  'GET /api/v1/data-sharing-agreements/:id': {
    kind: 'record',
    as: 'lead',
    path: (a) => `/api/v1/data-sharing-agreements/${agreementOf.get(a.tenantId)}`,
  },
  'GET /api/v1/people': {
    kind: 'list',
    as: 'lead',
    path: () => '/api/v1/people?limit=100',
    ownIds: (a) => Object.values(a.members).map((m) => m.userId),
  },
  'GET /api/v1/people/:membershipId': {
    kind: 'record',
    as: 'lead',
    path: (a) => `/api/v1/people/${a.members.workforce.membershipId}`,
  },
  'GET /api/v1/ap/providers': {
    kind: 'list',
    as: 'la1',
    path: () => '/api/v1/ap/providers?limit=100',
    ownIds: (a) => [providerOf.get(a.tenantId)!],
  },
  'GET /api/v1/ap/providers/:id': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/ap/providers/${providerOf.get(a.tenantId)}`,
  },
  // LA-scoped: the partnership's first two LAs share by agreement; its third LA (la3) is outside it
  'GET /api/v1/ap/pupils': {
    kind: 'list',
    as: 'la1',
    path: () => '/api/v1/ap/pupils?limit=100',
    ownIds: (a) => [pupilOf.get(a.tenantId)!],
    laScoped: { otherLa: 'la3' },
  },
  'GET /api/v1/ap/pupils/:id': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/ap/pupils/${pupilOf.get(a.tenantId)}`,
    laScoped: { otherLa: 'la3', path: (a) => `/api/v1/ap/pupils/${pupilOf.get(a.tenantId)}` },
  },
  // the school (of LA two) recorded a UPN LA two holds: a match request for LA two's officers only
  'GET /api/v1/ap/pupil-matches': {
    kind: 'list',
    as: 'la2',
    path: () => '/api/v1/ap/pupil-matches?limit=100',
    ownIds: (_a, body) => body.items.map((i) => i.id),
    laScoped: { otherLa: 'la3' },
  },
  'GET /api/v1/ap/cases': {
    kind: 'list',
    as: 'la1',
    path: () => '/api/v1/ap/cases?limit=100',
    ownIds: (a) => [caseOf.get(a.tenantId)!],
    laScoped: { otherLa: 'la3' },
  },
  'GET /api/v1/ap/cases/:id': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/ap/cases/${caseOf.get(a.tenantId)}`,
    laScoped: { otherLa: 'la3', path: (a) => `/api/v1/ap/cases/${caseOf.get(a.tenantId)}` },
  },
  'GET /api/v1/ap/case-summaries': {
    kind: 'list',
    as: 'lead',
    path: () => '/api/v1/ap/case-summaries?limit=100',
    ownIds: (a) => [caseOf.get(a.tenantId)!],
  },
  'GET /api/v1/ap/la-settings': { kind: 'list', as: 'la1', path: () => '/api/v1/ap/la-settings', ownIds: (a) => a.las },
  'GET /api/v1/ap/la-settings/:laId': { kind: 'record', as: 'la1', path: (a) => `/api/v1/ap/la-settings/${a.las[0]}` },
  // reviews and reintegration follow-ups: the case's LA (and school, provider); never the LA outside the agreement
  'GET /api/v1/ap/cases/:id/reviews': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/ap/cases/${placementOf.get(a.tenantId)!.caseId}/reviews`,
    laScoped: { otherLa: 'la3', path: (a) => `/api/v1/ap/cases/${placementOf.get(a.tenantId)!.caseId}/reviews` },
  },
  'GET /api/v1/ap/reviews': {
    kind: 'list',
    as: 'la1',
    path: () => '/api/v1/ap/reviews?withinDays=365',
    ownIds: (a) => [reviewOf.get(a.tenantId)!],
    laScoped: { otherLa: 'la3' },
  },
  'GET /api/v1/ap/cases/:id/follow-ups': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/ap/cases/${placementOf.get(a.tenantId)!.caseId}/follow-ups`,
    laScoped: { otherLa: 'la3', path: (a) => `/api/v1/ap/cases/${placementOf.get(a.tenantId)!.caseId}/follow-ups` },
  },
  // alerts: the case's LA only (never the LA outside the agreement)
  'GET /api/v1/ap/alerts': {
    kind: 'list',
    as: 'la1',
    path: () => '/api/v1/ap/alerts?limit=100',
    ownIds: (a) => [alertOf.get(a.tenantId)!],
    laScoped: { otherLa: 'la3' },
  },
  'GET /api/v1/ap/alerts/:id': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/ap/alerts/${alertOf.get(a.tenantId)}`,
    laScoped: { otherLa: 'la3', path: (a) => `/api/v1/ap/alerts/${alertOf.get(a.tenantId)}` },
  },
  'GET /api/v1/audit/access': {
    kind: 'list',
    as: 'dpo',
    path: (a) => `/api/v1/audit/access?subjectId=${a.las[0]}`,
    ownIds: (_a, body) => body.items.map((i) => i.id),
  },
  // attendance: read by the placement's LA (and school, provider); uploads and templates are the provider's
  'GET /api/v1/ap/placements/:placementId/attendance': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/ap/placements/${placementOf.get(a.tenantId)!.placementId}/attendance`,
    laScoped: {
      otherLa: 'la3',
      path: (a) => `/api/v1/ap/placements/${placementOf.get(a.tenantId)!.placementId}/attendance`,
    },
  },
  'GET /api/v1/ap/attendance-uploads': {
    kind: 'list',
    as: 'provider',
    path: () => '/api/v1/ap/attendance-uploads',
    ownIds: (_a, body) => body.items.map((i) => i.id),
  },
  'GET /api/v1/ap/attendance-uploads/template': {
    kind: 'record',
    as: 'provider',
    path: (a) => `/api/v1/ap/attendance-uploads/template?format=csv&providerId=${attendanceProviderOf.get(a.tenantId)}`,
  },
  // AP measures are aggregates: B's officer (and A's officer of the LA outside the agreement) asking for A's LA by id gets 404, no numbers
  'GET /api/v1/ap/measures': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/ap/measures?laId=${a.las[0]}`,
    laScoped: { otherLa: 'la3', path: (a) => `/api/v1/ap/measures?laId=${a.las[0]}` },
  },
  'GET /api/v1/ap/measures/export': {
    kind: 'record',
    as: 'lead',
    path: (a) => `/api/v1/ap/measures/export?format=csv&laId=${a.las[1]}`,
    laScoped: { otherLa: 'la3', path: (a) => `/api/v1/ap/measures/export?format=xlsx&laId=${a.las[0]}` },
  },
  'GET /api/v1/ap/measures/export/for-sharing': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/ap/measures/export/for-sharing?format=csv&laId=${a.las[0]}`,
    laScoped: { otherLa: 'la3', path: (a) => `/api/v1/ap/measures/export/for-sharing?format=xlsx&laId=${a.las[0]}` },
  },
  // subject access (the DPO, over every LA) and retention rules (LA officers: their own LA only)
  'GET /api/v1/ap/subject-access/pupils': {
    kind: 'list',
    as: 'dpo',
    path: () => '/api/v1/ap/subject-access/pupils?upn=H801200001001',
    ownIds: (a) => [pupilOf.get(a.tenantId)!],
  },
  'GET /api/v1/ap/subject-access/pupils/:id': {
    kind: 'record',
    as: 'dpo',
    path: (a) => `/api/v1/ap/subject-access/pupils/${placementOf.get(a.tenantId)!.pupilId}`,
  },
  'GET /api/v1/ap/subject-access/pupils/:id/pdf': {
    kind: 'record',
    as: 'dpo',
    path: (a) => `/api/v1/ap/subject-access/pupils/${placementOf.get(a.tenantId)!.pupilId}/pdf`,
  },
  // inclusion plans (plans-publish): sufficiency and the lead's regional view
  'GET /api/v1/plans/:planId/sufficiency': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/plans/${publishedPlanOf.get(a.tenantId)}/sufficiency`,
  },
  'GET /api/v1/plans/regional': {
    kind: 'list',
    as: 'lead',
    path: () => '/api/v1/plans/regional',
    ownIds: (a) => [...a.las, publishedPlanOf.get(a.tenantId)!],
  },
  'GET /api/v1/plans/regional/export': {
    kind: 'list',
    as: 'lead',
    path: () => '/api/v1/plans/regional/export?format=csv',
    ownIds: (a) => [...a.las, publishedPlanOf.get(a.tenantId)!],
  },
  'GET /api/v1/ap/retention-rules': {
    kind: 'list',
    as: 'lead',
    path: () => '/api/v1/ap/retention-rules',
    ownIds: (a) => a.las,
    laScoped: { otherLa: 'la3' },
  }, // local partnerships (every member reads them) and plan actions (issue 21)
  'GET /api/v1/local-partnerships': {
    kind: 'list',
    as: 'la1',
    path: () => '/api/v1/local-partnerships',
    ownIds: (a) => [lpOf.get(a.tenantId)!.id],
  },
  'GET /api/v1/local-partnerships/:id': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/local-partnerships/${lpOf.get(a.tenantId)!.id}`,
  },
  'GET /api/v1/local-partnerships/:id/meetings/:meetingId': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/local-partnerships/${lpOf.get(a.tenantId)!.id}/meetings/${lpOf.get(a.tenantId)!.meetingId}`,
  },
  'GET /api/v1/plan-actions/mine': {
    kind: 'list',
    as: 'school',
    path: () => '/api/v1/plan-actions/mine',
    ownIds: (a) => [actionOf.get(a.tenantId)!],
  },
  'GET /api/v1/plan-actions/:id': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/plan-actions/${actionOf.get(a.tenantId)}`,
  },
  'GET /api/v1/plan-actions': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/plan-actions?planId=${planOf.get(a.tenantId)!.planId}`,
  },
  'GET /api/v1/plans': {
    kind: 'list',
    as: 'lead',
    path: () => '/api/v1/plans',
    ownIds: (a) => [planOf.get(a.tenantId)!.planId],
  },
  'GET /api/v1/plans/:planId': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/plans/${planOf.get(a.tenantId)!.planId}`,
  },
  'GET /api/v1/plans/:planId/versions/:versionId': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/plans/${planOf.get(a.tenantId)!.planId}/versions/${planOf.get(a.tenantId)!.versionId}`,
  },
  // evaluation's reform register and test and learn: A's LA or test in the path answers B 404
  'GET /api/v1/evaluation/reforms': {
    kind: 'list',
    as: 'lead',
    path: () => '/api/v1/evaluation/reforms',
    ownIds: (a) => a.las,
  },
  'GET /api/v1/evaluation/reforms/:reformCode/las/:laId': {
    kind: 'record',
    as: 'la2',
    path: (a) => `/api/v1/evaluation/reforms/banding_tariffs/las/${a.las[0]}`,
  },
  'GET /api/v1/evaluation/tests': {
    kind: 'list',
    as: 'la1',
    path: () => '/api/v1/evaluation/tests',
    ownIds: (a) => [evaluationTestOf.get(a.tenantId)!],
  },
  'GET /api/v1/evaluation/tests/:id': {
    kind: 'record',
    as: 'la2',
    path: (a) => `/api/v1/evaluation/tests/${evaluationTestOf.get(a.tenantId)}`,
  },
  // evaluation: the library's definitions are the same in every partnership (no tenant's ids in them); values and figures are the partnership's
  'GET /api/v1/evaluation/indicators': {
    kind: 'list',
    as: 'la1',
    path: () => '/api/v1/evaluation/indicators',
    ownIds: (a) => [a.tenantId, ...a.las],
  },
  'GET /api/v1/evaluation/indicators/:code/values': {
    kind: 'list',
    as: 'la1',
    path: () => '/api/v1/evaluation/indicators/evaluation.mediation_cases/values',
    ownIds: (a) => [...a.las, figureOf.get(a.tenantId)!],
  },
  'GET /api/v1/evaluation/submitted-values': {
    kind: 'list',
    as: 'lead',
    path: () => '/api/v1/evaluation/submitted-values',
    ownIds: (a) => [figureOf.get(a.tenantId)!],
  },
  'GET /api/v1/evaluation/submitted-uploads/template': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/evaluation/submitted-uploads/template?laId=${a.las[0]}`,
  },
  // evaluation: evidence returns (a sent one per partnership, written straight into the tables)
  // the National Board's decisions that concern the partnership (one delivered to each in the beforeAll)
  'GET /api/v1/board-decisions': {
    kind: 'list',
    as: 'lead',
    path: () => '/api/v1/board-decisions',
    ownIds: (a) => [boardDecisionOf.get(a.tenantId)!],
  },
  'GET /api/v1/evaluation/returns': {
    kind: 'list',
    as: 'la1',
    path: () => '/api/v1/evaluation/returns',
    ownIds: (a) => [returnOf.get(a.tenantId)!],
  },
  'GET /api/v1/evaluation/returns/:returnId': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/evaluation/returns/${returnOf.get(a.tenantId)}`,
  },
  'GET /api/v1/evaluation/returns/:returnId/snapshot': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/evaluation/returns/${returnOf.get(a.tenantId)}/snapshot`,
  },
  'GET /api/v1/evaluation/returns/:returnId/export': {
    kind: 'record',
    as: 'lead',
    path: (a) => `/api/v1/evaluation/returns/${returnOf.get(a.tenantId)}/export?format=csv`,
  },
  // workforce training: a cohort of LA one's places, a participant of LA one and their enrolment (beforeAll)
  'GET /api/v1/workforce/programmes': {
    kind: 'list',
    as: 'workforce',
    path: () => '/api/v1/workforce/programmes',
    ownIds: (a) => [wf(a).programmeId],
  },
  'GET /api/v1/workforce/programmes/:id': {
    kind: 'record',
    as: 'workforce',
    path: (a) => `/api/v1/workforce/programmes/${wf(a).programmeId}`,
  },
  'GET /api/v1/workforce/cohorts': {
    kind: 'list',
    as: 'la1',
    path: () => '/api/v1/workforce/cohorts',
    ownIds: (a) => [wf(a).cohortId],
  },
  'GET /api/v1/workforce/cohorts/:id': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/workforce/cohorts/${wf(a).cohortId}`,
  },
  // a list under A's cohort: B's user gets 404 for the cohort (the LA wall on its rows: the module's suite)
  'GET /api/v1/workforce/cohorts/:id/enrolments': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/workforce/cohorts/${wf(a).cohortId}/enrolments`,
  },
  // bulk uploads: A's upload of its cohort (queued by the fixture); the templates hold nothing of a partnership's
  'GET /api/v1/workforce/cohorts/:cohortId/uploads/:uploadId': {
    kind: 'record',
    as: 'trainer',
    path: (a) => `/api/v1/workforce/cohorts/${wf(a).cohortId}/uploads/${wf(a).uploadId}`,
  },
  'GET /api/v1/workforce/upload-template.csv': {
    kind: 'list',
    as: 'trainer',
    path: () => '/api/v1/workforce/upload-template.csv',
    ownIds: (a) => [a.tenantId, wf(a).cohortId],
  },
  'GET /api/v1/workforce/upload-template.xlsx': {
    kind: 'list',
    as: 'trainer',
    path: () => '/api/v1/workforce/upload-template.xlsx',
    ownIds: (a) => [a.tenantId, wf(a).cohortId],
  },
  'GET /api/v1/workforce/participants': {
    kind: 'list',
    as: 'la1',
    path: () => '/api/v1/workforce/participants',
    ownIds: (a) => [wf(a).participantId],
    laScoped: { otherLa: 'la3' },
  },
  'GET /api/v1/workforce/participants/:id': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/workforce/participants/${wf(a).participantId}`,
    laScoped: { otherLa: 'la3', path: (a) => `/api/v1/workforce/participants/${wf(a).participantId}` },
  },
  'GET /api/v1/workforce/enrolments/:id': {
    kind: 'record',
    as: 'la1',
    path: (a) => `/api/v1/workforce/enrolments/${wf(a).enrolmentId}`,
    laScoped: { otherLa: 'la3', path: (a) => `/api/v1/workforce/enrolments/${wf(a).enrolmentId}` },
  },
  // subject access about an adult (the core's person search, through workforce training's finder): the DPO of LA one;
  // both partnerships hold a "Fixture Participant", and B's DPO finds only B's
  'GET /api/v1/subject-access/people': {
    kind: 'list',
    as: 'dpo',
    path: () => '/api/v1/subject-access/people?name=Fixture%20Participant',
    ownIds: (a) => [wf(a).participantId],
  },
  'GET /api/v1/subject-access/people/:id': {
    kind: 'record',
    as: 'dpo',
    path: (a) => `/api/v1/subject-access/people/${wf(a).participantId}`,
  },
  'GET /api/v1/subject-access/people/:id/pdf': {
    kind: 'record',
    as: 'dpo',
    path: (a) => `/api/v1/subject-access/people/${wf(a).participantId}/pdf`,
  },
  // coverage is counts per LA: B's lead, and A's officer of another LA, see none of A's (or LA one's) figures
  'GET /api/v1/workforce/coverage': {
    kind: 'list',
    as: 'la1',
    path: () => '/api/v1/workforce/coverage',
    ownIds: (a) => [a.las[0]],
    laScoped: { otherLa: 'la3' },
  },
  'GET /api/v1/workforce/coverage/export': {
    kind: 'list',
    as: 'workforce',
    path: () => '/api/v1/workforce/coverage/export?format=csv',
    ownIds: (a) => a.las,
  },
};

/**
 * Writes: B's user sends A's ids (in the path: 404; in the body: a 4xx naming the field or
 * refusing the role), and nothing of A's changes. `otherLa` sends them as A's officer of an LA
 * outside the agreement, for LA-scoped records.
 */
interface WriteFixture {
  as: Who;
  path: (a: Partnership) => string;
  body: (a: Partnership) => object;
  /** 404 when A's id is in the path; otherwise any of 400, 403, 404. */
  inPath: boolean;
  otherLa?: Who;
}

const WRITES: Record<string, WriteFixture> = {
  // workforce training: A's ids in the path (404), or in the body (400 naming the field)
  'POST /api/v1/workforce/programmes': {
    as: 'workforce',
    inPath: false,
    path: () => '/api/v1/workforce/programmes',
    body: (a) => ({ name: 'Theirs', milestones: ['started'], id: wf(a).programmeId }),
  },
  'POST /api/v1/workforce/cohorts': {
    as: 'workforce',
    inPath: false,
    path: () => '/api/v1/workforce/cohorts',
    body: (a) => ({
      programmeId: wf(a).programmeId,
      providerId: a.las[0],
      name: 'Theirs',
      intakeYear: 2026,
      intakeTerm: 'autumn',
      startsOn: '2026-10-05',
      endsOn: '2027-10-05',
      fundedPlaces: 1,
    }),
  },
  'PUT /api/v1/workforce/cohorts/:id/allocations/:laId': {
    as: 'workforce',
    inPath: true,
    path: (a) => `/api/v1/workforce/cohorts/${wf(a).cohortId}/allocations/${a.las[0]}`,
    body: () => ({ places: 0 }),
  },
  'POST /api/v1/workforce/cohorts/:cohortId/uploads': {
    as: 'trainer',
    inPath: true,
    path: (a) => `/api/v1/workforce/cohorts/${wf(a).cohortId}/uploads`,
    body: () => ({}),
  },
  'POST /api/v1/workforce/cohorts/:id/enrolments': {
    as: 'trainer',
    inPath: true,
    path: (a) => `/api/v1/workforce/cohorts/${wf(a).cohortId}/enrolments`,
    body: (a) => ({ participantId: wf(a).participantId }),
  },
  'POST /api/v1/workforce/participants': {
    as: 'trainer',
    inPath: false,
    path: () => '/api/v1/workforce/participants',
    body: (a) => ({ laId: a.las[0], fullName: 'Theirs', workEmail: 'theirs@school.example', role: 'senco' }),
  },
  'POST /api/v1/workforce/enrolments/:id/transitions': {
    as: 'trainer',
    inPath: true,
    path: (a) => `/api/v1/workforce/enrolments/${wf(a).enrolmentId}/transitions`,
    body: () => ({ status: 'withdrawn', reason: 'Theirs' }),
  },
  'POST /api/v1/workforce/enrolments/:id/milestones': {
    as: 'trainer',
    inPath: true,
    path: (a) => `/api/v1/workforce/enrolments/${wf(a).enrolmentId}/milestones`,
    body: () => ({ milestone: 'started', evidenceOn: '2026-10-05' }),
  },
  'POST /api/v1/data-sharing-agreements': {
    as: 'lead',
    inPath: false,
    path: () => '/api/v1/data-sharing-agreements',
    body: (a) => ({
      title: 'Theirs',
      purpose: 'Theirs',
      grants: ['named_pupils'],
      startsOn: '2026-01-01',
      localAuthorityIds: a.las,
    }),
  },
  'POST /api/v1/data-sharing-agreements/:id/confirmations': {
    as: 'la1',
    inPath: true,
    path: (a) => `/api/v1/data-sharing-agreements/${agreementOf.get(a.tenantId)}/confirmations`,
    body: () => ({ version: 3 }),
  },
  'POST /api/v1/data-sharing-agreements/:id/end': {
    as: 'la1',
    inPath: true,
    path: (a) => `/api/v1/data-sharing-agreements/${agreementOf.get(a.tenantId)}/end`,
    body: () => ({ version: 3 }),
  },
  // people: B's lead (and LA admins) with A's organisation in the body (400) or A's role in the path (404)
  'POST /api/v1/people': {
    as: 'lead',
    inPath: false,
    path: () => '/api/v1/people',
    body: (a) => ({
      displayName: 'Not theirs',
      email: 'not.theirs@people.example',
      organisationId: a.las[0],
      role: 'workforce_lead',
    }),
  },
  'PATCH /api/v1/people/:membershipId': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/people/${a.members.workforce.membershipId}`,
    body: () => ({ role: 'workforce_lead', version: 1 }),
  },
  'POST /api/v1/people/:membershipId/end': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/people/${a.members.workforce.membershipId}/end`,
    body: () => ({ version: 1 }),
  },
  'POST /api/v1/people/:membershipId/invite': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/people/${a.members.workforce.membershipId}/invite`,
    body: () => ({}),
  },
  'PUT /api/v1/plans/:planId/sufficiency': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/plans/${publishedPlanOf.get(a.tenantId)}/sufficiency`,
    body: (a) => ({
      laId: a.las[1],
      placeType: 'special_school',
      academicYear: '2026/27',
      currentPlaces: 1,
      forecastDemand: 2,
    }),
  },
  'POST /api/v1/ap/providers': {
    as: 'lead',
    inPath: false,
    path: () => '/api/v1/ap/providers',
    body: (a) => ({
      name: 'Theirs',
      providerType: 'pru',
      ukprn: '10012345',
      tiers: ['tier_2'],
      organisationId: a.providerId,
    }),
  },
  'POST /api/v1/ap/providers/:id/quality-checks': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/ap/providers/${providerOf.get(a.tenantId)}/quality-checks`,
    body: () => ({ kind: 'insurance', checkedOn: '2026-09-01', expiresOn: '2027-08-31' }),
  },
  'PUT /api/v1/ap/providers/:id/places': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/ap/providers/${providerOf.get(a.tenantId)}/places`,
    body: (a) => ({ laId: a.las[0], tier: 'tier_2', academicYear: '2026/27', places: 99 }),
  },
  'POST /api/v1/ap/pupils': {
    as: 'la1',
    inPath: false,
    path: () => '/api/v1/ap/pupils',
    body: (a) => ({
      laId: a.las[0],
      upnUnknownReason: 'UN2',
      givenName: 'Theirs',
      familyName: 'Pupil',
      dateOfBirth: '2014-02-02',
    }),
  },
  'PATCH /api/v1/ap/pupils/:id': {
    as: 'la1',
    inPath: true,
    otherLa: 'la3',
    path: (a) => `/api/v1/ap/pupils/${pupilOf.get(a.tenantId)}`,
    body: () => ({ version: 1, givenName: 'Theirs' }),
  },
  'POST /api/v1/ap/pupil-matches/:id/resolve': {
    as: 'la2',
    inPath: true,
    otherLa: 'la3',
    path: (a) => `/api/v1/ap/pupil-matches/${matchOf.get(a.tenantId)}/resolve`,
    body: () => ({ outcome: 'different_children' }),
  },
  'POST /api/v1/ap/cases': {
    as: 'la1',
    inPath: false,
    path: () => '/api/v1/ap/cases',
    body: (a) => ({
      route: 'la_commission',
      pupilId: pupilOf.get(a.tenantId),
      reason: 'medical_needs',
      requestedTier: 'tier_2',
      familyViews: 'x',
      childViews: 'x',
    }),
  },
  'POST /api/v1/ap/cases/:id/transitions': {
    as: 'la1',
    inPath: true,
    otherLa: 'la3',
    path: (a) => `/api/v1/ap/cases/${caseOf.get(a.tenantId)}/transitions`,
    body: () => ({ action: 'withdraw', note: 'Not theirs to withdraw' }),
  },
  'PUT /api/v1/ap/la-settings/:laId': {
    as: 'la1',
    inPath: true,
    path: (a) => `/api/v1/ap/la-settings/${a.las[0]}`,
    body: () => ({ tier2Weeks: 3 }),
  },
  'POST /api/v1/ap/alerts/:id/close': {
    as: 'la1',
    inPath: true,
    otherLa: 'la3',
    path: (a) => `/api/v1/ap/alerts/${alertOf.get(a.tenantId)}/close`,
    body: () => ({ decision: 'cme_referral_not_needed', note: 'Not theirs to decide', version: 1 }),
  },
  // valid bodies, so that only the walls can refuse them
  'POST /api/v1/ap/cases/:id/reviews': {
    as: 'la1',
    inPath: true,
    otherLa: 'la3',
    path: (a) => `/api/v1/ap/cases/${placementOf.get(a.tenantId)!.caseId}/reviews`,
    body: () => ({ dueOn: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10) }),
  },
  'POST /api/v1/ap/reviews/:id/record': {
    as: 'la1',
    inPath: true,
    otherLa: 'la3',
    path: (a) => `/api/v1/ap/reviews/${reviewOf.get(a.tenantId)}/record`,
    body: () => ({
      heldOn: new Date().toISOString().slice(0, 10),
      attendees: ['Not theirs (officer)'],
      progress: 'x',
      nextSteps: 'x',
      version: 1,
    }),
  },
  'POST /api/v1/ap/reviews/:id/cancel': {
    as: 'la1',
    inPath: true,
    otherLa: 'la3',
    path: (a) => `/api/v1/ap/reviews/${reviewOf.get(a.tenantId)}/cancel`,
    body: () => ({ reason: 'Not theirs to cancel', version: 1 }),
  },
  'PUT /api/v1/ap/reviews/:id': {
    as: 'la1',
    inPath: true,
    otherLa: 'la3',
    path: (a) => `/api/v1/ap/reviews/${reviewOf.get(a.tenantId)}`,
    body: () => ({ dueOn: new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10), version: 1 }),
  },
  'POST /api/v1/ap/follow-ups/:id/record': {
    as: 'la1',
    inPath: true,
    otherLa: 'la3',
    path: (a) => `/api/v1/ap/follow-ups/${followUpOf.get(a.tenantId)}/record`,
    body: () => ({ outcome: 'held', recordedOn: new Date().toISOString().slice(0, 10), version: 1 }),
  },
  'PUT /api/v1/ap/placements/:placementId/attendance': {
    as: 'provider',
    inPath: true,
    path: (a) => `/api/v1/ap/placements/${placementOf.get(a.tenantId)!.placementId}/attendance`,
    body: () => ({ sessions: [{ date: '2026-11-02', session: 'AM', code: 'O' }] }),
  },
  // a JSON body carries no file (400); a file naming A's case reference is refused in ap-attendance.spec.ts
  'POST /api/v1/ap/attendance-uploads': {
    as: 'provider',
    inPath: false,
    path: () => '/api/v1/ap/attendance-uploads',
    body: (a) => ({ providerId: attendanceProviderOf.get(a.tenantId) }),
  },
  'PUT /api/v1/ap/retention-rules/:laId/:recordType': {
    as: 'la1',
    inPath: true,
    otherLa: 'la3',
    path: (a) => `/api/v1/ap/retention-rules/${a.las[0]}/attendance`,
    body: () => ({ retainMonths: 1, action: 'delete' }),
  }, // local partnerships and plan actions: valid bodies, so that only the walls can refuse them
  'POST /api/v1/local-partnerships': {
    as: 'lead',
    inPath: false,
    path: () => '/api/v1/local-partnerships',
    body: (a) => ({ laId: a.las[1], name: 'Not theirs' }),
  },
  'PUT /api/v1/local-partnerships/:id': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/local-partnerships/${lpOf.get(a.tenantId)!.id}`,
    body: () => ({ name: 'Not theirs', version: 1 }),
  },
  'POST /api/v1/local-partnerships/:id/members': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/local-partnerships/${lpOf.get(a.tenantId)!.id}/members`,
    body: () => ({ kind: 'icb', name: 'Not theirs' }),
  },
  'PUT /api/v1/local-partnerships/:id/members/:memberId': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/local-partnerships/${lpOf.get(a.tenantId)!.id}/members/${lpOf.get(a.tenantId)!.memberId}`,
    body: () => ({ kind: 'icb', name: 'Not theirs', version: 1 }),
  },
  'POST /api/v1/local-partnerships/:id/members/:memberId/representatives': {
    as: 'lead',
    inPath: true,
    path: (a) =>
      `/api/v1/local-partnerships/${lpOf.get(a.tenantId)!.id}/members/${lpOf.get(a.tenantId)!.memberId}/representatives`,
    body: () => ({ fullName: 'Not theirs' }),
  },
  'PUT /api/v1/local-partnerships/:id/representatives/:representativeId': {
    as: 'lead',
    inPath: true,
    path: (a) =>
      `/api/v1/local-partnerships/${lpOf.get(a.tenantId)!.id}/representatives/${lpOf.get(a.tenantId)!.representativeId}`,
    body: () => ({ fullName: 'Not theirs', version: 1 }),
  },
  'POST /api/v1/local-partnerships/:id/meetings': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/local-partnerships/${lpOf.get(a.tenantId)!.id}/meetings`,
    body: () => ({ title: 'Not theirs', heldOn: '2027-01-01' }),
  },
  'PUT /api/v1/local-partnerships/:id/meetings/:meetingId': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/local-partnerships/${lpOf.get(a.tenantId)!.id}/meetings/${lpOf.get(a.tenantId)!.meetingId}`,
    body: () => ({ title: 'Not theirs', heldOn: '2027-01-01', version: 1 }),
  },
  'PUT /api/v1/local-partnerships/:id/meetings/:meetingId/attendance': {
    as: 'lead',
    inPath: true,
    path: (a) =>
      `/api/v1/local-partnerships/${lpOf.get(a.tenantId)!.id}/meetings/${lpOf.get(a.tenantId)!.meetingId}/attendance`,
    body: () => ({ entries: [], version: 1 }),
  },
  'POST /api/v1/local-partnerships/:id/meetings/:meetingId/papers': {
    as: 'lead',
    inPath: true,
    path: (a) =>
      `/api/v1/local-partnerships/${lpOf.get(a.tenantId)!.id}/meetings/${lpOf.get(a.tenantId)!.meetingId}/papers`,
    body: () => ({ title: 'Not theirs', summary: 'Not theirs' }),
  },
  'POST /api/v1/local-partnerships/:id/meetings/:meetingId/decisions': {
    as: 'lead',
    inPath: true,
    path: (a) =>
      `/api/v1/local-partnerships/${lpOf.get(a.tenantId)!.id}/meetings/${lpOf.get(a.tenantId)!.meetingId}/decisions`,
    body: () => ({ decision: 'Not theirs' }),
  },
  'POST /api/v1/plan-actions': {
    as: 'lead',
    inPath: false,
    path: () => '/api/v1/plan-actions',
    body: (a) => ({
      planId: planOf.get(a.tenantId),
      title: 'Not theirs',
      sectionKey: 'outcomes',
      ownerOrganisationId: a.schoolId,
      dueOn: '2027-03-31',
    }),
  },
  // evaluation: B's officer naming A's LA in the body (404), or A's figure in the path (404)
  'POST /api/v1/evaluation/submitted-values': {
    as: 'la1',
    inPath: false,
    path: () => '/api/v1/evaluation/submitted-values',
    body: (a) => ({
      laId: a.las[0],
      indicatorCode: 'evaluation.mediation_cases',
      period: CURRENT_PERIOD,
      numerator: 1,
    }),
  },
  'PUT /api/v1/evaluation/submitted-values/:id': {
    as: 'la1',
    inPath: true,
    path: (a) => `/api/v1/evaluation/submitted-values/${figureOf.get(a.tenantId)}`,
    body: () => ({ numerator: 1, version: 1 }),
  },
  // a JSON body carries no file; A's LA named: 404
  'POST /api/v1/evaluation/submitted-uploads': {
    as: 'la1',
    inPath: false,
    path: () => '/api/v1/evaluation/submitted-uploads',
    body: (a) => ({ laId: a.las[0] }),
  },
  'PUT /api/v1/plan-actions/:id': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/plan-actions/${actionOf.get(a.tenantId)}`,
    body: () => ({ status: 'done', version: 1 }),
  },
  // inclusion plans: B's lead with A's LAs in the body (400) or A's plan in the path (404)
  'POST /api/v1/plans': {
    as: 'lead',
    inPath: false,
    path: () => '/api/v1/plans',
    body: (a) => ({
      title: 'Theirs',
      periodStart: '2026-04-01',
      periodEnd: '2029-03-31',
      reviewOn: '2027-03-31',
      laIds: [a.las[1]],
    }),
  },
  'POST /api/v1/plans/:planId/versions': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/plans/${planOf.get(a.tenantId)!.planId}/versions`,
    body: () => ({ changeSummary: 'Theirs' }),
  },
  'PUT /api/v1/plans/:planId/versions/:versionId/sections/:sectionId': {
    as: 'lead',
    inPath: true,
    path: (a) => {
      const x = planOf.get(a.tenantId)!;
      return `/api/v1/plans/${x.planId}/versions/${x.versionId}/sections/${x.sectionId}`;
    },
    body: () => ({ body: 'Theirs', themes: [], version: 1 }),
  },
  'POST /api/v1/plans/:planId/versions/:versionId/transitions': {
    as: 'lead',
    inPath: true,
    path: (a) =>
      `/api/v1/plans/${planOf.get(a.tenantId)!.planId}/versions/${planOf.get(a.tenantId)!.versionId}/transitions`,
    body: () => ({ action: 'co_produce' }),
  },
  'POST /api/v1/plans/:planId/versions/:versionId/sign-offs': {
    as: 'lead',
    inPath: true,
    path: (a) =>
      `/api/v1/plans/${planOf.get(a.tenantId)!.planId}/versions/${planOf.get(a.tenantId)!.versionId}/sign-offs`,
    body: (a) => ({ memberId: a.las[0], decision: 'signed_off' }),
  },
  // evaluation: B's lead with A's LA or test in the path (404) or A's LAs in the body (400)
  'PUT /api/v1/evaluation/reforms/:reformCode/las/:laId': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/evaluation/reforms/banding_tariffs/las/${a.las[0]}`,
    body: () => ({ status: 'stopped', reason: 'Theirs', changedOn: '2026-11-01', version: 1 }),
  },
  'POST /api/v1/evaluation/tests': {
    as: 'lead',
    inPath: false,
    path: () => '/api/v1/evaluation/tests',
    body: (a) => ({
      title: 'Theirs',
      reformCode: 'mediation',
      hypothesis: 'Theirs',
      laIds: [a.las[0]],
      startsOn: '2026-09-01',
      endsOn: '2027-07-31',
    }),
  },
  'PUT /api/v1/evaluation/tests/:id': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/evaluation/tests/${evaluationTestOf.get(a.tenantId)}`,
    body: () => ({ findings: 'Theirs', version: 1 }),
  },
  'POST /api/v1/evaluation/tests/:id/results': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/evaluation/tests/${evaluationTestOf.get(a.tenantId)}/results`,
    body: () => ({ recordedOn: '2026-11-01', summary: 'Theirs' }),
  },
  // evaluation: evidence returns, A's sent return in the path (404 before any stage or role check)
  'POST /api/v1/evaluation/returns': {
    as: 'la1',
    inPath: false,
    path: () => '/api/v1/evaluation/returns',
    body: () => ({ period: '2025-26-spring' }),
  },
  'PUT /api/v1/evaluation/returns/:returnId/narrative': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/evaluation/returns/${returnOf.get(a.tenantId)}/narrative`,
    body: () => ({ narrative: 'Theirs', version: 1 }),
  },
  'PUT /api/v1/evaluation/returns/:returnId/ratings': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/evaluation/returns/${returnOf.get(a.tenantId)}/ratings`,
    body: () => ({ ratings: [], version: 1 }),
  },
  'POST /api/v1/evaluation/returns/:returnId/assemble': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/evaluation/returns/${returnOf.get(a.tenantId)}/assemble`,
    body: () => ({ version: 1 }),
  },
  'POST /api/v1/evaluation/returns/:returnId/la-sign-offs': {
    as: 'la1',
    inPath: true,
    path: (a) => `/api/v1/evaluation/returns/${returnOf.get(a.tenantId)}/la-sign-offs`,
    body: (a) => ({ laId: a.las[0], version: 1 }),
  },
  'POST /api/v1/evaluation/returns/:returnId/lead-sign-off': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/evaluation/returns/${returnOf.get(a.tenantId)}/lead-sign-off`,
    body: () => ({ version: 1 }),
  },
  'POST /api/v1/evaluation/returns/:returnId/send': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/evaluation/returns/${returnOf.get(a.tenantId)}/send`,
    body: () => ({ version: 1 }),
  },
  'POST /api/v1/evaluation/returns/:returnId/corrections': {
    as: 'lead',
    inPath: true,
    path: (a) => `/api/v1/evaluation/returns/${returnOf.get(a.tenantId)}/corrections`,
    body: () => ({ reason: 'Theirs', version: 1 }),
  },
};

const matchOf = new Map<string, string>();
/** The local partnership of LA one (with a member, a representative and a meeting), a plan of LA one and an action of it owned by the school. */
const lpOf = new Map<string, { id: string; memberId: string; representativeId: string; meetingId: string }>();
const actionOf = new Map<string, string>();
/** A test and learn record of LA one per partnership, and LA one's status of banding (version 1). */
const evaluationTestOf = new Map<string, string>();
/** The National Board's action delivered to each partnership. */
const boardDecisionOf = new Map<string, string>();
/** A sent evidence return per partnership. */
const returnOf = new Map<string, string>();

/** The National Board's own subjects: a platform role's, in no partnership (no tenant's data). */
const BOARD_ONLY_SUBJECTS = new Set(['NationalRelease', 'BoardPack', 'BoardDecision']);
const boardOnly = (r: RouteInfo) => BOARD_ONLY_SUBJECTS.has(r.policy?.subject ?? '');

/** Routes outside the tenant scope: own-session routes, the platform admin's onboarding and the National Board's. */
const NOT_TENANT_DATA = (r: RouteInfo) =>
  r.isPublic ||
  r.policy?.action === 'authenticated' ||
  r.path.startsWith('/api/v1/admin/') ||
  boardOnly(r) ||
  r.path.startsWith('/api/v1/national/') ||
  !r.path.startsWith('/api/');

/** A submitted figure of LA one per partnership (evaluation), this term's. */
const figureOf = new Map<string, string>();
const CURRENT_PERIOD = periodOf(schoolToday()).code;
const agreementOf = new Map<string, string>();
/** A local inclusion plan of LA one per partnership, its first version (a draft) and a section of it. */
const planOf = new Map<string, { planId: string; versionId: string; sectionId: string }>();
/** A plan of LA two, published, per partnership (written straight into the tables: the plans suites' fixture). */
const publishedPlanOf = new Map<string, string>();
const providerOf = new Map<string, string>();
const pupilOf = new Map<string, string>();
const caseOf = new Map<string, string>();
/** An active tier 2 placement per partnership (LA one's commission at the provider organisation), for the oversight routes. */
const placementOf = new Map<string, ApPlacementFixture>();
/** That placement's first review (scheduled when it started), and a follow-up of another placement that ended with a return to school. */
const reviewOf = new Map<string, string>();
const followUpOf = new Map<string, string>();
/** The directory entry of that placement's provider (its staff's attendance uploads and templates). */
const attendanceProviderOf = new Map<string, string>();
/** That placement's attendance alert (raised by the clocks in the beforeAll). */
const alertOf = new Map<string, string>();
/** Each partnership's workforce records (a cohort, a participant of LA one, their enrolment). */
const workforceOf = new Map<string, WorkforceRecords>();
const wf = (p: Partnership) => workforceOf.get(p.tenantId)!;

describe('cross-tenant isolation of every tenant route', () => {
  let world: ApiWorld;
  let a: Partnership;
  let b: Partnership;
  let routes: RouteInfo[];

  beforeAll(async () => {
    world = await ApiWorld.start({
      modules: PRODUCT_API_MODULES,
      partnershipExtras: PRODUCT_PARTNERSHIP_EXTRAS,
    });
    a = await world.partnership('xa', ['330', '331']);
    b = await world.partnership('xb', ['800', '801']);
    for (const p of [a, b]) {
      // proposed by the lead, confirmed by both LAs: in force (version 3)
      agreementOf.set(p.tenantId, await world.agreementInForce(p, ['partnership_view', 'named_pupils']));
      const plan = await insertPlan(world.app, p.tenantId, {
        title: `Plan of ${p.tenantId.slice(0, 8)}`,
        las: [p.las[1]], // LA one's plan is the one the plans routes write (an LA is in one plan)
        versions: [{ status: 'published' }],
      });
      publishedPlanOf.set(p.tenantId, plan.planId);
      returnOf.set(p.tenantId, await insertSentReturn(world.app, p.tenantId, '2025-26-autumn'));
      const provider = await world.http
        .post('/api/v1/ap/providers')
        .set('Authorization', `Bearer ${p.members.lead.token}`)
        .send({
          name: `Provider of ${p.tenantId.slice(0, 8)}`,
          providerType: 'pru',
          urn: p === a ? '135791' : '135792',
          tiers: ['tier_2'],
        });
      expect(provider.status).toBe(201);
      providerOf.set(p.tenantId, provider.body.id);
      const pupil = await world.http
        .post('/api/v1/ap/pupils')
        .set('Authorization', `Bearer ${p.members.la1.token}`)
        .send({
          laId: p.las[0],
          upn: 'H801200001001',
          givenName: 'Cross',
          familyName: 'Tenant',
          dateOfBirth: '2014-02-02',
        });
      expect(pupil.status).toBe(201);
      pupilOf.set(p.tenantId, pupil.body.id);
      for (const who of ['la2', 'school'] as const) {
        const r = await world.http
          .post('/api/v1/ap/pupils')
          .set('Authorization', `Bearer ${p.members[who].token}`)
          .send({
            laId: p.las[1],
            upn: 'B801200005001',
            givenName: 'Cross',
            familyName: 'Match',
            dateOfBirth: '2014-02-02',
          });
        expect(r.status).toBe(201);
      }
      const apCase = await world.http
        .post('/api/v1/ap/cases')
        .set('Authorization', `Bearer ${p.members.la1.token}`)
        .send({
          route: 'la_commission',
          pupilId: pupil.body.id,
          reason: 'medical_needs',
          requestedTier: 'tier_2',
          familyViews: 'Agree',
          childViews: 'Agree',
        });
      expect(apCase.status).toBe(201);
      caseOf.set(p.tenantId, apCase.body.id);
      // a third LA, outside the data-sharing agreement: the cross-LA half of the suite
      const la3 = await world.created('post', `/api/v1/admin/tenants/${p.tenantId}/organisations`, {
        kind: 'local_authority',
        name: 'Third LA',
        laNumber: p === a ? '332' : '802',
      });
      p.members['la3'] = await world.member(p.tenantId, la3.id, 'la_officer', 'x-la3');
      placementOf.set(p.tenantId, await apPlacement(world, p, await apProvider(world, p), { startedDaysAgo: 14 }));
      reviewOf.set(p.tenantId, await apFirstReview(world, p, placementOf.get(p.tenantId)!));
      followUpOf.set(p.tenantId, await apReintegrationFollowUp(world, p, placementOf.get(p.tenantId)!));
      // the provider's first attendance upload: the uploads list's fixture
      const placed = await world.http
        .get(`/api/v1/ap/cases/${placementOf.get(p.tenantId)!.caseId}`)
        .set('Authorization', `Bearer ${p.members.provider.token}`);
      attendanceProviderOf.set(p.tenantId, placed.body.providerId);
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const uploaded = await world.http
        .post('/api/v1/ap/attendance-uploads')
        .set('Authorization', `Bearer ${p.members.provider.token}`)
        .attach(
          'file',
          Buffer.from(`case_reference,date,session,code\n${placed.body.reference},${yesterday},AM,/\n`),
          'attendance.csv',
        );
      expect(uploaded.status).toBe(201);
      // the clocks for today: the placement's sessions since it started are not all in, so an attendance alert
      const today = new Date().toISOString().slice(0, 10);
      const raised = await world.app
        .get(UnitOfWork)
        .forTenant({ tenantId: p.tenantId, laIds: p.las }, (m) =>
          world.app.get(AlertsService).raiseAlerts(m, p.tenantId, today),
        );
      alertOf.set(
        p.tenantId,
        raised.find(
          (x) => x.kind === 'attendance_missing' && x.placementId === placementOf.get(p.tenantId)!.placementId,
        )!.id,
      );
    }
    for (const p of [a, b]) {
      const plan = await world.http
        .post('/api/v1/plans')
        .set('Authorization', `Bearer ${p.members.lead.token}`)
        .send({
          title: 'Cross-tenant plan',
          periodStart: '2026-04-01',
          periodEnd: '2029-03-31',
          reviewOn: '2027-03-31',
          laIds: [p.las[0]],
        });
      expect(plan.status).toBe(201);
      const version = await world.http
        .get(`/api/v1/plans/${plan.body.id}/versions/${plan.body.versions[0].id}`)
        .set('Authorization', `Bearer ${p.members.lead.token}`);
      planOf.set(p.tenantId, {
        planId: plan.body.id,
        versionId: version.body.id,
        sectionId: version.body.sections[0].id,
      });
      lpOf.set(p.tenantId, await localPartnershipOf(world, p));
      const action = await world.http
        .post('/api/v1/plan-actions')
        .set('Authorization', `Bearer ${p.members.la1.token}`)
        .send({
          planId: planOf.get(p.tenantId)!.planId,
          title: 'Cross-tenant action',
          sectionKey: 'outcomes',
          ownerOrganisationId: p.schoolId,
          dueOn: '2027-03-31',
        });
      expect(action.status).toBe(201);
      actionOf.set(p.tenantId, action.body.id);
      const figure = await world.http
        .post('/api/v1/evaluation/submitted-values')
        .set('Authorization', `Bearer ${p.members.la1.token}`)
        .send({ indicatorCode: 'evaluation.mediation_cases', period: CURRENT_PERIOD, numerator: 7 });
      expect(figure.status).toBe(200);
      figureOf.set(p.tenantId, figure.body.id);
    }
    for (const p of [a, b]) {
      const matches = await world.http
        .get('/api/v1/ap/pupil-matches')
        .set('Authorization', `Bearer ${p.members.la2.token}`);
      expect(matches.body.items.length).toBeGreaterThan(0);
      matchOf.set(p.tenantId, matches.body.items[0].id);
    }
    for (const p of [a, b]) {
      const lead = (r: ReturnType<ApiWorld['http']['get']>) => r.set('Authorization', `Bearer ${p.members.lead.token}`);
      const status = await lead(world.http.put(`/api/v1/evaluation/reforms/banding_tariffs/las/${p.las[0]}`)).send({
        status: 'active',
        changedOn: '2026-09-01',
        version: 0,
      });
      expect(status.status).toBe(200);
      const test = await lead(world.http.post('/api/v1/evaluation/tests')).send({
        title: 'Cross-tenant test',
        reformCode: 'banding_tariffs',
        hypothesis: 'Bands make funding predictable.',
        laIds: [p.las[0]],
        startsOn: '2026-09-01',
        endsOn: '2027-07-31',
      });
      expect(test.status).toBe(201);
      evaluationTestOf.set(p.tenantId, test.body.id);
    }
    for (const p of [a, b]) workforceOf.set(p.tenantId, await workforceRecords(world, p));
    for (const p of [a, b])
      boardDecisionOf.set(p.tenantId, await deliverTestDecision(world.app.get(UnitOfWork), [p.tenantId]));
    routes = routeTable(world.app);
  });
  afterAll(() => world?.close());

  const call = (method: string, path: string, token: string) => {
    const http = world.http as unknown as Record<string, (p: string) => ReturnType<ApiWorld['http']['get']>>;
    return http[method.toLowerCase()](path).set('Authorization', `Bearer ${token}`);
  };

  it('has a fixture for every tenant-scoped route (add one when you add a route)', () => {
    const tenantRoutes = routes.filter((r) => !NOT_TENANT_DATA(r)).map((r) => `${r.method} ${r.path}`);
    const reads = tenantRoutes.filter((r) => r.startsWith('GET '));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((r) => !FIXTURES[r])).toEqual([]);
    const writes = tenantRoutes.filter((r) => !r.startsWith('GET '));
    expect(writes.filter((r) => !WRITES[r])).toEqual([]);
  });

  it("refuses B's users every write with A's ids, and an officer of A's other LA every write to an LA-scoped record", async () => {
    const state = async () => [
      (await call('GET', `/api/v1/ap/cases/${caseOf.get(a.tenantId)}`, a.members.la1.token)).body.version,
      (await call('GET', `/api/v1/ap/la-settings/${a.las[0]}`, a.members.la1.token)).body.version,
      (await call('GET', `/api/v1/ap/pupils/${pupilOf.get(a.tenantId)}`, a.members.la1.token)).body,
      (await call('GET', `/api/v1/ap/providers/${providerOf.get(a.tenantId)}`, a.members.la1.token)).body.checks.length,
      (await call('GET', '/api/v1/ap/pupil-matches', a.members.la2.token)).body.items.length,
      (await call('GET', `/api/v1/people/${a.members.workforce.membershipId}`, a.members.lead.token)).body,
      (await call('GET', '/api/v1/people?limit=100', a.members.lead.token)).body.items.length,
      (await call('GET', `/api/v1/data-sharing-agreements/${agreementOf.get(a.tenantId)}`, a.members.la1.token)).body
        .version,
      (
        await call(
          'GET',
          `/api/v1/plans/${planOf.get(a.tenantId)!.planId}/versions/${planOf.get(a.tenantId)!.versionId}`,
          a.members.la1.token,
        )
      ).body,
      (await call('GET', `/api/v1/plans/${planOf.get(a.tenantId)!.planId}`, a.members.la1.token)).body.versions.length,
      (await call('GET', `/api/v1/plans/${publishedPlanOf.get(a.tenantId)}/sufficiency`, a.members.lead.token)).body
        .items,
      (await call('GET', `/api/v1/local-partnerships/${lpOf.get(a.tenantId)!.id}`, a.members.la1.token)).body,
      (await call('GET', `/api/v1/plan-actions/${actionOf.get(a.tenantId)}`, a.members.la1.token)).body.version,
      (await call('GET', `/api/v1/evaluation/reforms/banding_tariffs/las/${a.las[0]}`, a.members.lead.token)).body,
      (await call('GET', `/api/v1/evaluation/tests/${evaluationTestOf.get(a.tenantId)}`, a.members.lead.token)).body,
      (await call('GET', '/api/v1/evaluation/submitted-values', a.members.la1.token)).body.items,
      (await call('GET', `/api/v1/evaluation/returns/${returnOf.get(a.tenantId)}`, a.members.la1.token)).body,
      (await call('GET', `/api/v1/workforce/cohorts/${wf(a).cohortId}`, a.members.workforce.token)).body,
      (await call('GET', `/api/v1/workforce/enrolments/${wf(a).enrolmentId}`, a.members.workforce.token)).body,
      (await call('GET', '/api/v1/workforce/programmes', a.members.workforce.token)).body.items.length,
      (await call('GET', '/api/v1/workforce/participants', a.members.workforce.token)).body.items.length,
    ];
    const before = await state();
    for (const [route, f] of Object.entries(WRITES)) {
      const [method] = route.split(' ');
      const r = await call(method, f.path(a), b.members[f.as].token).send(f.body(a));
      if (f.inPath) expect([route, r.status]).toEqual([route, 404]);
      else expect([route, [400, 403, 404].includes(r.status)]).toEqual([route, true]);
      if (f.otherLa) {
        const la = await call(method, f.path(a), a.members[f.otherLa].token).send(f.body(a));
        expect([route, 'other LA', la.status]).toEqual([route, 'other LA', 404]);
      }
    }
    expect(await state()).toEqual(before);
  });

  it("answers 404 to partnership B for each of A's records, which A itself can read", async () => {
    for (const [route, f] of Object.entries(FIXTURES)) {
      if (f.kind !== 'record') continue;
      const [method] = route.split(' ');
      const own = await call(method, f.path(a), a.members[f.as].token);
      expect([route, own.status]).toEqual([route, 200]);
      const other = await call(method, f.path(a), b.members[f.as].token);
      expect([route, other.status]).toEqual([route, 404]);
      if (f.laScoped) {
        const otherLa = await call(method, f.laScoped.path(a), a.members[f.laScoped.otherLa].token);
        expect([route, 'other LA', otherLa.status]).toEqual([route, 'other LA', 404]);
      }
    }
  });

  it("never shows A's ids in B's lists", async () => {
    for (const [route, f] of Object.entries(FIXTURES)) {
      if (f.kind !== 'list') continue;
      const own = await call('GET', f.path(a), a.members[f.as].token);
      expect([route, own.status]).toEqual([route, 200]);
      const aIds = f.ownIds(a, own.body);
      expect([route, aIds.length > 0]).toEqual([route, true]);
      const other = await call('GET', f.path(a), b.members[f.as].token);
      expect([route, other.status]).toEqual([route, 200]);
      const seen = JSON.stringify(other.body);
      expect([route, aIds.filter((id) => seen.includes(id))]).toEqual([route, []]);
      if (f.laScoped) {
        const otherLa = await call('GET', f.path(a), a.members[f.laScoped.otherLa].token);
        expect([route, 'other LA', otherLa.status]).toEqual([route, 'other LA', 200]);
        const seenLa = JSON.stringify(otherLa.body);
        expect([route, 'other LA', aIds.filter((id) => seenLa.includes(id))]).toEqual([route, 'other LA', []]);
      }
    }
  });

  it("refuses a partnership's lead and officer every National Board route (403)", async () => {
    const board = routes.filter((x) => x.path.startsWith('/api/') && boardOnly(x));
    expect(board.length).toBeGreaterThan(0);
    for (const r of board) {
      const path = r.path.replace(/:\w+/g, randomUUID());
      for (const who of ['lead', 'la1'] as const) {
        const res = await call(r.method, path, b.members[who].token);
        expect([`${r.method} ${r.path}`, who, res.status]).toEqual([`${r.method} ${r.path}`, who, 403]);
      }
    }
  });

  it("refuses B's users every platform admin route", async () => {
    for (const r of routes.filter((x) => x.path.startsWith('/api/v1/admin/'))) {
      const path = r.path
        .replace(':tenantId', a.tenantId)
        .replace(':userId', a.members.la1.userId)
        .replace(':membershipId', a.members.la1.membershipId)
        .replace(':organisationId', a.las[0]);
      const res = await call(r.method, path, b.members.lead.token);
      expect([`${r.method} ${r.path}`, res.status]).toEqual([`${r.method} ${r.path}`, 403]);
    }
  });
});
