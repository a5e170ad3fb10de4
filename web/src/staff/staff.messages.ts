import { defineMessages } from '../i18n/define.js';

/** The console's frame: its navigation, sign-in state and the pages it has. */
export const staffMessages = defineMessages(
  {
    'nav.label': 'Staff console',
    'nav.queue': 'Queue',
    'nav.dashboard': 'Dashboard',
    'nav.intake': 'Helpline',
    'nav.letters': 'Letter diary',
    'nav.admin': 'Administration',
    'nav.signOut': 'Sign out',
    'session.loading': 'Checking your session…',
    'session.failed': 'The console could not reach the server. Check your connection and reload.',
    'session.who': 'Signed in as {name}',
    'page.notFound': 'There is no such page in the console.',
    'page.notForRole': 'Your role does not use this page.',
  },
  {
    ur: {
      'nav.label': 'عملے کا کنسول',
      'nav.queue': 'قطار',
      'nav.dashboard': 'ڈیش بورڈ',
      'nav.intake': 'ہیلپ لائن',
      'nav.letters': 'خطوط کا رجسٹر',
      'nav.admin': 'انتظامیہ',
      'nav.signOut': 'سائن آؤٹ',
      'session.loading': 'آپ کا سیشن دیکھا جا رہا ہے…',
      'session.failed': 'کنسول سرور تک نہیں پہنچ سکا۔ اپنا کنکشن دیکھیں اور صفحہ دوبارہ لوڈ کریں۔',
      'session.who': '{name} کے طور پر سائن ان',
      'page.notFound': 'کنسول میں ایسا کوئی صفحہ نہیں۔',
      'page.notForRole': 'آپ کا کردار یہ صفحہ استعمال نہیں کرتا۔',
    },
    ps: {
      'nav.label': 'د کارکوونکو کنسول',
      'nav.queue': 'کتار',
      'nav.dashboard': 'ډشبورډ',
      'nav.intake': 'مرستندویه کرښه',
      'nav.letters': 'د لیکونو راجستر',
      'nav.admin': 'اداره',
      'nav.signOut': 'وتل',
      'session.loading': 'ستاسو ناسته کتل کېږي…',
      'session.failed': 'کنسول سرور ته ونه رسېد. خپل اتصال وګورئ او پاڼه بیا پورته کړئ.',
      'session.who': 'د {name} په توګه ننوتی',
      'page.notFound': 'په کنسول کې داسې پاڼه نشته.',
      'page.notForRole': 'ستاسو رول دا پاڼه نه کاروي.',
    },
  },
);
