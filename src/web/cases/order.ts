// The order of the case list the user last saw, for "next case" on the case page.
const KEY = 'channeldesk.caseOrder';

export function rememberCaseOrder(ids: string[]): void {
  try {
    if (ids.length > 0) window.sessionStorage.setItem(KEY, JSON.stringify(ids.slice(0, 1000)));
  } catch {
    // storage unavailable: "next case" then just does nothing
  }
}

export function nextCaseAfter(id: string): string | undefined {
  try {
    const ids = JSON.parse(window.sessionStorage.getItem(KEY) ?? '[]') as string[];
    const index = ids.indexOf(id);
    return index >= 0 ? ids[index + 1] : ids[0];
  } catch {
    return undefined;
  }
}
