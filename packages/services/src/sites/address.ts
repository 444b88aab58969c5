/** How the product writes a site's address: "Molenstraat 18, 9200 Dendermonde". */
export function formatAddress(site: {
  street: string;
  house_number: string;
  postal_code: string;
  city: string;
}): string {
  return `${site.street} ${site.house_number}, ${site.postal_code} ${site.city}`;
}
