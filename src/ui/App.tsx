import { useEffect } from 'react';
import { AlgorithmPanel } from './AlgorithmPanel';
import { BlockTree } from './BlockTree';
import { FirstHint } from './FirstHint';
import { HeaderActions } from './HeaderActions';
import { LabControls } from './LabControls';
import { LessonPanel, LessonsDialog } from './Lessons';
import { NetworkMap } from './NetworkMap';
import { NetworkView } from './NetworkView';
import { AddRealNode } from './RealNodes';
import { StorageNotice } from './SavedRuns';
import { SettingsForm } from './SettingsForm';
import { Shortcuts } from './Shortcuts';
import { StepControls } from './StepControls';
import { Timeline } from './Timeline';
import { useApp, useT } from './use-app';

/**
 * The page: a header with the global actions, a bar with the settings and the step controls,
 * then the stage, the whole height that is left: the chains side by side (each its newest blocks
 * in view), and a dock beside them with the network map, the block tree and the timeline (in
 * step mode the Algorithm panel first, beside the chains it is about).
 */
export function App() {
  const t = useT();
  const language = useApp((s) => s.language);
  const stepMode = useApp((s) => s.stepMode);
  const presenting = useApp((s) => s.presenting);
  const inLesson = useApp((s) => s.lesson !== null);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return (
    <div
      className={`app${presenting ? ' presenting' : ''}${stepMode ? ' stepping' : ''}${inLesson ? ' in-lesson' : ''}`}
      lang={language}
    >
      <a className="skip-link" href="#chains">
        {t('app.skip')}
      </a>
      <header className="app-top">
        <div className="app-header">
          <h1 className="brand">ChainScope</h1>
          <HeaderActions />
        </div>
        <div className="toolbar">
          <SettingsForm />
          <StepControls />
          <LabControls />
          <AddRealNode />
        </div>
        <StorageNotice />
      </header>
      <main className="stage">
        <section id="chains" className="columns-area" aria-label={t('app.chains')} tabIndex={-1}>
          <NetworkView />
        </section>
        <div className="dock-cell">
          <aside className="dock" aria-label={t('app.dock')}>
            <FirstHint />
            {stepMode && <AlgorithmPanel />}
            <NetworkMap />
            {!stepMode && <BlockTree />}
            <Timeline />
          </aside>
        </div>
      </main>
      <Shortcuts />
      <LessonsDialog />
      <LessonPanel />
    </div>
  );
}
