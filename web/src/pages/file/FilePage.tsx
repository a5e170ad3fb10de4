import { FilePage as ChannelsPage } from '../Home.js';

/** Placeholder until the filing form lands: how to file on the other channels. */
export function FilePage() {
  return <ChannelsPage />;
}
