import { useEffect, useState } from 'react';
import type { Names } from '../api.js';
import { api } from '../http.js';

/** A category of the service catalogue, as the staff pages name it. */
export interface CatalogueCategory {
  id: string;
  name: Names;
}

/** The service catalogue's categories (public), for filters and names; empty until they arrive. */
export function useCategories(): CatalogueCategory[] {
  const [categories, setCategories] = useState<CatalogueCategory[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    api<{ categories: CatalogueCategory[] }>('/api/v1/categories', { signal: controller.signal })
      .then((result) => result.ok && setCategories(result.data.categories))
      .catch(() => undefined);
    return () => controller.abort();
  }, []);
  return categories;
}
