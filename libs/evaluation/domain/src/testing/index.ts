export { seedReforms } from '../demo/reforms-seed';
export {
  FakeIndicators,
  RecordingPublisher,
  recordingPublisher,
  ReturnsTestingModule,
  insertSentReturn,
  recordPublications,
  runAssemblyJobs,
} from './returns-fixtures';
