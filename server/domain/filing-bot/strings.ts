import type { BotLanguage } from './language.js';

/** One text of the bot in each language it speaks; `{name}` marks a value filled in when it is said. */
export type Said = Record<BotLanguage, string>;

// Verbs are "choose", never "tap": the same words go to WhatsApp buttons and to numbered SMS menus.
/** Everything the filing bot says, in English, Urdu and Pashto (a test fails on any missing or mismatched one). */
export const BOT_TEXT = {
  language_question: {
    en: 'Assalam-o-Alaikum! This is Ekhtyar, the complaints service of Khyber Pakhtunkhwa.\nChoose your language · اپنی زبان منتخب کریں · خپله ژبه وټاکئ',
    ur: 'Assalam-o-Alaikum! This is Ekhtyar, the complaints service of Khyber Pakhtunkhwa.\nChoose your language · اپنی زبان منتخب کریں · خپله ژبه وټاکئ',
    ps: 'Assalam-o-Alaikum! This is Ekhtyar, the complaints service of Khyber Pakhtunkhwa.\nChoose your language · اپنی زبان منتخب کریں · خپله ژبه وټاکئ',
  },
  welcome: {
    en: 'Assalam-o-Alaikum! This is Ekhtyar, the complaints service. I will take your complaint step by step; send CANCEL at any time to stop.',
    ur: 'السلام علیکم! یہ اختیار شکایات سروس ہے۔ میں مرحلہ وار آپ کی شکایت درج کروں گا؛ کسی بھی وقت رکنے کے لیے CANCEL بھیجیں۔',
    ps: 'السلام علیکم! دا اختیار د شکایتونو خدمت دی. زه به ګام په ګام ستاسو شکایت ثبت کړم؛ هر وخت د درېدو لپاره CANCEL ولېږئ.',
  },
  ask_category: {
    en: 'What is your complaint about? Write it in a few words (for example: garbage not collected), or choose “{browse}” to pick from the list.',
    ur: 'آپ کی شکایت کس بارے میں ہے؟ چند الفاظ میں لکھیں (مثلاً: کوڑا نہیں اٹھایا گیا)، یا فہرست سے چننے کے لیے “{browse}” منتخب کریں۔',
    ps: 'ستاسو شکایت د څه په اړه دی؟ په څو ټکو کې یې ولیکئ (لکه: خځلې نه دي راټولې شوې)، یا له لېست څخه د ټاکلو لپاره “{browse}” وټاکئ.',
  },
  suggestions: {
    en: 'Is it one of these? If not, choose “{browse}”.',
    ur: 'کیا یہ ان میں سے ایک ہے؟ اگر نہیں تو “{browse}” منتخب کریں۔',
    ps: 'ایا دا له دې څخه یو دی؟ که نه وي، “{browse}” وټاکئ.',
  },
  no_match: {
    en: 'I could not tell the category from that.',
    ur: 'اس سے شکایت کی قسم معلوم نہیں ہو سکی۔',
    ps: 'له دې څخه د شکایت ډول معلوم نه شو.',
  },
  choose_department: { en: 'Choose the department:', ur: 'محکمہ منتخب کریں:', ps: 'څانګه وټاکئ:' },
  choose_category: { en: '{department}: choose the category:', ur: '{department}: شکایت کی قسم منتخب کریں:', ps: '{department}: د شکایت ډول وټاکئ:' },
  ask_description: {
    en: '{category}. Now describe the problem: what is wrong, exactly where, and since when.',
    ur: '{category}۔ اب مسئلہ بیان کریں: کیا خرابی ہے، بالکل کہاں، اور کب سے۔',
    ps: '{category}. اوس ستونزه بیان کړئ: څه خرابي ده، دقیقاً چېرته، او له کله راهیسې.',
  },
  use_draft: {
    en: 'Or choose “{button}” to keep what you wrote: “{draft}”',
    ur: 'یا “{button}” منتخب کریں تاکہ آپ کا لکھا رہے: “{draft}”',
    ps: 'یا “{button}” وټاکئ چې ستاسو لیکلي پاتې شي: “{draft}”',
  },
  description_short: {
    en: 'Please write a little more (at least 10 letters).',
    ur: 'براہ کرم تھوڑا اور لکھیں (کم از کم 10 حروف)۔',
    ps: 'مهرباني وکړئ لږ نور ولیکئ (لږ تر لږه 10 توري).',
  },
  voice_description: {
    en: 'The citizen described the problem in a voice note (attached).',
    ur: 'شہری نے مسئلہ صوتی پیغام میں بیان کیا ہے (منسلک)۔',
    ps: 'وګړي ستونزه په غږیز پیغام کې بیان کړې ده (ضمیمه).',
  },
  ask_location: {
    en: 'Where is the problem? Share the location (📎 → Location), write the district or town, or choose the district from the list.',
    ur: 'مسئلہ کہاں ہے؟ لوکیشن بھیجیں (📎 ← Location)، ضلع یا شہر کا نام لکھیں، یا فہرست سے ضلع منتخب کریں۔',
    ps: 'ستونزه چېرته ده؟ ځای (لوکیشن) ولېږئ (📎 ← Location)، د ضلعې یا ښار نوم ولیکئ، یا له لېست څخه ضلع وټاکئ.',
  },
  ask_location_text: {
    en: 'Where is the problem? Write the district or town, or choose:',
    ur: 'مسئلہ کہاں ہے؟ ضلع یا شہر کا نام لکھیں، یا منتخب کریں:',
    ps: 'ستونزه چېرته ده؟ د ضلعې یا ښار نوم ولیکئ، یا وټاکئ:',
  },
  location_outside: {
    en: 'That location is outside Khyber Pakhtunkhwa. Please choose the district instead.',
    ur: 'یہ مقام خیبر پختونخوا سے باہر ہے۔ براہ کرم ضلع منتخب کریں۔',
    ps: 'دا ځای له خیبر پښتونخوا بهر دی. مهرباني وکړئ ضلع وټاکئ.',
  },
  location_noted: { en: 'Place noted: {place}.', ur: 'مقام درج ہو گیا: {place}۔', ps: 'ځای ثبت شو: {place}.' },
  area_not_found: { en: 'I could not find that place.', ur: 'یہ مقام نہیں ملا۔', ps: 'دا ځای ونه موندل شو.' },
  choose_district: { en: 'Choose the district:', ur: 'ضلع منتخب کریں:', ps: 'ضلع وټاکئ:' },
  ask_media: {
    en: 'You can now send photos or voice notes of the problem (optional). When you are done, choose “{button}”.',
    ur: 'اب آپ مسئلے کی تصاویر یا صوتی پیغامات بھیج سکتے ہیں (اختیاری)۔ مکمل ہونے پر “{button}” منتخب کریں۔',
    ps: 'اوس تاسو د ستونزې انځورونه یا غږیز پیغامونه لېږلی شئ (اختیاري). کله چې بشپړ شو، “{button}” وټاکئ.',
  },
  media_received: {
    en: 'Received ({count} attached). Send more, or choose “{button}”.',
    ur: 'موصول ہو گیا ({count} منسلک)۔ مزید بھیجیں، یا “{button}” منتخب کریں۔',
    ps: 'ترلاسه شو ({count} ضمیمه). نور ولېږئ، یا “{button}” وټاکئ.',
  },
  media_kept: { en: 'Received ({count} attached).', ur: 'موصول ہو گیا ({count} منسلک)۔', ps: 'ترلاسه شو ({count} ضمیمه).' },
  media_type: {
    en: 'I can only take photos and voice notes.',
    ur: 'میں صرف تصاویر اور صوتی پیغامات لے سکتا ہوں۔',
    ps: 'زه یوازې انځورونه او غږیز پیغامونه اخیستلی شم.',
  },
  media_too_large: { en: 'That file is too large (at most {max} MB).', ur: 'یہ فائل بہت بڑی ہے (زیادہ سے زیادہ {max} MB)۔', ps: 'دا فایل ډېر لوی دی (تر ټولو زیات {max} MB).' },
  media_unreadable: {
    en: 'I could not open that file. Please send it again as a photo or a voice note.',
    ur: 'یہ فائل نہیں کھل سکی۔ براہ کرم اسے تصویر یا صوتی پیغام کے طور پر دوبارہ بھیجیں۔',
    ps: 'دا فایل خلاص نه شو. مهرباني وکړئ بیا یې د انځور یا غږیز پیغام په توګه ولېږئ.',
  },
  media_unavailable: { en: 'I could not download that file. Please send it again.', ur: 'یہ فائل ڈاؤن لوڈ نہیں ہو سکی۔ براہ کرم دوبارہ بھیجیں۔', ps: 'دا فایل ښکته نه شو. مهرباني وکړئ بیا یې ولېږئ.' },
  media_too_many: {
    en: 'That is the most files one complaint can take ({max}).',
    ur: 'ایک شکایت کے ساتھ اس سے زیادہ فائلیں نہیں لگ سکتیں ({max})۔',
    ps: 'یو شکایت له دې زیات فایلونه نه شي اخیستلی ({max}).',
  },
  added_to_description: { en: 'Added to your description.', ur: 'آپ کی تفصیل میں شامل کر دیا گیا۔', ps: 'ستاسو تفصیل ته ور زیات شو.' },
  confirm: {
    en: 'Please check your complaint:\nCategory: {category}\nProblem: {description}\nPlace: {place}\nFiles: {files}\n\nShall I submit it?',
    ur: 'براہ کرم اپنی شکایت دیکھ لیں:\nقسم: {category}\nمسئلہ: {description}\nمقام: {place}\nفائلیں: {files}\n\nکیا میں اسے جمع کر دوں؟',
    ps: 'مهرباني وکړئ خپل شکایت وګورئ:\nډول: {category}\nستونزه: {description}\nځای: {place}\nفایلونه: {files}\n\nایا دا ثبت کړم؟',
  },
  place_not_given: { en: 'not given', ur: 'نہیں بتایا', ps: 'نه دی ویل شوی' },
  files_none: { en: 'none', ur: 'کوئی نہیں', ps: 'هېڅ' },
  files_count: { en: '{photos} photo(s), {voice} voice note(s)', ur: '{photos} تصویر، {voice} صوتی پیغام', ps: '{photos} انځور، {voice} غږیز پیغام' },
  filed: {
    en: 'Your complaint has been filed. Tracking code: {code}\nSend “status {code}” at any time to see where it stands, or open {url}',
    ur: 'آپ کی شکایت درج ہو گئی ہے۔ ٹریکنگ کوڈ: {code}\nصورتحال جاننے کے لیے کسی بھی وقت “status {code}” بھیجیں، یا {url} کھولیں۔',
    ps: 'ستاسو شکایت ثبت شو. د تعقیب کوډ: {code}\nد حالت د معلومولو لپاره هر وخت “status {code}” ولېږئ، یا {url} پرانیزئ.',
  },
  filing_limit: {
    en: 'You have filed many complaints recently, so this one cannot be filed now. Please try again later{call}.',
    ur: 'آپ نے حال ہی میں بہت سی شکایات درج کی ہیں، اس لیے یہ ابھی درج نہیں ہو سکتی۔ براہ کرم بعد میں کوشش کریں{call}۔',
    ps: 'تاسو په دې وروستیو کې ډېر شکایتونه ثبت کړي، نو دا اوس نه شي ثبتېدلی. مهرباني وکړئ وروسته بیا هڅه وکړئ{call}.',
  },
  call_helpline: { en: ' or call {helpline}', ur: ' یا {helpline} پر کال کریں', ps: ' یا {helpline} ته زنګ ووهئ' },
  filing_invalid: {
    en: 'Your complaint could not be accepted as it was. Please start again.',
    ur: 'آپ کی شکایت اس صورت میں قبول نہیں ہو سکی۔ براہ کرم دوبارہ شروع کریں۔',
    ps: 'ستاسو شکایت په دې بڼه ونه منل شو. مهرباني وکړئ بیا پیل وکړئ.',
  },
  cancelled: { en: 'Cancelled: nothing was filed.', ur: 'منسوخ: کچھ درج نہیں ہوا۔', ps: 'لغوه شو: هېڅ ثبت نه شو.' },
  start_any: { en: 'Send any message to file a complaint.', ur: 'شکایت درج کرنے کے لیے کوئی بھی پیغام بھیجیں۔', ps: 'د شکایت د ثبتولو لپاره هر پیغام ولېږئ.' },
  start_keyword: { en: 'Send COMPLAINT to file a complaint.', ur: 'شکایت درج کرنے کے لیے SHIKAYAT بھیجیں۔', ps: 'د شکایت د ثبتولو لپاره SHIKAYAT ولېږئ.' },
  restarted: { en: 'Starting again.', ur: 'دوبارہ شروع کر رہے ہیں۔', ps: 'بیا پیل کوو.' },
  expired: {
    en: 'Your unfinished complaint from earlier was discarded after {hours} hours.',
    ur: 'آپ کی پچھلی نامکمل شکایت {hours} گھنٹے بعد ختم کر دی گئی۔',
    ps: 'ستاسو پخوانی نابشپړ شکایت له {hours} ساعتونو وروسته لرې شو.',
  },
  help: {
    en: 'To file a complaint, answer the questions; to see where a complaint stands, send “status” and its tracking code (e.g. status KP-ABCD-1234); send CANCEL to stop. Web: {url}{call}',
    ur: 'شکایت درج کرنے کے لیے سوالات کے جواب دیں؛ شکایت کی صورتحال جاننے کے لیے “status” اور ٹریکنگ کوڈ بھیجیں (مثلاً status KP-ABCD-1234)؛ رکنے کے لیے CANCEL بھیجیں۔ ویب: {url}{call}',
    ps: 'د شکایت د ثبتولو لپاره پوښتنو ته ځواب ورکړئ؛ د شکایت د حالت د معلومولو لپاره “status” او د تعقیب کوډ ولېږئ (لکه status KP-ABCD-1234)؛ د درېدو لپاره CANCEL ولېږئ. وېب: {url}{call}',
  },
  sms_help: {
    en: 'Ekhtyar complaints: send COMPLAINT to file one; to see where your complaint stands, send STATUS and your tracking code, e.g. STATUS KP-ABCD-1234. Web: {url}{call}',
    ur: 'اختیار شکایات: نئی شکایت کے لیے SHIKAYAT بھیجیں؛ صورتحال جاننے کے لیے STATUS اور ٹریکنگ کوڈ بھیجیں، مثلاً STATUS KP-ABCD-1234۔ ویب: {url}{call}',
    ps: 'اختیار شکایتونه: د نوي شکایت لپاره SHIKAYAT ولېږئ؛ د حالت لپاره STATUS او د تعقیب کوډ ولېږئ، لکه STATUS KP-ABCD-1234. وېب: {url}{call}',
  },
  reminder: {
    en: 'Your complaint in progress is kept: answer the last question to go on, or send CANCEL.',
    ur: 'آپ کی زیرِ تکمیل شکایت محفوظ ہے: آگے بڑھنے کے لیے آخری سوال کا جواب دیں، یا CANCEL بھیجیں۔',
    ps: 'ستاسو نیمګړی شکایت خوندي دی: د دوام لپاره وروستۍ پوښتنې ته ځواب ورکړئ، یا CANCEL ولېږئ.',
  },
  unsupported: { en: 'I could not read that kind of message.', ur: 'میں اس قسم کا پیغام نہیں پڑھ سکتا۔', ps: 'زه دا ډول پیغام نه شم لوستلی.' },
  choose_option: { en: 'Please choose one of the options.', ur: 'براہ کرم دیے گئے اختیارات میں سے ایک منتخب کریں۔', ps: 'مهرباني وکړئ له ورکړل شویو انتخابونو څخه یو وټاکئ.' },
  already_filing: { en: 'You are already filing a complaint.', ur: 'آپ پہلے ہی شکایت درج کر رہے ہیں۔', ps: 'تاسو دمخه شکایت ثبتوئ.' },
  feedback_ask_reason: {
    en: 'Sorry the problem is not solved. Please write in one message what is still wrong with complaint {code}.',
    ur: 'افسوس کہ مسئلہ حل نہیں ہوا۔ براہ کرم ایک پیغام میں لکھیں کہ شکایت {code} میں اب بھی کیا خرابی ہے۔',
    ps: 'بښنه غواړو چې ستونزه حل نه شوه. مهرباني وکړئ په یوه پیغام کې ولیکئ چې د شکایت {code} سره لا هم څه ستونزه ده.',
  },
  feedback_reason_short: { en: 'Please write the reason in a few words.', ur: 'براہ کرم وجہ چند الفاظ میں لکھیں۔', ps: 'مهرباني وکړئ لامل په څو ټکو کې ولیکئ.' },
  feedback_closed: { en: 'Thank you. Complaint {code} is now closed.', ur: 'شکریہ۔ شکایت {code} اب بند کر دی گئی ہے۔', ps: 'مننه. شکایت {code} اوس بند شو.' },
  feedback_reopened: {
    en: 'Thank you. Complaint {code} has been reopened and sent to a senior officer.',
    ur: 'شکریہ۔ شکایت {code} دوبارہ کھول کر ایک سینئر افسر کو بھیج دی گئی ہے۔',
    ps: 'مننه. شکایت {code} بیا پرانیستل شو او یو لوړ پوړي افسر ته ولېږل شو.',
  },
  feedback_not_yours: {
    en: 'Complaint {code} was not filed from this number, so the answer must come from the number that filed it.',
    ur: 'شکایت {code} اس نمبر سے درج نہیں ہوئی، اس لیے جواب اسی نمبر سے آنا چاہیے جس سے یہ درج ہوئی۔',
    ps: 'شکایت {code} له دې شمېرې نه دی ثبت شوی، نو ځواب باید له هغې شمېرې راشي چې ثبت یې کړی.',
  },
  feedback_not_found: { en: 'No complaint has the tracking code {code}.', ur: 'ٹریکنگ کوڈ {code} کی کوئی شکایت نہیں ملی۔', ps: 'د {code} تعقیب کوډ هېڅ شکایت ونه موندل شو.' },
  feedback_not_now: {
    en: 'Complaint {code} is not waiting for your feedback now.',
    ur: 'شکایت {code} اس وقت آپ کی رائے کی منتظر نہیں ہے۔',
    ps: 'شکایت {code} اوس ستاسو د ځواب په تمه نه دی.',
  },
  status_without_code: {
    en: 'Send “status” and your tracking code, e.g. status KP-ABCD-1234.',
    ur: '“status” اور اپنا ٹریکنگ کوڈ بھیجیں، مثلاً status KP-ABCD-1234۔',
    ps: '“status” او خپل د تعقیب کوډ ولېږئ، لکه status KP-ABCD-1234.',
  },
  reply_with_number: { en: 'Reply with a number.', ur: 'نمبر لکھ کر جواب دیں۔', ps: 'د شمېرې په لیکلو ځواب ورکړئ.' },
  // Button and row labels: at most 20 characters (buttons) or 24 (rows); a test holds them to it.
  btn_browse: { en: 'Browse', ur: 'فہرست', ps: 'لېست' },
  btn_use_draft: { en: 'Use my words', ur: 'میرے الفاظ', ps: 'زما خبرې' },
  btn_districts: { en: 'Choose district', ur: 'ضلع منتخب کریں', ps: 'ضلع وټاکئ' },
  btn_skip: { en: 'Skip', ur: 'چھوڑ دیں', ps: 'پرېږدئ' },
  btn_continue: { en: 'Continue', ur: 'آگے', ps: 'مخکې' },
  btn_submit: { en: 'Submit', ur: 'جمع کریں', ps: 'ثبت یې کړئ' },
  btn_restart: { en: 'Start over', ur: 'دوبارہ شروع', ps: 'بیا پیل' },
  btn_cancel: { en: 'Cancel', ur: 'منسوخ', ps: 'لغوه' },
  row_more: { en: 'More…', ur: 'مزید…', ps: 'نور…' },
  row_more_detail: { en: 'Show the next page', ur: 'اگلا صفحہ دکھائیں', ps: 'بل مخ وښایاست' },
  row_first: { en: 'Back to the start', ur: 'شروع پر واپس', ps: 'پیل ته ستنېدل' },
  row_departments: { en: 'Other departments', ur: 'دیگر محکمے', ps: 'نورې څانګې' },
  list_button: { en: 'Choose', ur: 'منتخب کریں', ps: 'وټاکئ' },
  footer: { en: 'Send CANCEL to stop', ur: 'رکنے کے لیے CANCEL بھیجیں', ps: 'د درېدو لپاره CANCEL ولېږئ' },
  section_departments: { en: 'Departments', ur: 'محکمے', ps: 'څانګې' },
  section_more: { en: 'More', ur: 'مزید', ps: 'نور' },
} as const satisfies Record<string, Said>;

