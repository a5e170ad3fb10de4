/**
 * Words that say nothing about what a complaint is about, in the forms `normalise` gives: English, Urdu (Arabic
 * script), Roman Urdu (common spellings) and Pashto function words, and the words every complaint uses
 * ("complaint", "please", "sir"). Topic terms leave them out, alone and inside bigrams' edges.
 */
import { tokenise } from '../text/normalise.js';

const ENGLISH = `a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing done down during each even ever every few for from further get got had has have having he
her here hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our ours
out over own same she should so some still such than that the their theirs them then there these they this those through to too
under until up upon us very was we were what when where which while who whom why will with would yet you your yours many much
since last near days day month months year years one two three still already again dear sir madam mr kindly please request requested
complaint complaints complain problem problems issue issues regarding respected thanks thank help take action needed need urgent
urgently`;

const ROMAN_URDU = `hai hain hy hn he hay nahi nahin nhi ni nai ka ki ke ko kay mein main mai me mn hum ham hm aap ap ye yeh wo woh vo aur
or bhi tha thi thay the hota hoti hote kar karo karna karen karein kia kya kiya kiye raha rahi rahe gaya gayi gaye sath saath
liye liay lye kuch koi sab abhi phir fir yahan wahan kab kyun kaise kaisa mera meri mere hamara hamari hamare hmara apna apni
apne unka unki uska uski iska iski jo jab tak se sey say pe par per bas agar magar lekin lakin kyunke kyunki ab to tou tum tm
hoga hogi diya liya wala wali wale mujhe mujhy hamein inko unko is us in un ek aik do teen din mahine mahina saal hafte
janab sahab sahib meharbani mehrbani shikayat shikayet guzarish guzaarish darkhwast please plz pls`;

const URDU = `ہے ہیں تھا تھی تھے ہو ہوا ہوئی ہوئے ہوتا ہوتی ہوتے نہیں کا کی کے کو میں سے پر اور بھی یہ وہ جو کہ کیا کر کرنا کریں کرے
کرتے رہا رہی رہے گیا گئی گئے دیا دی دیے لیے لئے ساتھ تک ایک دو تین اس ان جس جن کسی کوئی کچھ سب اب پھر یہاں وہاں ہم آپ ہمارے
ہماری ہمارا میرا میری میرے اپنے اپنی اپنا تو جی جناب صاحب مہربانی شکایت گزارش درخواست براہ کرم دن ماہ مہینے سال ہفتے نے`;

const PASHTO = `د په او چې دی ده دي دا هغه له نه ته کې سره هم يو يې زه موږ مونږ تاسو شو شوی شوې کړی کړې وو وه ول لري نشته ورځ
میاشت کال ګڼ شکایت مهرباني`;

/** The stop words, one set for every language (scripts do not collide), in the form `tokenise` gives. */
export const STOP_WORDS: ReadonlySet<string> = new Set([ENGLISH, ROMAN_URDU, URDU, PASHTO].flatMap((list) => tokenise(list)));
