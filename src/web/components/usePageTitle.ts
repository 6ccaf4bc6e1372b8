import { useEffect } from 'react';

/** Each page names itself in the browser tab and for screen-reader users switching tabs. */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} – channeldesk`;
  }, [title]);
}
