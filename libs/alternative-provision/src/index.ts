export * from './ap.module';
export * from './directory.service';
export * from './demo-seed';
export * from './pupils.service';
export * from './case-machine';
export * from './case-notices.jobs';
export * from './cases.service';
export * from './settings.service';
