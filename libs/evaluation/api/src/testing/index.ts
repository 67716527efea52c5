export { startReturnsApiWorld } from './returns-api-world';
