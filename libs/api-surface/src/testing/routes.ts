import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { POLICY, PolicyMetadata } from '@rep-hub/auth';
import { IS_PUBLIC } from '@rep-hub/platform';

export interface RouteInfo {
  method: string;
  path: string;
  isPublic: boolean;
  policy: PolicyMetadata | null;
}

const join = (...parts: string[]) => '/' + parts.flatMap((p) => p.split('/')).filter(Boolean).join('/');

/** Every route the app serves, with its public marker or policy, read from Nest's metadata. */
export function routeTable(app: INestApplication): RouteInfo[] {
  const out: RouteInfo[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!type) continue;
      const base = (Reflect.getMetadata(PATH_METADATA, type) as string | undefined) ?? '';
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        // read the descriptor, not the property: a getter on the prototype must not run here
        const handler = Object.getOwnPropertyDescriptor(type.prototype, name)?.value as unknown;
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (sub === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const isPublic = Boolean(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, type));
        const policy = (Reflect.getMetadata(POLICY, handler) ?? Reflect.getMetadata(POLICY, type) ?? null) as PolicyMetadata | null;
        out.push({ method, path: join(base, sub), isPublic, policy });
      }
    }
  }
  return out.sort((x, y) => (x.path + x.method).localeCompare(y.path + y.method));
}
