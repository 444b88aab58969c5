import type { z } from 'zod';

const MAX_ISSUES = 3;

/** zod issues → one short line (`grid.importW: Invalid input: expected int, received string; …`), for logs. */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, MAX_ISSUES).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length - MAX_ISSUES;
  return more > 0 ? `${parts.join('; ')} (+${more} more)` : parts.join('; ');
}
