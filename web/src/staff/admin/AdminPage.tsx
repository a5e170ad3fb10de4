import { useMessages } from '../../i18n/messages.js';
import { staffMessages } from '../staff.messages.js';

/** Placeholder: the page is being built. */
export function AdminPage({ path }: { path: string }) {
  const t = useMessages(staffMessages);
  return <p data-path={path}>{t('page.notFound')}</p>;
}
