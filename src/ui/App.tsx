import { useEffect } from 'react';
import { LANGUAGES, type Language } from '../i18n';
import { setLanguage } from '../store/actions';
import { AlgorithmPanel } from './AlgorithmPanel';
import { GlobalControls } from './GlobalControls';
import { NetworkView } from './NetworkView';
import { SettingsForm } from './SettingsForm';
import { StepControls } from './StepControls';
import { useSimulator } from './simulator';
import { Timeline } from './Timeline';
import { useApp, useT } from './use-app';

export function App() {
  const t = useT();
  const language = useApp((s) => s.language);
  const sim = useSimulator();
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return (
    <div className="app" lang={language}>
      <header className="app-header">
        <div className="brand">
          <h1>ChainScope</h1>
          <p>{t('app.tagline')}</p>
        </div>
        <label className="language">
          <span>{t('app.language')}</span>
          <select
            aria-label="Language"
            value={language}
            onChange={(event) => setLanguage(sim, event.target.value as Language)}
          >
            {LANGUAGES.map((l) => (
              <option key={l.code} value={l.code} lang={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
      </header>
      <div className="toolbar">
        <GlobalControls />
        <SettingsForm />
      </div>
      <div className="toolbar step-bar">
        <StepControls />
      </div>
      <main>
        <div className="study">
          <AlgorithmPanel />
          <Timeline />
        </div>
        <NetworkView />
      </main>
    </div>
  );
}
