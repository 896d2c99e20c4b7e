package dev.socketsuite.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.socketsuite.runtime.state.SharedNames;
import dev.socketsuite.runtime.state.SharedState;
import dev.socketsuite.runtime.state.StateUnavailableException;

/**
 * The room's nicks across replicas: leased names, unique everywhere, renewed while their
 * member is here and free again soon after a replica dies without a word. A lease is held
 * in its member's name on this replica ({@link #holder}), which is also the origin of what
 * the member writes to the room's log. Claims, releases and renewals of one member happen
 * under that member's lock, so a nick just released by {@code /nick} or by leaving is never
 * taken back by a renewal.
 */
final class NickLeases {

    private static final System.Logger LOG = System.getLogger(NickLeases.class.getName());

    private final SharedState state;
    private final SharedNames names;
    private final Duration lease;
    /** This replica's name in the holders of nicks. */
    private final String replica = UUID.randomUUID().toString().substring(0, 8);

    NickLeases(SharedState state, Duration lease) {
        this.state = state;
        this.names = state.names("chat:nicks", lease);
        this.lease = lease;
    }

    Duration lease() {
        return lease;
    }

    /** The member's name as a holder of nicks and as the origin of log entries. */
    String holder(ChatMember member) {
        return replica + "/" + member.outlet().id();
    }

    /** {@code guest-N} with N from the shared counter, skipping any a member took by /nick. */
    String claimGuest(ChatMember member) {
        while (true) {
            var nick = "guest-" + state.next("chat:guests");
            if (names.claim(nick, holder(member))) {
                return nick;
            }
        }
    }

    /** Gives the member {@code nick} unless another holds it; frees its old one. */
    boolean rename(ChatMember member, String nick) {
        synchronized (member) {
            if (!names.claim(nick, holder(member))) {
                return false;
            }
            var old = member.nick();
            member.rename(nick);
            if (!old.equalsIgnoreCase(nick)) {
                names.release(old, holder(member));
            }
            return true;
        }
    }

    void release(ChatMember member) {
        synchronized (member) {
            names.release(member.nick(), holder(member));
        }
    }

    /** Every nick in the room, on every replica, in alphabetical order. */
    List<String> everyone() {
        var everyone = new ArrayList<>(names.list());
        everyone.sort(String.CASE_INSENSITIVE_ORDER);
        return everyone;
    }

    /**
     * Renews the nicks of the members {@code here} gives, well before their leases run out,
     * while {@code open} holds. A renewal re-takes a nick that is gone, as one lost with Redis
     * is; one another member took meanwhile goes: its member gets a guest nick and
     * {@code lost} hears of the nick it had.
     */
    void renewWhile(BooleanSupplier open, Supplier<List<ChatMember>> here, Predicate<ChatMember> present,
                    BiConsumer<ChatMember, String> lost) {
        while (open.getAsBoolean() && pause(lease.dividedBy(3))) {
            try {
                for (var member : here.get()) {
                    synchronized (member) {
                        if (present.test(member) && !names.renew(List.of(member.nick()), holder(member)).isEmpty()) {
                            var taken = member.nick();
                            member.rename(claimGuest(member));
                            lost.accept(member, taken);
                        }
                    }
                }
            } catch (StateUnavailableException e) {
                LOG.log(System.Logger.Level.DEBUG, "nick leases not renewed: {0}", e.getMessage());
            }
        }
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
