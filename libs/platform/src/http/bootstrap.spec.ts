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
