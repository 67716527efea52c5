import { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { RouteInfo, routesOf } from '@rep-hub/auth';

export type { RouteInfo };

/** Every route the running app serves, with its public marker or policy and its handler. */
export function routeTable(app: INestApplication): RouteInfo[] {
  const controllers: Type<unknown>[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values())
      if (wrapper.metatype) controllers.push(wrapper.metatype as Type<unknown>);
  }
  return routesOf(controllers);
}
