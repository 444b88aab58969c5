import { Alert, List } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';

/**
 * The refusal an action returned, at the top of its form. Field messages sit under their fields (each form passes
 * `fieldErrors[name]` to its input's `error`); any field message no input on this form carries (the form as a whole,
 * `_`, or a field the form does not show) is listed here, so no refusal goes unseen. The form is found from where
 * this sits, so every form gets it by passing what the action answered.
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
    const form = anchor.current?.closest('form');
    const entries = Object.entries(fieldErrors ?? {});
    setUnplaced(
      entries
        .filter(([name]) => name === '_' || (form ? !form.elements.namedItem(name) : false))
        .map(([, text]) => text),
    );
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
