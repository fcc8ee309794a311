// Labels of after-care values, for pages (the words live with the vocabulary, in domain/aftercare.ts).
import { HARD_CATEGORIES, HARD_CATEGORY_LABELS } from '../../domain/aftercare';

export { TASK_KIND_LABELS } from '../../domain/aftercare';

export const HARD_CATEGORY_OPTIONS: [string, string][] = HARD_CATEGORIES.map((c) => [c, HARD_CATEGORY_LABELS[c]]);
