import { Alert, List } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';

/**
 * The refusal an action returned, at the top of its form. Field messages sit under their fields (each form passes
 * `fieldErrors[name]` to its input's `error`); any field message no input of this form shows (the form as a whole,
 * `_`, a list's row, a field the form does not have) is listed here, so no refusal goes unseen. The form is found
 * from where this sits, so every form gets it by passing what the action answered.
 */
export function FormError({
  message,
  fieldErrors,
}: {
  message?: string | null;
  fieldErrors?: Record<string, string> | null;
}) {
  const anchor = useRef<HTMLSpanElement>(null);
  const [unplaced, setUnplaced] = useState<string[]>([]);
  useEffect(() => {
    // what the form's inputs already show under themselves (Mantine's error line of each input)
    const form = anchor.current?.closest('form');
    if (!form) {
      // shown outside its form: only the form-wide message is surely nobody else's to show
      setUnplaced(fieldErrors?._ ? [fieldErrors._] : []);
      return;
    }
    const shown = new Set(
      [...form.querySelectorAll('.mantine-InputWrapper-error')].map((e) => e.textContent ?? ''),
    );
    setUnplaced(Object.values(fieldErrors ?? {}).filter((text) => !shown.has(text)));
  }, [fieldErrors]);
  const lines = [...new Set([...(message ? [message] : []), ...unplaced])];
  return (
    <>
      <span hidden ref={anchor} />
      {lines.length === 0 ? null : (
        <Alert color="red" variant="light" role="alert">
          {lines.length === 1 ? (
            lines[0]
          ) : (
            <List size="sm" spacing={2}>
              {lines.map((l) => (
                <List.Item key={l}>{l}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
    </>
  );
}
