import { IsCheckedBy, IsFilled } from '@rep-hub/platform';
import { MaxLength } from 'class-validator';
import { attendeeList, MAX_ATTENDEES } from './reviews.model';

/** What is wrong with the people at a review: a list of names and roles, 1 to 30, each up to 200 characters. */
export const attendeesProblem = (v: unknown): string | undefined => {
  const people = Array.isArray(v) ? attendeeList(v) : undefined;
  if (people === undefined) return 'attendees must be a list of names and roles';
  if (!people.length) return 'Enter who attended the review: a name and role for each person';
  if (people.length > MAX_ATTENDEES) return `Enter at most ${MAX_ATTENDEES} people`;
  return people.some((a) => a.length > 200) ? 'Each person’s name and role must be 200 characters or fewer' : undefined;
};

/**
 * The answers of a held review, as the API's body (RecordReviewDto, which adds the date and the
 * version) and the review page's form both check them: one set of rules and messages. The service
 * checks the same again before it writes.
 */
export class ReviewAnswersInput {
  @IsCheckedBy(attendeesProblem)
  attendees: string[];

  @IsFilled({ message: 'Enter the progress the pupil has made' })
  @MaxLength(4000, { message: 'The progress must be 4,000 characters or fewer' })
  progress: string;

  @IsFilled({ message: 'Enter the next steps agreed' })
  @MaxLength(4000, { message: 'The next steps must be 4,000 characters or fewer' })
  nextSteps: string;
}
