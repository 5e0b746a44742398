// connectFi paths as route templates, for telemetry: a path carries customer and document IDs, a template none.
const TEMPLATES: Array<[RegExp, string]> = [
  [/^\/customer\/kyc\/status\/[^/]+$/, '/customer/kyc/status/:customerId'],
  [/^\/customer\/kyc\/upload\/[^/]+\/[^/]+$/, '/customer/kyc/upload/:customerId/:documentId'],
  [/^\/akepa\/document\/upload\/[^/]+$/, '/akepa/document/upload/:documentId'],
];

/** The template of a connectFi path (without its query); a path with no ID is its own template. */
export function routeTemplate(path: string): string {
  const bare = path.split('?', 1)[0];
  for (const [pattern, template] of TEMPLATES) if (pattern.test(bare)) return template;
  return bare;
}
