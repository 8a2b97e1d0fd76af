/** Every route the emulator serves, with its methods. Drives 405 answers and per-route rate-limit keys. */
export const ROUTES: readonly { template: string; methods: readonly string[] }[] = [
  { template: "/api/v2/members", methods: ["GET", "POST"] },
  { template: "/api/v2/members/:id", methods: ["GET", "PATCH", "DELETE"] },
  { template: "/api/v2/members/:id/teams", methods: ["POST"] },
  { template: "/api/v2/teams", methods: ["GET", "POST", "PATCH"] },
  { template: "/api/v2/teams/:teamKey", methods: ["GET", "PATCH", "DELETE"] },
  { template: "/api/v2/teams/:teamKey/roles", methods: ["GET"] },
  { template: "/api/v2/teams/:teamKey/maintainers", methods: ["GET"] },
  { template: "/api/v2/roles", methods: ["GET", "POST"] },
  { template: "/api/v2/roles/:customRoleKey", methods: ["GET", "PATCH", "DELETE"] },
];

/** The route template a pathname belongs to, if any (trailing slash tolerated). */
export function routeTemplateFor(pathname: string): string | undefined {
  const segments = pathname.replace(/\/+$/, "").split("/");
  const match = ROUTES.find(({ template }) => {
    const parts = template.split("/");
    return parts.length === segments.length && parts.every((part, index) => part.startsWith(":") ? segments[index] !== "" : part === segments[index]);
  });
  return match?.template;
}
