import { Controller, Get, Module, Req } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { Request } from 'express';
import request from 'supertest';
import { createTestApp, testConfig } from '../testing/test-app';

@Controller('whoami')
class WhoAmIController {
  @Get()
  who(@Req() req: Request) {
    return { ip: req.ip, secure: req.secure };
  }
}

@Module({ controllers: [WhoAmIController] })
class WhoAmIModule {}

describe('configureHttpApp: the proxies it believes (TRUST_PROXY)', () => {
  const apps: NestExpressApplication[] = [];
  const appWith = async (env: Record<string, string>) => {
    const app = await createTestApp(() => [WhoAmIModule], await testConfig(env));
    apps.push(app);
    return app;
  };
  afterAll(() => Promise.all(apps.map((a) => a.close())));

  const ask = async (app: NestExpressApplication) => {
    const r = await request(app.getHttpServer())
      .get('/whoami')
      .set('X-Forwarded-For', '203.0.113.7')
      .set('X-Forwarded-Proto', 'https');
    return r.body as { ip: string; secure: boolean };
  };

  it('believes a proxy on the same host by default: the client address and https come from it', async () => {
    expect(await ask(await appWith({}))).toEqual({ ip: '203.0.113.7', secure: true });
  });

  it('believes no forwarded header when TRUST_PROXY names no proxy that the request came through', async () => {
    const r = await ask(await appWith({ TRUST_PROXY: '10.0.0.0/8' }));
    expect(r.secure).toBe(false);
    expect(r.ip).not.toBe('203.0.113.7');
  });
});

describe('configureHttpApp: every response’s headers', () => {
  let app: NestExpressApplication;
  beforeAll(async () => {
    app = await createTestApp(() => [WhoAmIModule], await testConfig({}));
  });
  afterAll(() => app.close());

  it('sets helmet’s security headers, no caching and the request id, with a fresh CSP nonce on each response', async () => {
    const [a, b] = [
      await request(app.getHttpServer()).get('/whoami'),
      await request(app.getHttpServer()).get('/whoami'),
    ];
    for (const r of [a, b]) {
      expect(r.headers).toMatchObject({
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'referrer-policy': 'no-referrer',
        'origin-agent-cluster': '?1',
        'x-dns-prefetch-control': 'off',
        'x-download-options': 'noopen',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
      });
      expect(r.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.headers['x-powered-by']).toBeUndefined();
      expect(r.headers['content-security-policy']).toMatch(
        /^default-src 'self';.*script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==';.*style-src 'self'/,
      );
    }
    const nonce = (h: string) => /'nonce-([^']+)'/.exec(h)![1];
    expect(nonce(a.headers['content-security-policy'])).not.toBe(nonce(b.headers['content-security-policy']));
  });

  it('serves the API documents without a CSP (Swagger UI’s inline scripts) but with the other headers', async () => {
    const r = await request(app.getHttpServer()).get('/api/docs-json');
    expect(r.headers['content-security-policy']).toBeUndefined();
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });
});
