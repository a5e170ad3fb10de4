// The intake desk's two pages, one chunk (web/src/staff/StaffConsole.tsx loads it lazily).
export { IntakePage } from './IntakePage.js';
export { LettersPage } from './LettersPage.js';
