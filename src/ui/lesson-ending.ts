import { lessonById } from '../store/lessons/catalog';
import { useApp, useT } from './use-app';

/**
 * What a confirmation that starts a fresh network adds while a lesson runs: that the lesson ends
 * (its network is the one replaced). Empty when no lesson runs.
 */
export function useLessonEnding(): string {
  const t = useT();
  const id = useApp((s) => s.lesson?.id ?? null);
  const lesson = id === null ? undefined : lessonById(id);
  return lesson ? ` ${t('lesson.endsWithNetwork', { title: t(lesson.title) })}` : '';
}
