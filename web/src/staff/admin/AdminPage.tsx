import { useMessages } from '../../i18n/messages.js';
import { Link } from '../../router.js';
import { staffMessages } from '../staff.messages.js';
import { adminMessages } from './admin.messages.js';
import { CalendarPage } from './CalendarPage.js';
import { CategoriesPage } from './CategoriesPage.js';
import { DepartmentsPage } from './DepartmentsPage.js';
import { ModelsPage } from './ModelsPage.js';
import { OfficesPage } from './OfficesPage.js';
import { UsersPage } from './UsersPage.js';
import './admin.css';

const SCREENS = [
  { path: '/staff/admin/users', label: 'index.users', Page: UsersPage },
  { path: '/staff/admin/departments', label: 'index.departments', Page: DepartmentsPage },
  { path: '/staff/admin/offices', label: 'index.offices', Page: OfficesPage },
  { path: '/staff/admin/categories', label: 'index.categories', Page: CategoriesPage },
  { path: '/staff/admin/calendar', label: 'index.calendar', Page: CalendarPage },
  { path: '/staff/admin/models', label: 'index.models', Page: ModelsPage },
] as const;

/** The administrators' screens: /staff/admin (an index of them) and /staff/admin/<screen>. */
export function AdminPage({ path }: { path: string }) {
  const t = useMessages(adminMessages);
  const staff = useMessages(staffMessages);
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '/staff/admin') {
    return (
      <section>
        <h1>{t('index.title')}</h1>
        <p>{t('index.lead')}</p>
        <ul className="admin-index">
          {SCREENS.map((s) => (
            <li key={s.path}>
              <Link to={s.path}>{t(s.label)}</Link>
            </li>
          ))}
        </ul>
      </section>
    );
  }
  const screen = SCREENS.find((s) => s.path === trimmed);
  if (!screen) return <p>{staff('page.notFound')}</p>;
  return <screen.Page key={screen.path} />;
}
