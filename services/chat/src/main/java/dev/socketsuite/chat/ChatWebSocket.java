package dev.socketsuite.chat;

import java.io.IOException;
import java.lang.System.Logger.Level;

import dev.socketsuite.protocol.ChatEvent;
import dev.socketsuite.protocol.ChatFormats;
import dev.socketsuite.runtime.web.WebPeer;
import dev.socketsuite.runtime.web.WebSocketProtocol;
import dev.socketsuite.runtime.web.WebSocketSession;

/**
 * Chat over WebSocket ({@code GET /ws}): each text message is one line as a TCP member types
 * it, and each line to the member is one JSON object ({@link ChatEvent}), always with its
 * room offset, so a page that reconnects with {@code ?since=N} misses nothing.
 */
final class ChatWebSocket implements WebSocketProtocol {

    private static final System.Logger LOG = System.getLogger(ChatWebSocket.class.getName());

    private final ChatCommands commands;

    ChatWebSocket(ChatCommands commands) {
        this.commands = commands;
    }

    @Override
    public WebSocketSession open(WebPeer peer) {
        var sinceText = peer.parameter("since");
        long since = sinceText == null ? -1 : ChatCommands.offset(sinceText);
        if (sinceText != null && since < 0) {
            tell(peer, ChatFormats.error("since must be the offset of the last line you saw (0 or more)"));
            return null;
        }
        var outlet = new WebSocketOutlet(peer);
        // Offsets on from the start, so the history and the replay carry them too.
        var member = commands.room().join(outlet, true, since >= 0 ? since : Room.NEWCOMER);
        if (member == null) {
            return null;
        }
        var flood = commands.newGuard();
        return new WebSocketSession() {
            @Override
            public void received(String message) {
                // One message is one line; the runtime closed any peer that sent more than chat.max-line bytes.
                commands.onLine(member, flood, message);
            }

            @Override
            public void ended() {
                commands.room().leave(member, null);
            }
        };
    }

    @Override
    public void rejectBusy(WebPeer peer, String why) {
        tell(peer, ChatFormats.error(why));
    }

    private static void tell(WebPeer peer, String line) {
        try {
            peer.send(ChatEvent.of(line).json());
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "{0} left before it could be told: {1}", peer.peer(), e.getMessage());
        }
    }
}
