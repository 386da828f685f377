// Progressive enhancement only: every page works without JavaScript.
import { initAll } from '/assets/govuk/govuk-frontend.min.js';

initAll();

/*
 * On a phone a table's rows are shown as stacked summaries (src/web/styles/_parallel.scss): each
 * cell is led by its column's heading, copied here from the table's head into `data-label`. The
 * cells keep their table roles, which some browsers drop from a table laid out as blocks.
 */
for (const table of document.querySelectorAll('.govuk-main-wrapper .govuk-table')) {
  if (table.closest('.parallel-scroll-region')) {
    continue;
  }
  const headings = [...table.querySelectorAll('thead tr:last-child th')].flatMap((th) =>
    Array(Number(th.getAttribute('colspan') ?? 1)).fill(th.textContent.trim()),
  );
  table.setAttribute('role', 'table');
  for (const group of table.querySelectorAll('thead, tbody')) {
    group.setAttribute('role', 'rowgroup');
  }
  for (const row of table.querySelectorAll('tr')) {
    row.setAttribute('role', 'row');
    let column = 0;
    for (const cell of row.children) {
      const inHead = cell.closest('thead') !== null;
      cell.setAttribute('role', inHead ? 'columnheader' : cell.tagName === 'TH' ? 'rowheader' : 'cell');
      const label = headings[column];
      if (!inHead && label) {
        cell.setAttribute('data-label', label);
      }
      column += Number(cell.getAttribute('colspan') ?? 1);
    }
  }
}
