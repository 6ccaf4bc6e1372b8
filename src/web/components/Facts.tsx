import type { ReactNode } from 'react';

/** A description list of label/value pairs; empty values show a dash. */
export function Facts({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <dl className="cd-facts">
      {items.map((item) => (
        <div key={item.label} className="cd-facts__row">
          <dt>{item.label}</dt>
          <dd>{item.value === null || item.value === undefined || item.value === '' ? '—' : item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