/** A key of the bot's texts. */
export type TextKey = keyof typeof BOT_TEXT;

/** The text for `key` in `language`, with each `{name}` replaced by its value. */
export function say(language: BotLanguage, key: TextKey, values: Record<string, string | number> = {}): string {
  return BOT_TEXT[key][language].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/**
 * Names of the category groups (the sections of a department's category list), in each language. A group added
 * to the catalogue later without a name here is shown by its id until one is added.
 */
export const GROUP_NAMES: Record<string, Said> = {
  sanitation: { en: 'Sanitation', ur: 'صفائی', ps: 'صفايي' },
  'street-lights': { en: 'Street lights', ur: 'اسٹریٹ لائٹس', ps: 'د سړک څراغونه' },
  encroachment: { en: 'Encroachment', ur: 'تجاوزات', ps: 'تجاوزات' },
  animals: { en: 'Stray animals', ur: 'آوارہ جانور', ps: 'بې خاونده څاروي' },
  building: { en: 'Building control', ur: 'تعمیرات کی نگرانی', ps: 'د ودانیو څارنه' },
  'civil-registration': { en: 'Civil registration', ur: 'سول رجسٹریشن', ps: 'ملکي ثبت' },
  'public-spaces': { en: 'Parks & public spaces', ur: 'پارک اور عوامی مقامات', ps: 'پارکونه او عامه ځایونه' },
  water: { en: 'Drinking water', ur: 'پینے کا پانی', ps: 'د څښاک اوبه' },
  sewerage: { en: 'Sewerage & drains', ur: 'سیوریج اور نالیاں', ps: 'سیوریج او ویالې' },
  'water-billing': { en: 'Water bills', ur: 'پانی کے بل', ps: 'د اوبو بلونه' },
  health: { en: 'Health', ur: 'صحت', ps: 'روغتیا' },
  education: { en: 'Schools', ur: 'اسکول', ps: 'ښوونځي' },
  'higher-education': { en: 'Colleges & universities', ur: 'کالج اور جامعات', ps: 'کالجونه او پوهنتونونه' },
  police: { en: 'Police', ur: 'پولیس', ps: 'پولیس' },
  traffic: { en: 'Traffic', ur: 'ٹریفک', ps: 'ټرافیک' },
  land: { en: 'Land records', ur: 'زمین کا ریکارڈ', ps: 'د ځمکې ریکارډ' },
  certificates: { en: 'Certificates', ur: 'سرٹیفکیٹ', ps: 'سندونه' },
  electricity: { en: 'Electricity', ur: 'بجلی', ps: 'برېښنا' },
  roads: { en: 'Roads & bridges', ur: 'سڑکیں اور پل', ps: 'سړکونه او پلونه' },
  buildings: { en: 'Government buildings', ur: 'سرکاری عمارتیں', ps: 'دولتي ودانۍ' },
  irrigation: { en: 'Irrigation', ur: 'آبپاشی', ps: 'اوبه لګول' },
  agriculture: { en: 'Agriculture', ur: 'زراعت', ps: 'کرنه' },
  livestock: { en: 'Livestock', ur: 'مویشی', ps: 'څاروي' },
  welfare: { en: 'Social welfare', ur: 'سماجی بہبود', ps: 'ټولنیزه هوساینه' },
  women: { en: 'Women', ur: 'خواتین', ps: 'ښځې' },
  food: { en: 'Food', ur: 'خوراک', ps: 'خواړه' },
  prices: { en: 'Prices & weights', ur: 'قیمتیں اور ناپ تول', ps: 'بیې او تول' },
  transport: { en: 'Transport', ur: 'ٹرانسپورٹ', ps: 'ټرانسپورټ' },
  environment: { en: 'Environment & forests', ur: 'ماحول اور جنگلات', ps: 'چاپېریال او ځنګلونه' },
  emergency: { en: 'Emergencies', ur: 'ہنگامی حالات', ps: 'بېړني حالات' },
  excise: { en: 'Excise & taxes', ur: 'ایکسائز اور ٹیکس', ps: 'اېکسایز او مالیه' },
  narcotics: { en: 'Narcotics', ur: 'منشیات', ps: 'نشه يي توکي' },
  corruption: { en: 'Corruption', ur: 'بدعنوانی', ps: 'اداري فساد' },
};

/** A group's name in `language`; an unnamed group is shown by its id, words spaced. */
export function groupName(group: string, language: BotLanguage): string {
  return GROUP_NAMES[group]?.[language] ?? group.replace(/[-_]+/g, ' ');
}
