package dev.promotiond.api;

import dev.promotiond.config.ServerKeyPair;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The listener's TLS: one {@link SSLContext} for the server's lifetime whose key manager reads the
 * current pair at each handshake, so {@link #use} changes the certificate for every new connection
 * without rebinding the port. Connections already open keep the certificate they started with.
 */
public final class ServerTls {
    private static final String ALIAS = "promotiond";
    private final AtomicReference<Generation> current;
    private final SSLContext context;

    public ServerTls(ServerKeyPair first) {
        current = new AtomicReference<>(new Generation(0, keyManager(first), first.chain().get(0), null));
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new Swappable()}, null, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a TLS server context", e);
        }
    }

    /** New connections present this pair from now on. */
    public void use(ServerKeyPair pair) {
        X509ExtendedKeyManager keys = keyManager(pair);
        current.updateAndGet(g -> new Generation(g.number() + 1, keys, pair.chain().get(0),
                new Generation(g.number(), g.keys(), g.certificate(), null)));
    }

    /** The certificate new connections are given. */
    public X509Certificate certificate() {
        return current.get().certificate();
    }

    SSLContext context() {
        return context;
    }

    private static X509ExtendedKeyManager keyManager(ServerKeyPair pair) {
        Objects.requireNonNull(pair, "pair");
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, pair.key(), password, pair.chain().toArray(new X509Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            for (KeyManager m : factory.getKeyManagers()) {
                if (m instanceof X509ExtendedKeyManager x) {
                    return x;
                }
            }
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("cannot use the certificate and key: " + e.getMessage(), e);
        }
        throw new IllegalStateException("the JDK offers no X509ExtendedKeyManager");
    }

    /** One pair's key manager; its number prefixes the aliases it hands out. */
    private record Generation(long number, X509ExtendedKeyManager keys, X509Certificate certificate, Generation previous) {
        /** The generation that chose {@code alias}: the current one or the one before (a handshake racing a swap). */
        X509ExtendedKeyManager owner(String alias) {
            int dot = alias == null ? -1 : alias.indexOf(':');
            if (dot < 0) {
                return null;
            }
            String n = alias.substring(0, dot);
            if (n.equals(Long.toString(number))) {
                return keys;
            }
            return previous != null && n.equals(Long.toString(previous.number)) ? previous.keys : null;
        }

        String tag(String alias) {
            return alias == null ? null : number + ":" + alias;
        }
    }

    /**
     * Chooses from the current generation and tags the alias with it, so the chain and key of one
     * handshake come from one pair even when a swap lands between the calls.
     */
    private final class Swappable extends X509ExtendedKeyManager {
        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            Generation g = current.get();
            return g.tag(g.keys().chooseEngineServerAlias(keyType, issuers, engine));
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            Generation g = current.get();
            return g.tag(g.keys().chooseServerAlias(keyType, issuers, socket));
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            Generation g = current.get();
            String[] aliases = g.keys().getServerAliases(keyType, issuers);
            return aliases == null ? null : java.util.Arrays.stream(aliases).map(g::tag).toArray(String[]::new);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            X509ExtendedKeyManager owner = current.get().owner(alias);
            return owner == null ? null : owner.getCertificateChain(alias.substring(alias.indexOf(':') + 1));
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            X509ExtendedKeyManager owner = current.get().owner(alias);
            return owner == null ? null : owner.getPrivateKey(alias.substring(alias.indexOf(':') + 1));
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
