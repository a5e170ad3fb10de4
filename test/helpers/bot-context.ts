import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MultiPolygon, Polygon } from 'geojson';
import { buildCatalogue, type Catalogue } from '../../server/domain/filing-bot/catalogue.js';
import type { BotContext, ChannelTraits } from '../../server/domain/filing-bot/conversation.js';
import { AddressMatcher } from '../../server/domain/routing/address-matcher.js';
import { AreaLocator } from '../../server/domain/routing/locate.js';

const SEED = path.resolve(import.meta.dirname, '../../server/store/seed');
const read = <T>(file: string): T => JSON.parse(readFileSync(path.join(SEED, file), 'utf8')) as T;

type SeedNames = { nameEn: string; nameUr: string | null; namePs: string | null };
const names = (r: SeedNames) => ({ en: r.nameEn, ur: r.nameUr, ps: r.namePs });

/** The seeded categories, departments and areas as the bot's catalogue (what a fresh database holds). */
export function seedCatalogue(): Catalogue {
  const categories = read<(SeedNames & { id: string; departmentId: string; group: string; keywords: string[] })[]>('categories.json');
  const departments = read<(SeedNames & { id: string })[]>('departments.json');
  const areas = read<(SeedNames & { id: string; parentId: string | null; level: string })[]>('areas.json');
  return buildCatalogue({
    // As the reference repository orders them.
    categories: categories.map((c) => ({ id: c.id, departmentId: c.departmentId, group: c.group, name: names(c), keywords: c.keywords })).sort((a, b) => a.group.localeCompare(b.group) || a.id.localeCompare(b.id)),
    departments: departments.map((d) => ({ id: d.id, name: names(d) })),
    areas: areas.map((a) => ({ id: a.id, name: names(a), level: a.level, parentId: a.parentId })),
  });
}

/** WhatsApp's and SMS's traits, as the service sets them. */
export const WHATSAPP_TRAITS: ChannelTraits = { pageSize: 9, media: true, shareLocation: true, startOn: 'any', numbered: false, previewChars: 300 };
export const SMS_TRAITS: ChannelTraits = { pageSize: 6, media: false, shareLocation: false, startOn: 'keyword', numbered: true, previewChars: 80 };

let cached: { catalogue: Catalogue; locator: AreaLocator; matcher: AddressMatcher } | null = null;

/** A bot context over the seed data with the real district boundaries and address matcher. */
export function seedBotContext(traits: ChannelTraits = WHATSAPP_TRAITS, overrides: Partial<BotContext> = {}): BotContext {
  if (!cached) {
    const catalogue = seedCatalogue();
    const boundaries = read<{ features: { properties: { areaId: string }; geometry: Polygon | MultiPolygon }[] }>('district-boundaries.json');
    const areas = read<(SeedNames & { id: string; level: 'province' | 'division' | 'district' | 'tehsil'; aliases: string[] })[]>('areas.json');
    cached = {
      catalogue,
      locator: new AreaLocator(boundaries.features.map((f) => ({ areaId: f.properties.areaId, geometry: f.geometry }))),
      matcher: new AddressMatcher(areas.map((a) => ({ id: a.id, level: a.level, names: [a.nameEn, a.nameUr ?? '', a.namePs ?? '', ...a.aliases] }))),
    };
  }
  const { catalogue, locator, matcher } = cached;
  return {
    catalogue,
    traits,
    locate: (latitude, longitude) => locator.locate(latitude, longitude),
    matchArea: (text) => matcher.match(text),
    maxAttachments: 5,
    maxMegabytes: 10,
    timeoutHours: 24,
    publicUrl: 'https://ekhtyar.example.gov.pk',
    helpline: '1800-00-0000',
    ...overrides,
  };
}

/** Peshawar's centre (Qissa Khwani), inside the Peshawar district boundary. */
export const PESHAWAR = { latitude: 34.0089, longitude: 71.5785 };
