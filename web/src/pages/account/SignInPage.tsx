import { SignInPage as Placeholder } from '../Home.js';

/** Placeholder until citizen sign-in lands. */
export function SignInPage() {
  return <Placeholder />;
}
