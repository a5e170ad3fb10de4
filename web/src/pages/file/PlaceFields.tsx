import { useEffect, useState } from 'react';
import { api } from '../../http.js';
import { useI18n } from '../../i18n/i18n.js';
import { localName } from '../../i18n/languages.js';
import { useMessages } from '../../i18n/messages.js';
import type { Draft } from './draft.js';
import { FieldError, describedBy } from './FieldError.js';
import { fileMessages } from './file.messages.js';
import type { Area, FormError } from './types.js';

function useAreas(level: 'district' | 'tehsil', parentId: string | null): Area[] {
  const { language } = useI18n();
  const query = parentId === '' ? null : new URLSearchParams({ level, ...(parentId ? { parentId } : {}) }).toString();
  // Areas are kept with the query they answer, so a district's tehsils never show under another district.
  const [loaded, setLoaded] = useState<{ query: string; areas: Area[] } | null>(null);
  useEffect(() => {
    if (query === null) return;
    const controller = new AbortController();
    api<{ areas: Area[] }>(`/api/v1/areas?${query}`, { signal: controller.signal })
      .then((result) => setLoaded({ query, areas: result.ok ? result.data.areas : [] }))
      .catch(() => undefined);
    return () => controller.abort();
  }, [query]);
  const areas = loaded !== null && loaded.query === query ? loaded.areas : [];
  return [...areas].sort((a, b) => localName(a.name, language).localeCompare(localName(b.name, language), language));
}

type PlaceKeys = 'districtId' | 'tehsilId' | 'address' | 'latitude' | 'longitude';

/** Where the problem is: district, then tehsil, an optional address, and optionally the phone's position. */
export function PlaceFields({ draft, update, errors }: { draft: Draft; update: (change: Partial<Pick<Draft, PlaceKeys>>) => void; errors: FormError[] }) {
  const t = useMessages(fileMessages);
  const { language, number } = useI18n();
  const districts = useAreas('district', null);
  const tehsils = useAreas('tehsil', draft.districtId);
  const [locating, setLocating] = useState<'idle' | 'busy' | 'failed'>('idle');

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setLocating('failed');
      return;
    }
    setLocating('busy');
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating('idle');
        update({ latitude: Math.round(position.coords.latitude * 1e6) / 1e6, longitude: Math.round(position.coords.longitude * 1e6) / 1e6 });
      },
      () => setLocating('failed'),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };

  return (
    <section aria-labelledby="place-heading">
      <h2 id="place-heading">{t('placeSection')}</h2>
      <div className="field">
        <label htmlFor="district">{t('district')}</label>
        <select id="district" value={draft.districtId} onChange={(event) => update({ districtId: event.target.value, tehsilId: '' })} {...describedBy('district', errors)}>
          <option value="">{t('chooseDistrict')}</option>
          {districts.map((a) => (
            <option key={a.id} value={a.id}>
              {localName(a.name, language)}
            </option>
          ))}
        </select>
        <FieldError field="district" errors={errors} />
      </div>
      {draft.districtId !== '' && tehsils.length > 0 && (
        <div className="field">
          <label htmlFor="tehsil">
            {t('tehsil')} <span className="hint-inline">{t('optional')}</span>
          </label>
          <select id="tehsil" value={draft.tehsilId} onChange={(event) => update({ tehsilId: event.target.value })}>
            <option value="">{t('chooseTehsil')}</option>
            {tehsils.map((a) => (
              <option key={a.id} value={a.id}>
                {localName(a.name, language)}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="address">
          {t('address')} <span className="hint-inline">{t('optional')}</span>
        </label>
        <input id="address" type="text" autoComplete="street-address" maxLength={500} value={draft.address} onChange={(event) => update({ address: event.target.value })} {...describedBy('address', errors)} />
        <FieldError field="address" errors={errors} />
      </div>
      <div className="field">
        {draft.latitude !== null && draft.longitude !== null ? (
          <div className="row">
            <p role="status">{t('located', { latitude: number(draft.latitude), longitude: number(draft.longitude) })}</p>
            <button type="button" id="locate" className="secondary" onClick={() => update({ latitude: null, longitude: null })}>
              {t('removeLocation')}
            </button>
          </div>
        ) : (
          <button type="button" id="locate" className="secondary" onClick={locate} disabled={locating === 'busy'} {...describedBy('locate', errors)}>
            {locating === 'busy' ? t('locating') : t('locate')}
          </button>
        )}
        {locating === 'failed' && <p className="field-error">{t('locateFailed')}</p>}
        <FieldError field="locate" errors={errors} />
      </div>
    </section>
  );
}
