/** The govukPagination options for a paged list. */
export function paginationFor(path: string, page: number, pageSize: number, total: number): object | null {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) {
    return null;
  }
  const href = (n: number) => `${path}?page=${n}`;
  return {
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pages ? { href: href(page + 1) } : undefined,
    items: Array.from({ length: pages }, (_, i) => i + 1)
      .filter((n) => n === 1 || n === pages || Math.abs(n - page) <= 2)
      .map((n) => ({ number: n, href: href(n), current: n === page })),
  };
}

export function selectItems(
  options: Array<{ value: string; text: string }>,
  selected: string | null | undefined,
  emptyText?: string,
) {
  const items = options.map((o) => ({ value: o.value, text: o.text, selected: o.value === selected }));
  return emptyText === undefined ? items : [{ value: '', text: emptyText, selected: !selected }, ...items];
}
