import { HttpException, HttpStatus } from '@nestjs/common';
import { problem } from '@rep-hub/platform';

/** The one answer for an unknown email and a wrong password: same status, same bytes. */
export class SignInFailedException extends HttpException {
  constructor() {
    super(
      problem(401, 'Enter a correct email address and password.', { title: 'Sign-in failed' }),
      HttpStatus.UNAUTHORIZED,
    );
  }
}

export class TooManyAttemptsException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      problem(429, `Too many attempts. Wait ${retryAfterSeconds} seconds, then try again.`, { retryAfterSeconds }),
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

export class InvalidLinkException extends HttpException {
  constructor() {
    super(
      problem(400, 'The link is not valid, has been used or has expired. Ask for a new one.', {
        title: 'Link not valid',
      }),
      HttpStatus.BAD_REQUEST,
    );
  }
}

export class InvalidTokenException extends HttpException {
  constructor(detail = 'Sign in again.') {
    super(problem(401, detail), HttpStatus.UNAUTHORIZED);
  }
}
