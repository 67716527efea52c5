import { testServerUrl } from './test-database';

describe('testServerUrl', () => {
  it('accepts loopback servers', () => {
    for (const host of ['127.0.0.1', 'localhost', '127.0.0.2', '[::1]']) {
      expect(testServerUrl({ TEST_DATABASE_URL: `postgres://postgres@${host}:5432/postgres` }).hostname).toBe(host);
    }
  });

  it('refuses anything that is not on this machine', () => {
    for (const host of ['db.example.com', '10.0.0.5', '192.168.1.10']) {
      expect(() => testServerUrl({ TEST_DATABASE_URL: `postgres://postgres@${host}:5432/postgres` })).toThrow(
        /loopback/,
      );
    }
    expect(() => testServerUrl({ TEST_DATABASE_URL: 'mysql://127.0.0.1/x' })).toThrow(/postgres/);
  });
});
