import { demoEmail, registerDemoSignIns } from '@rep-hub/tenancy/demo-accounts';

/**
 * Workforce training's demo sign-in in each demo partnership: a member of staff of the
 * partnership's training provider (the core's demo organisation), registered with the core's demo
 * sign-ins when this file loads.
 */
export const trainerLocal = (short: string) => `${short}.trainer`;

registerDemoSignIns((p) => [
  { role: 'training_provider_staff', email: demoEmail(trainerLocal(p.short)), partnership: p.name },
]);
