export {
  FakeIndicators,
  RecordingPublisher,
  recordingPublisher,
  ReturnsTestingModule,
  runAssemblyJobs,
} from './returns-fixtures';
