import { Component, type ReactNode } from 'react';
import { useI18n } from './i18n/i18n.js';

function Failed() {
  const { t } = useI18n();
  return <p role="alert">{t('offline.failed')}</p>;
}

/** A page that fails to render (or a chunk that fails to load, offline) shows a message instead of a blank screen. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? <Failed /> : this.props.children;
  }
}
