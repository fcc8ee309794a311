// The one CSV writer: both exports (audit log, metrics) use it, with one formula rule and a UTF-8 BOM.
import { defuseFormula, toCsv, UTF8_BOM } from '../../domain/csv';
import { auditCsv } from '../../api/audit/view';
import { toCsv as metricsCsv } from '../../api/metrics/metric-functions';

it('defuses every formula opener, keeps numbers, quotes what RFC 4180 needs, and starts with a BOM', () => {
  for (const opener of ['=', '+', '-', '@', '\t', '\r']) expect(defuseFormula(`${opener}1+1`)).toBe(`'${opener}1+1`);
  const out = toCsv(
    ['Имя', 'n'],
    [
      ['Анна, "Аня"', -3],
      ['=HYPERLINK("x")', null],
      ['line\nbreak', 0],
    ],
  );
  expect(out.startsWith(UTF8_BOM)).toBe(true);
  expect(out.slice(1)).toBe('Имя,n\r\n"Анна, ""Аня""",-3\r\n"\'=HYPERLINK(""x"")",\r\n"line\nbreak",0\r\n');
});

it('is the writer of both exports: the same rule for a name in the audit log and a label in metrics', () => {
  const audit = auditCsv([
    {
      id: 1,
      at: new Date('2026-01-01T00:00:00Z'),
      actorId: null,
      actorName: '@Ольга',
      action: 'audit.exported',
      subjectType: 'audit',
      subjectId: null,
      detail: {},
      workspaceId: 'w',
    } as never,
  ]);
  expect(audit.startsWith(UTF8_BOM)).toBe(true);
  expect(audit).toContain(",'@Ольга,");
  expect(metricsCsv(['a'], [['@Ольга']])).toBe(`${UTF8_BOM}a\r\n'@Ольга\r\n`);
});
