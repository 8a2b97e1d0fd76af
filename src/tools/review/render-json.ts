import type { AccessReview } from "./access-review";

export function renderReviewJson(review: AccessReview): string {
  return `${JSON.stringify(review, null, 2)}\n`;
}
