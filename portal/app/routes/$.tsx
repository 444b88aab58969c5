/**
 * Any address no page answers. Without this route Remix answers such an address with the root's error page but runs
 * no loader, so the page had no words and no language: it read "error.notFound" and "common.back", and the browser,
 * which has the catalogs, rendered something else (React errors 418/423). Matched here, the root loader runs as for
 * any page, and the 404 goes to the same error page every other "not found" shows.
 */
export const loader = () => {
  throw new Response(null, { status: 404, statusText: 'Not Found' });
};

export default function NotFound() {
  return null;
}
