import { Form, useSearchParams, useSubmit } from '@remix-run/react';
import { type FormEvent, type ReactNode, useEffect, useRef } from 'react';

/** What a table's URL keeps when its filters change: how it is sorted and how many rows a page has. */
const KEPT = ['sort', 'desc', 'pageSize'];
/** A pause in typing this long applies the search. */
const TYPING_PAUSE_MS = 400;

const sameQuery = (a: URLSearchParams, b: URLSearchParams, ignore: string[]) => {
  const key = (p: URLSearchParams) =>
    [...p.entries()]
      .filter(([k]) => !ignore.includes(k))
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join('&');
  return key(a) === key(b);
};

const isTyped = (el: EventTarget) =>
  el instanceof HTMLInputElement && ['search', 'text', 'email', 'number'].includes(el.type);

/**
 * A table's filter form. The URL is its state (a GET form: a link or a reload shows the same list); the table's sort
 * and page size stay, the page goes back to the first. A choice (a select, a checkbox) applies at once; typed text
 * applies on Enter, on leaving the field or after a pause in typing, never a request per keystroke. Empty fields stay
 * out of the URL. Without JavaScript it is a plain GET form (the lists read an empty field as "no filter").
 */
export function ListFilterForm({ children }: { children: ReactNode }) {
  const submit = useSubmit();
  const [params] = useSearchParams();
  const typing = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(typing.current), []);

  const apply = (form: HTMLFormElement) => {
    clearTimeout(typing.current);
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(form))
      if (typeof value === 'string' && value.trim() !== '' && !KEPT.includes(key)) next.append(key, value);
    for (const key of KEPT) {
      const value = params.get(key);
      if (value) next.set(key, value);
    }
    // the same filters again (leaving a field after its pause applied it): stay on the page the table shows
    if (sameQuery(next, params, ['page'])) return;
    submit(next, { method: 'get', replace: true, preventScrollReset: true });
  };

  return (
    <Form
      method="get"
      role="search"
      onSubmit={(e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        apply(e.currentTarget);
      }}
      onChange={(e: FormEvent<HTMLFormElement>) => {
        const form = e.currentTarget;
        clearTimeout(typing.current);
        if (isTyped(e.target)) typing.current = setTimeout(() => apply(form), TYPING_PAUSE_MS);
        else apply(form);
      }}
      onBlur={(e: FormEvent<HTMLFormElement>) => {
        if (isTyped(e.target)) apply(e.currentTarget);
      }}
    >
      {KEPT.map((key) => {
        const value = params.get(key);
        return value ? <input key={key} type="hidden" name={key} value={value} /> : null;
      })}
      {children}
    </Form>
  );
}
