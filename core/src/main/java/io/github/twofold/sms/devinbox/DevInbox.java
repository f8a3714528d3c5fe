package io.github.twofold.sms.devinbox;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last messages "sent" by the dev-inbox gateway, in this node's memory (demo only). */
public final class DevInbox {

    public static final int CAPACITY = 50;
    private static final Deque<Message> MESSAGES = new ArrayDeque<>();

    private DevInbox() {
    }

    public record Message(String realm, String maskedNumber, String text, Instant at) {
    }

    static synchronized void add(Message message) {
        MESSAGES.addFirst(message);
        while (MESSAGES.size() > CAPACITY) {
            MESSAGES.removeLast();
        }
    }

    /** Newest first. */
    public static synchronized List<Message> of(String realm) {
        List<Message> list = new ArrayList<>();
        for (Message m : MESSAGES) {
            if (m.realm().equals(realm)) {
                list.add(m);
            }
        }
        return list;
    }
}
