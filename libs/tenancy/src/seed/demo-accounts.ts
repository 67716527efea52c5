// The demo's accounts as modules add them: a file with no imports, so a module's list of demo
// sign-ins loads (in the tests' setup too) without the app.

export interface DemoSignIn {
  role: string;
  email: string;
  partnership: string | null;
}

/** A demo account's email address. */
export const demoEmail = (local: string) => `${local}@demo.rephub.example`;

/** A demo partnership as modules see it: to add their own organisations and sign-ins to it. */
export interface DemoPartnershipRef {
  slug: string;
  name: string;
  region: string;
  /** The prefix of its demo accounts' emails (`nw` in nw.lead@…). */
  short: string;
}

const MODULE_SIGN_INS: ((p: DemoPartnershipRef) => DemoSignIn[])[] = [];

/**
 * A module's demo accounts in each demo partnership (created by its @SeedsDemo() step), listed
 * with the core's at start and by the seed command. Called when the module's demo accounts file loads.
 */
export function registerDemoSignIns(signIns: (p: DemoPartnershipRef) => DemoSignIn[]): void {
  MODULE_SIGN_INS.push(signIns);
}

/** Every module's demo accounts in one demo partnership. */
export const moduleSignIns = (p: DemoPartnershipRef): DemoSignIn[] => MODULE_SIGN_INS.flatMap((signIns) => signIns(p));
