import { Injectable } from '@nestjs/common';

/** Wakes whatever moves the outbox in this process (relay or in-process runner) soon after a commit. */
@Injectable()
export class JobKicker {
  private listener?: () => void;

  onKick(listener: () => void): void {
    this.listener = listener;
  }

  kick(): void {
    const l = this.listener;
    // after the current transaction has had a chance to commit
    if (l) setTimeout(l, 25).unref();
  }
}
