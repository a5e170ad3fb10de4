import { useMessages } from '../../i18n/messages.js';
import { staffMessages } from '../staff.messages.js';

/** Placeholder: the page is being built. */
export function QueuePage() {
  const t = useMessages(staffMessages);
  return <p>{t('page.notFound')}</p>;
}
