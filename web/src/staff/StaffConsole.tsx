import { useTitle } from '../pages/Home.js';
import { useI18n } from '../i18n/i18n.js';

/** The staff console (its own chunk, loaded only under /staff): queues, complaint handling and dashboards grow here. */
export default function StaffConsole() {
  const { t } = useI18n();
  useTitle('staff.title');
  return (
    <>
      <h1>{t('staff.title')}</h1>
      <p>{t('staff.intro')}</p>
    </>
  );
}
