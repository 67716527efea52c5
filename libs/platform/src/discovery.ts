import type { DiscoveryService } from '@nestjs/core';

/**
 * The instances of the app's providers whose class carries the metadata `key` (a registry's
 * decorator, `SetMetadata(key, true)`), each once, in the order Nest holds them. How the module
 * registries (abilities, navigation, indicators, principal extensions, seed steps) find what the
 * app's modules bring.
 */
export function discoverProviders<T>(discovery: DiscoveryService, key: string): T[] {
  const out: T[] = [];
  for (const wrapper of discovery.getProviders()) {
    const type = wrapper.metatype as (abstract new (...args: never[]) => unknown) | null;
    if (!type || !wrapper.instance || !Reflect.getMetadata(key, type)) continue;
    if (!out.includes(wrapper.instance as T)) out.push(wrapper.instance as T);
  }
  return out;
}
