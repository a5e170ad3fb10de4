import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { useMessages } from '../../i18n/messages.js';
import { FieldError, describedBy } from './FieldError.js';
import { fileMessages } from './file.messages.js';
import type { FormError } from './types.js';

/** The server's limits (EKHTYAR_ATTACHMENT_MAX_COUNT and _MAX_BYTES by default): checked here before uploading. */
export const MAX_PHOTOS = 5;
export const MAX_PHOTO_MB = 10;

export interface Photo {
  file: File;
  url: string;
}

/** The photos chosen, with previews; each preview's object URL is released when the photo is removed or the form goes. */
export function PhotoField({ photos, setPhotos, errors }: { photos: Photo[]; setPhotos: (photos: Photo[]) => void; errors: FormError[] }) {
  const t = useMessages(fileMessages);
  const { number } = useI18n();
  const [notes, setNotes] = useState<string[]>([]);
  const current = useRef(photos);
  useEffect(() => {
    current.current = photos;
  }, [photos]);
  useEffect(() => () => current.current.forEach((p) => URL.revokeObjectURL(p.url)), []);

  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = [...(event.target.files ?? [])];
    event.target.value = '';
    const added: Photo[] = [];
    const refused: string[] = [];
    for (const file of chosen) {
      if (!file.type.startsWith('image/')) refused.push(t('photoNotImage', { name: file.name }));
      else if (file.size > MAX_PHOTO_MB * 1024 * 1024) refused.push(t('photoTooLarge', { name: file.name, size: number(MAX_PHOTO_MB) }));
      else if (photos.length + added.length >= MAX_PHOTOS) refused.push(t('photoTooMany', { count: number(MAX_PHOTOS) }));
      else added.push({ file, url: URL.createObjectURL(file) });
    }
    setNotes([...new Set(refused)]);
    setPhotos([...photos, ...added]);
  };

  const remove = (index: number) => {
    const photo = photos[index];
    if (photo) URL.revokeObjectURL(photo.url);
    setPhotos(photos.filter((_, i) => i !== index));
  };

  return (
    <section aria-labelledby="photos-heading">
      <h2 id="photos-heading">{t('photosSection')}</h2>
      <div className="field">
        <label htmlFor="photos">
          {t('photos')} <span className="hint-inline">{t('optional')}</span>
        </label>
        <p className="hint" id="photos-hint">
          {t('photosHint', { count: number(MAX_PHOTOS), size: number(MAX_PHOTO_MB) })}
        </p>
        <input id="photos" type="file" accept="image/*" multiple onChange={onChange} disabled={photos.length >= MAX_PHOTOS} {...describedBy('photos', errors, 'photos-hint')} />
        {notes.length > 0 && (
          <ul className="field-error" role="alert">
            {notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        )}
        <FieldError field="photos" errors={errors} />
      </div>
      {photos.length > 0 && (
        <ul className="photo-previews">
          {photos.map((photo, index) => (
            <li key={photo.url}>
              <img src={photo.url} alt={t('photoAlt', { number: number(index + 1), name: photo.file.name })} />
              <button type="button" className="secondary" onClick={() => remove(index)}>
                {t('removePhoto', { number: number(index + 1) })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
