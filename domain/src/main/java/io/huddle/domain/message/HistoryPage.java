package io.huddle.domain.message;

import java.util.List;

/** A page of history, ascending by seq, and whether more lies beyond it in the direction asked. */
public record HistoryPage(List<Message> messages, boolean hasMore) {
    public static final HistoryPage EMPTY = new HistoryPage(List.of(), false);

    public HistoryPage {
        messages = List.copyOf(messages);
        for (int i = 1; i < messages.size(); i++) {
            if (messages.get(i).seq() <= messages.get(i - 1).seq()) {
                throw new IllegalArgumentException("a history page is ascending by seq");
            }
        }
    }
}
