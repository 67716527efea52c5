export { seedReforms } from '../demo/reforms-seed';
