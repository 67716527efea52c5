import { FieldError, problem } from '@rep-hub/platform';

/** An OpenAPI response example of problem details, as `problem()` answers them. */
export const problemResponse = (status: number, detail: string, extra: Record<string, unknown> = {}) => ({
  schema: { example: problem(status, detail, extra) },
});

/** An OpenAPI response example of a 400 naming its fields, as InvalidFieldsException answers it. */
export const invalidFieldsResponse = (...errors: (FieldError & Record<string, unknown>)[]) => ({
  schema: {
    example: {
      type: 'https://rephub.example/problems/400',
      title: 'Your request has invalid fields',
      status: 400,
      errors,
    },
  },
});
