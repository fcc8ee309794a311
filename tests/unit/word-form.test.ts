// The team's word form (/pool/vocabulary): a kind, an English name that makes the code, labels in the team's other
// page languages; one message per field; a body of any shape is a form with problems, never a 500.
import { MAX_WORD_LABEL, readWordForm } from '../../api/pool/form';

const nameProblem = `Enter a name (letters or digits, up to ${MAX_WORD_LABEL} characters).`;

it('a word: its kind, code, name and labels', () => {
  expect(
    readWordForm({ kind: 'lived-experience', label: ' Eating disorders ', label_ru: ' Расстройства ', label_et: '' }, [
      'ru',
      'et',
    ]),
  ).toEqual({
    kind: 'lived-experience',
    code: 'eating-disorders',
    label: 'Eating disorders',
    update: false,
    labels: { ru: 'Расстройства' },
    values: { kind: 'lived-experience', label: 'Eating disorders', label_ru: 'Расстройства', label_et: '' },
    errors: {},
  });
  // Any other kind is a specialism; a sent `update` asks to set the labels of a word already listed.
  expect(readWordForm({ kind: 'bogus', label: 'Grief', update: '1' }, [])).toMatchObject({
    kind: 'specialism',
    update: true,
  });
});

it('a name without letters or digits, or too long, and a label too long, are refused', () => {
  expect(readWordForm({ label: '***' }, []).errors).toEqual({ label: nameProblem });
  expect(readWordForm({ label: 'x'.repeat(MAX_WORD_LABEL + 1) }, []).errors).toEqual({ label: nameProblem });
  expect(readWordForm({ label: 'Grief', label_ru: 'x'.repeat(MAX_WORD_LABEL + 1) }, ['ru']).errors).toEqual({
    label_ru: `Up to ${MAX_WORD_LABEL} characters.`,
  });
});

it('a body of any shape: no name, non-text fields read as empty', () => {
  for (const body of [undefined, null, {}, [], 'label=x', 42, { label: ['Grief', 'Loss'], kind: 5, update: [] }]) {
    const r = readWordForm(body, ['ru']);
    expect(r.errors).toEqual({ label: nameProblem });
    expect(r.update).toBe(false);
    expect(r.values).toEqual({ kind: '', label: '', label_ru: '' });
  }
});
