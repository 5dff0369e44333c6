/**
 * Name conversions between the spec's dashed names and TypeScript names.
 * Pure functions, no state.
 */

/** 'dev-name' → 'devName'; 'ifla-vf-ports' → 'iflaVfPorts'. Underscores count as dashes. */
export function camelCase(name: string): string {
  return name.replace(/[-_]+([a-zA-Z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** 'rings-get' → 'RingsGet' (for type names in generated code). */
export function pascalCase(name: string): string {
  const c = camelCase(name);
  return c.charAt(0).toUpperCase() + c.slice(1);
}

/** Makes any string a safe TypeScript identifier fragment (for generated code). */
export function identifier(name: string): string {
  const s = camelCase(name).replace(/[^A-Za-z0-9_$]/g, '_');
  return /^[0-9]/.test(s) ? `_${s}` : s;
}
