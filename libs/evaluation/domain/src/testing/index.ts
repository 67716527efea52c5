export {
  FakeIndicators,
  RecordingPublisher,
  recordingPublisher,
  ReturnsTestingModule,
  insertSentReturn,
  recordPublications,
  runAssemblyJobs,
} from './returns-fixtures';
