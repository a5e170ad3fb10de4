/** An area with every name a citizen might write for it. */
export interface NamedArea {
  id: string;
  level: 'province' | 'division' | 'district' | 'tehsil';
  names: string[];
}

/**
 * Guesses the area a free-text address names ("Mohalla Qazi Khel, Charsadda"): the most specific
 * tehsil or district whose name appears as whole words. A tehsil wins only if it is unambiguous or its
 * district is named too, since several tehsils share a name with other places.
 */
export class AddressMatcher {
  private readonly entries: { id: string; level: NamedArea['level']; pattern: string }[] = [];

  constructor(areas: Iterable<NamedArea>) {
    for (const area of areas) {
      if (area.level !== 'district' && area.level !== 'tehsil') continue;
      for (const name of new Set(area.names.map(normalise).filter((n) => n.length >= 3))) {
        this.entries.push({ id: area.id, level: area.level, pattern: ` ${name} ` });
      }
    }
  }

  /** The id of the area named in the text, or null when none (or an ambiguous one) is named. */
  match(text: string): string | null {
    const haystack = ` ${normalise(text)} `;
    const hits = new Set(this.entries.filter((e) => haystack.includes(e.pattern)).map((e) => `${e.level}:${e.id}`));
    const districts = [...hits].filter((h) => h.startsWith('district:')).map((h) => h.slice(9));
    const tehsils = [...hits].filter((h) => h.startsWith('tehsil:')).map((h) => h.slice(7));
    const confirmed = tehsils.filter((t) => districts.some((d) => t.startsWith(`${d}.`)));
    if (confirmed.length === 1) return confirmed[0] ?? null;
    if (districts.length === 1) return districts[0] ?? null;
    if (districts.length === 0 && tehsils.length === 1) return tehsils[0] ?? null;
    return null;
  }
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
