import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { DynamicModule, Provider } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';
import { withoutIdleEnhancers } from './database.module';

/** Every provider of a dynamic module and of the dynamic modules it imports. */
const providers = (m: DynamicModule): Provider[] => [
  ...(m.providers ?? []),
  ...(m.imports ?? []).flatMap((i) =>
    typeof i === 'object' && i !== null && 'module' in i ? providers(i as DynamicModule) : [],
  ),
];
const provides = (m: DynamicModule) =>
  providers(m).map((p) => (typeof p === 'object' && 'provide' in p ? p.provide : p));

describe('the CLS module as the apps import it', () => {
  const options = { global: true, middleware: { mount: true } };

  it('leaves out the global guard and interceptor nestjs-cls adds (idle unless mounted), and keeps everything else', () => {
    const as = ClsModule.forRoot(options);
    // not vacuous: nestjs-cls does add them
    expect(provides(as)).toEqual(expect.arrayContaining([APP_GUARD, APP_INTERCEPTOR]));
    const kept = provides(withoutIdleEnhancers(ClsModule.forRoot(options)));
    expect(kept).not.toContain(APP_GUARD);
    expect(kept).not.toContain(APP_INTERCEPTOR);
    expect(kept).toEqual(provides(as).filter((p) => p !== APP_GUARD && p !== APP_INTERCEPTOR));
  });
});
