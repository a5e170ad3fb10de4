export { TrackPage } from './track/TrackPage.js';
