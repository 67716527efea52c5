// what the plans module's suites share (`@rep-hub/plans-domain/testing`); never loaded by an app
export { insertPlan } from './publish-fixtures';
export type { FixturePlan, FixtureSection, FixtureVersion } from './publish-fixtures';
export { FakeCommissionedPlaces, FakeCommissionedPlacesModule } from './fake-commissioned-places';
