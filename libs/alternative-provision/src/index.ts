export * from './ap.module';
export * from './directory.service';
export * from './demo-seed';
export * from './pupils.service';
