import type { HistoryPage, Message } from "./types.js";

/**
 * Walks a session's history backwards: the latest page first (or the page before `before`), then the
 * page before its first message, until the gateway says there is no more. Each page is ascending.
 */
export async function* pagesBackwards(
  fetchPage: (before: number | undefined) => Promise<HistoryPage>,
  before?: number,
): AsyncGenerator<Message[], void, undefined> {
  let cursor = before;
  for (;;) {
    const page = await fetchPage(cursor);
    if (page.messages.length === 0) return;
    yield page.messages;
    if (!page.hasMore) return;
    const first = page.messages[0]!.seq;
    if (cursor !== undefined && first >= cursor) return; // a page that does not move back would loop forever
    cursor = first;
  }
}
