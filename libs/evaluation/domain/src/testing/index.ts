export {
  FakeIndicators,
  RecordingPublisher,
  recordingPublisher,
  ReturnsTestingModule,
  insertSentReturn,
  runAssemblyJobs,
} from './returns-fixtures';
