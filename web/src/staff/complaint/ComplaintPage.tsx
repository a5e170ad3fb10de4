import { useMessages } from '../../i18n/messages.js';
import { staffMessages } from '../staff.messages.js';

/** Placeholder: the page is being built. */
export function ComplaintPage({ code }: { code: string }) {
  const t = useMessages(staffMessages);
  return <p data-code={code}>{t('page.notFound')}</p>;
}
