import type { z } from 'zod';

/** Every zod issue as `a.b[2].c: message`, for a person fixing a config file. */
export function listIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    let path = '';
    for (const key of issue.path) {
      if (typeof key === 'number') path += `[${key}]`;
      else path += path ? `.${String(key)}` : String(key);
    }
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
