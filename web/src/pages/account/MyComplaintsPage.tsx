import { SignInPage as Placeholder } from '../Home.js';

/** Placeholder until "my complaints" lands. */
export function MyComplaintsPage() {
  return <Placeholder />;
}
