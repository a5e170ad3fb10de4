/** True when area `areaId` is `ancestorId` itself or lies inside it (area ids are dot-separated paths). */
export function isWithinArea(areaId: string, ancestorId: string): boolean {
  return areaId === ancestorId || areaId.startsWith(`${ancestorId}.`);
}

/** The area itself, then each enclosing area up to the province: 'kp.a.b' → ['kp.a.b', 'kp.a', 'kp']. */
export function selfAndAncestors(areaId: string): string[] {
  const parts = areaId.split('.');
  const result: string[] = [];
  for (let i = parts.length; i > 0; i--) result.push(parts.slice(0, i).join('.'));
  return result;
}
