import { RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { IS_PUBLIC } from '@rep-hub/platform';
import { POLICY, PolicyMetadata } from './decorators';

export interface RouteInfo {
  method: string;
  path: string;
  isPublic: boolean;
  policy: PolicyMetadata | null;
  /** The handler: its controller class and method ("SignInController.signIn"). */
  controller: string;
  handler: string;
}

const join = (...parts: string[]) =>
  '/' +
  parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');

/** Every route of these controllers, with its public marker or policy, read from Nest's metadata, sorted by path. */
export function routesOf(controllers: Iterable<Type<unknown>>): RouteInfo[] {
  const out: RouteInfo[] = [];
  for (const type of new Set(controllers)) {
    const base = (Reflect.getMetadata(PATH_METADATA, type) as string | undefined) ?? '';
    for (const name of Object.getOwnPropertyNames(type.prototype)) {
      // read the descriptor, not the property: a getter on the prototype must not run here
      const handler = Object.getOwnPropertyDescriptor(type.prototype, name)?.value as unknown;
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (sub === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const isPublic = Boolean(Reflect.getMetadata(IS_PUBLIC, handler) ?? Reflect.getMetadata(IS_PUBLIC, type));
      const policy = (Reflect.getMetadata(POLICY, handler) ??
        Reflect.getMetadata(POLICY, type) ??
        null) as PolicyMetadata | null;
      out.push({ method, path: join(base, sub), isPublic, policy, controller: type.name, handler: name });
    }
  }
  return out.sort((x, y) => (x.path + x.method).localeCompare(y.path + y.method));
}

interface DynamicModuleRef {
  module: Type<unknown>;
  imports?: unknown[];
  controllers?: Type<unknown>[];
}
type ModuleRef = Type<unknown> | DynamicModuleRef | Promise<unknown> | undefined;

/** The controllers of these Nest modules and of every module they import, read without starting anything. */
export function controllersOf(modules: ModuleRef[]): Type<unknown>[] {
  const seen = new Set<unknown>();
  const found: Type<unknown>[] = [];
  const visit = (ref: ModuleRef) => {
    if (!ref || ref instanceof Promise || seen.has(ref)) return;
    seen.add(ref);
    const type = typeof ref === 'function' ? ref : ref.module;
    const dynamic: Partial<DynamicModuleRef> = typeof ref === 'function' ? {} : ref;
    found.push(
      ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, type) as Type<unknown>[] | undefined) ?? []),
      ...(dynamic.controllers ?? []),
    );
    for (const i of [
      ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, type) as ModuleRef[] | undefined) ?? []),
      ...((dynamic.imports as ModuleRef[] | undefined) ?? []),
    ])
      visit(i);
  };
  for (const m of modules) visit(m);
  return found;
}
