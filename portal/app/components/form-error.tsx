import { Alert } from '@mantine/core';

/** The form-level message an action returned (field messages sit under their fields). */
export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" role="alert">
      {message}
    </Alert>
  );
}
