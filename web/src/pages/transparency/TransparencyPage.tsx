import { NotFoundPage } from '../Home.js';

/** Placeholder until the transparency page lands (its own chunk: it carries the charts). */
export default function TransparencyPage() {
  return <NotFoundPage />;
}
